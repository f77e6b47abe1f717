"""Hugging Face datasets: to_hf and load_dataset("arrow") give the declared
features, and Image features decode to the reader's pixels."""

from __future__ import annotations

import glob
import io

import numpy as np
import pytest

datasets = pytest.importorskip("datasets")

from synthkit import decode_depth_mm, decode_instances, open_dataset  # noqa: E402
from synthkit.hf import features, to_hf  # noqa: E402


def test_to_hf(basic_dir):
    ds = open_dataset(basic_dir)
    hf = to_hf(ds)
    assert len(hf) == 6
    assert hf.features == features(ds) == datasets.Features.from_dict(ds.info.features)
    assert isinstance(hf.features["image"], datasets.Image)
    r = hf[2]
    assert np.array_equal(np.asarray(r["image"].convert("RGB")), ds[2]["image"])
    assert r["seed"] == ds[2]["seed"] and r["objects"][0]["bbox"] == ds.row(2)["objects"][0]["bbox"]
    raw = hf.cast_column("instances", datasets.Image(decode=False)).cast_column("depth", datasets.Image(decode=False))[2]
    assert np.array_equal(decode_instances(raw["instances"]["bytes"]), ds[2]["instances"])
    assert np.array_equal(decode_depth_mm(raw["depth"]["bytes"]), (ds[2]["depth"] * 1000).round().astype(np.uint16))


def test_load_dataset_arrow_on_shards(basic_dir, tmp_path):
    files = sorted(glob.glob(str(basic_dir / "data-*-of-*.arrow")))
    hf = datasets.load_dataset("arrow", data_files=files, split="train", cache_dir=str(tmp_path))
    ds = open_dataset(basic_dir)
    assert len(hf) == 6 and hf.features == features(ds)
    assert np.array_equal(np.asarray(hf[5]["image"].convert("RGB")), ds[5]["image"])
