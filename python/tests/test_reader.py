"""The reader on datasets made by the Go CLI: random access, decoded pixels
equal to the Go reader's, seeds, optional and unknown columns, zero-object
rows, and corrupt or inconsistent shards."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest
from conftest import go_run
from pngenc import encode_png

import synthkit
from synthkit import FormatError, decode_rle, open_dataset


def test_open_forms(basic_dir):
    ds = open_dataset(basic_dir)
    assert len(ds) == 6 and len(ds.shards) == 2
    assert ds.columns == ["index", "seed", "image", "depth", "instances", "objects", "camera"]
    assert ds.categories == ["box", "cylinder", "sphere", "cone"]
    assert ds.info.image_columns == ["image", "depth", "instances"]
    assert ds.info.generator == "basic" and ds.info.width == 160 and ds.info.height == 120
    assert len(open_dataset(basic_dir / "manifest.json")) == 6
    one = open_dataset(basic_dir / "data-00001-of-00002.arrow")
    assert len(one) == 3 and one.row(0)["index"] == 3
    assert open_dataset(basic_dir, verify=True).indices().tolist() == list(range(6))
    assert ds[-1]["index"] == 5
    with pytest.raises(IndexError):
        ds.row(6)


def test_seeds_are_uint64(basic_dir):
    ds = open_dataset(basic_dir)
    seeds = ds.seeds()
    assert seeds.dtype == np.uint64
    for i in range(len(ds)):
        s = ds[i]["seed"]
        assert isinstance(s, int) and 0 <= s < 2**64 and s == int(seeds[i])
    # The fixed job seed 0 gives this first sample seed (Go's SampleSeed(0, 0)),
    # which is >= 2**63 and overflows int64.
    assert int(seeds[0]) >= 2**63


def test_pixels_equal_go_reader(basic_dir):
    """sha256 of each decoded column equals what Go's reader decodes (tools/pixhash)."""
    ds = open_dataset(basic_dir)
    lines = go_run("./tools/pixhash", str(basic_dir)).strip().splitlines()
    assert len(lines) == len(ds)
    for line in lines:
        idx, *kv = line.split()
        want = dict(x.split("=") for x in kv)
        s = ds[int(idx)]
        got = {
            "image": hashlib.sha256(s["image"].tobytes()).hexdigest(),
            "depth": hashlib.sha256(s["depth"].astype("<f4").tobytes()).hexdigest(),
            "instances": hashlib.sha256(s["instances"].astype("<u4").tobytes()).hexdigest(),
        }
        assert got == want, f"row {idx}"


def test_objects_and_masks(basic_dir):
    ds = open_dataset(basic_dir)
    for i in range(len(ds)):
        s = ds.sample(i, masks=True)
        h, w = s["instances"].shape
        assert s["image"].shape == (h, w, 3) and s["depth"].shape == (h, w)
        assert s["masks"].shape == (len(s["objects"]), h, w) and s["masks"].dtype == np.uint8
        for k, o in enumerate(s["objects"]):
            m = s["instances"] == o["id"]
            assert np.array_equal(s["masks"][k], m.astype(np.uint8))
            assert o["area"] == int(m.sum())
            if o["area"]:
                ys, xs = np.nonzero(m)
                assert o["bbox"] == [xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1]
            assert np.array_equal(decode_rle(o["rle"], h, w), s["masks"][k])
        a = ds.objects(i)
        n = len(s["objects"])
        assert a["bbox"].shape == (n, 4) and a["pose"].shape == (n, 4, 4) and a["keypoints"].shape == (n, 9, 3)
        assert a["id"].dtype == np.uint32 and a["category_id"].dtype == np.int32
        assert s["camera"]["width"] == w and len(s["camera"]["pose"]) == 16


def test_zero_object_rows(empty_dir):
    ds = open_dataset(empty_dir)
    counts = [len(ds.row(i)["objects"]) for i in range(len(ds))]
    assert 0 in counts and max(counts) > 0, counts
    for i, n in enumerate(counts):
        s = ds.sample(i, masks=True)
        assert s["masks"].shape == (n, 48, 64)
        a = ds.objects(i)
        assert a["bbox"].shape == (n, 4) and a["keypoints"].shape == (n, 9, 3) and a["category_id"].shape == (n,)


def test_absent_columns_are_none(tmp_path):
    out = tmp_path / "ds"
    go_run("./cmd/synth", "generate", "basic", "-n", "2", "--size", "64x48", "--columns", "image,objects", "-o", str(out))
    ds = open_dataset(out)
    assert ds.columns == ["index", "seed", "image", "objects"]
    s = ds.sample(0, masks=True)  # size from the spec: no camera column
    assert s["depth"] is None and s["instances"] is None and s["camera"] is None
    assert s["image"].shape == (48, 64, 3) and s["masks"].shape[1:] == (48, 64)


def test_opt_in_columns_are_none(basic_dir):
    # A default job writes none of the opt-in columns: each is still a key.
    s = open_dataset(basic_dir).sample(0)
    for name in ("annotations", "normals", "semantic", "planogram", "kpis"):
        assert name in s and s[name] is None, name


def test_objects_as_arrays_without_pandas(basic_dir, monkeypatch):
    # pandas is not a dependency: block its import, as on a machine
    # without it (some pyarrow versions need it for to_pandas_dtype).
    monkeypatch.setitem(sys.modules, "pandas", None)
    a = open_dataset(basic_dir).objects(0)
    assert a["id"].dtype == np.uint32 and a["category_id"].dtype == np.int32 and a["area"].dtype == np.int64


def test_unknown_columns_follow_the_schema(basic_dir, tmp_path):
    """A column added by a newer writer (here a 16-bit RGB 'normals' image and
    a per-object 'attributes' map) is read by the schema, not by name."""
    src = open_dataset(basic_dir).shards[0]
    t = src.table()
    h, w = 120, 160
    normals = encode_png(np.full((h, w, 3), 32768, dtype=np.uint16), (2,))
    img_type = pa.struct([("bytes", pa.binary()), ("path", pa.string())])
    t = t.append_column(pa.field("normals", img_type), pa.array([{"bytes": normals, "path": None}] * t.num_rows, img_type))
    md = dict(t.schema.metadata)
    hf = json.loads(md[b"huggingface"])
    hf["info"]["features"]["normals"] = {"_type": "Image"}
    md[b"huggingface"] = json.dumps(hf).encode()
    t = t.replace_schema_metadata(md)
    path = tmp_path / "data-00000-of-00001.arrow"
    with pa.OSFile(str(path), "wb") as f, pa.ipc.new_file(f, t.schema) as wr:
        wr.write_table(t)
    ds = open_dataset(path)
    assert "normals" in ds.info.image_columns
    s = ds[0]
    assert s["normals"].dtype == np.uint16 and s["normals"].shape == (h, w, 3) and int(s["normals"][0, 0, 0]) == 32768


def test_corrupt_shard(basic_dir, copy_of):
    d = copy_of(basic_dir)
    p = d / "data-00001-of-00002.arrow"
    b = p.read_bytes()
    p.write_bytes(b[: len(b) // 2])
    with pytest.raises(FormatError, match=r"data-00001-of-00002\.arrow: not a readable Arrow IPC file"):
        open_dataset(d)
    p.write_bytes(b"ARROW1" + b"\0" * 100)
    with pytest.raises(FormatError, match="data-00001-of-00002.arrow"):
        open_dataset(d)


def test_bad_sha_and_rows(basic_dir, copy_of):
    d = copy_of(basic_dir)
    m = json.loads((d / "manifest.json").read_text())
    m["shards"][0]["sha256"] = "0" * 64
    (d / "manifest.json").write_text(json.dumps(m))
    open_dataset(d)  # sha256 only checked on request
    with pytest.raises(FormatError, match="sha256"):
        open_dataset(d, verify=True)
    m["shards"][0]["rows"] = 4
    (d / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(FormatError, match="3 rows, its sidecar/manifest says 4"):
        open_dataset(d)
    (d / "manifest.json").unlink()
    side = json.loads((d / "data-00000-of-00002.json").read_text())
    side["rows"] = 2
    (d / "data-00000-of-00002.json").write_text(json.dumps(side))
    with pytest.raises(FormatError, match="says 2"):
        open_dataset(d)


def test_not_a_dataset(tmp_path):
    with pytest.raises(FormatError, match="no data"):
        open_dataset(tmp_path)
    t = pa.table({"index": pa.array([0], pa.int64())})
    with pa.OSFile(str(tmp_path / "data-00000-of-00001.arrow"), "wb") as f, pa.ipc.new_file(f, t.schema) as wr:
        wr.write_table(t)
    with pytest.raises(FormatError, match="no 'synthkit' metadata"):
        open_dataset(tmp_path)


def test_inspect_cli(basic_dir, tmp_path):
    r = subprocess.run([sys.executable, "-m", "synthkit", "inspect", str(basic_dir)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "6 rows in 2 shards" in r.stdout and "categories (4): box, cylinder, sphere, cone" in r.stdout
    r = subprocess.run([sys.executable, "-m", "synthkit", "inspect", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 1 and "no data-*-of-*.arrow shards" in r.stderr


def test_version():
    assert synthkit.__version__
