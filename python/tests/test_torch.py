"""The PyTorch Dataset and collate_fn: torchvision detection targets,
variable object counts, 64-bit seeds, zero-object rows, DataLoader workers."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.utils.data import DataLoader  # noqa: E402

from synthkit import open_dataset  # noqa: E402
from synthkit.torch import SynthkitDetection, collate_fn, seeds_of  # noqa: E402


def test_batches(basic_dir):
    ds = SynthkitDetection(basic_dir)
    assert len(ds) == 6 and ds.num_classes == 5
    loader = DataLoader(ds, batch_size=4, shuffle=False, collate_fn=collate_fn)
    seen = 0
    raw = open_dataset(basic_dir)
    for images, targets in loader:
        assert len(images) == len(targets)
        counts = set()
        for img, t in zip(images, targets):
            assert img.dtype == torch.float32 and img.shape == (3, 120, 160) and 0 <= img.min() and img.max() <= 1
            n = t["boxes"].shape[0]
            counts.add(n)
            assert t["boxes"].dtype == torch.float32 and t["boxes"].shape == (n, 4)
            assert t["labels"].dtype == torch.int64 and t["labels"].shape == (n,)
            assert t["masks"].dtype == torch.uint8 and t["masks"].shape == (n, 120, 160)
            assert t["depth"].dtype == torch.float32 and t["depth"].shape == (120, 160)
            assert (t["boxes"][:, 2:] > t["boxes"][:, :2]).all()
            row = raw.row(t["index"])
            vis = [o for o in row["objects"] if o["area"] > 0]
            assert t["labels"].tolist() == [o["category_id"] + 1 for o in vis]
            b = np.array([o["bbox"] for o in vis], dtype=np.float32).reshape(-1, 4)
            assert np.array_equal(t["boxes"].numpy(), np.concatenate([b[:, :2], b[:, :2] + b[:, 2:]], axis=1))
            # masks: the visible pixels, tight in the boxes
            for k in range(n):
                ys, xs = torch.nonzero(t["masks"][k], as_tuple=True)
                assert [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1] == t["boxes"][k].tolist()
            assert isinstance(t["seed"], int) and t["seed"] == row["seed"]
        seen += len(images)
        s = seeds_of(targets)
        assert s.dtype == np.uint64
    assert seen == 6
    assert len(counts) >= 1


def test_seeds_over_int63(basic_dir):
    ds = SynthkitDetection(basic_dir, masks=False)
    seeds = [ds[i][1]["seed"] for i in range(len(ds))]
    assert any(s >= 2**63 for s in seeds)  # would overflow an int64 tensor


def test_zero_objects(empty_dir):
    ds = SynthkitDetection(empty_dir)
    loader = DataLoader(ds, batch_size=8, collate_fn=collate_fn)
    images, targets = next(iter(loader))
    ns = [t["boxes"].shape[0] for t in targets]
    assert 0 in ns and max(ns) >= 1
    for t in targets:
        if t["boxes"].shape[0] == 0:
            assert t["boxes"].shape == (0, 4) and t["labels"].shape == (0,) and t["masks"].shape == (0, 48, 64)


def test_workers(basic_dir):
    """The dataset pickles without its memory maps and reopens them in workers."""
    ds = SynthkitDetection(basic_dir, masks=False, depth=False)
    loader = DataLoader(ds, batch_size=3, num_workers=2, collate_fn=collate_fn)
    got = sorted(t["index"] for _, ts in loader for t in ts)
    assert got == list(range(6))
