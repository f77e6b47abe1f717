"""COCO RLE: the pycocotools vectors of ../shared/coco-rle-vectors.md,
round trips, and malformed input."""

from __future__ import annotations

import numpy as np
import pytest

from synthkit import RLEError, counts_to_rle_string, decode_rle, encode_rle, rle_area, rle_string_to_counts

# (string, counts, mask rows or None) from pycocotools.
VECTORS = [
    ("52203", [5, 2, 2, 2, 5], ["0000", "0110", "0110", "0000"]),
    ("1130000000O", [1, 1, 3, 1, 3, 1, 3, 1, 3, 1, 2], ["00000", "11111", "00000", "00000"]),
    ("848", [8, 4, 8], ["00100", "00100", "00100", "00100"]),
    ("2111", [2, 1, 1, 2], ["011", "001"]),
    ("032N001", [0, 3, 2, 1, 2, 1, 3], ["1000", "1000", "1110"]),
    ("04", [0, 4], ["11", "11"]),
    ("6", [6], ["000", "000"]),
    ("61X13mN000`0", [6, 1, 40, 4, 5, 4, 5, 4, 21], None),
    ("e75S10000000ST1", [245, 5, 35, 5, 35, 5, 35, 5, 35, 5, 1190], None),
    ("0PP1", [0, 1024], None),
    ("061M", [0, 6, 1, 3], None),
    ("PeQ353kYS6", [100000, 5, 3, 200000], None),
]


@pytest.mark.parametrize("s,counts,rows", VECTORS)
def test_vectors(s, counts, rows):
    assert rle_string_to_counts(s) == counts
    assert counts_to_rle_string(counts) == s
    if rows is not None:
        want = np.array([[int(c) for c in r] for r in rows], dtype=np.uint8)
        got = decode_rle(s, *want.shape)
        assert got.dtype == np.uint8 and np.array_equal(got, want)
        assert encode_rle(want) == s
        assert rle_area(s) == int(want.sum())


@pytest.mark.parametrize("h,w,p", [(1, 1, 0.5), (7, 5, 0.3), (48, 64, 0.5), (3, 200, 0.9), (33, 17, 0.0), (10, 10, 1.0)])
def test_round_trip(h, w, p):
    rng = np.random.default_rng(h * 1000 + w)
    m = (rng.random((h, w)) < p).astype(np.uint8)
    s = encode_rle(m)
    assert np.array_equal(decode_rle(s, h, w), m)
    assert np.array_equal(decode_rle({"size": [h, w], "counts": s}, h, w), m)
    assert np.array_equal(decode_rle(rle_string_to_counts(s), h, w), m)


@pytest.mark.parametrize(
    "rle,h,w,msg",
    [
        ("52203", 4, 5, "add up to 16"),
        ("52203", 3, 4, "add up to 16"),
        ("5 2", 2, 4, "outside the alphabet"),
        ("5\x7f", 2, 4, "outside the alphabet"),
        ("g", 2, 4, "cut short"),
        ({"size": [2, 2], "counts": "04"}, 4, 1, "size"),
        ([3, -1, 2], 2, 2, "negative"),
    ],
)
def test_errors(rle, h, w, msg):
    with pytest.raises(RLEError, match=msg):
        decode_rle(rle, h, w)


def _shared_vectors(path):
    """(counts, string) pairs of the tables in ../shared/coco-rle-vectors.md."""
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        counts_cell = cells[1] if len(cells) == 5 else cells[0]
        string_cell = cells[2] if len(cells) == 5 else cells[-1]
        if not string_cell.startswith("`"):
            continue
        counts = counts_cell.split(" ")[0]
        try:
            out.append(([int(c) for c in counts.split(",")], string_cell.strip("`").strip()))
        except ValueError:
            continue
    return out


def test_shared_vectors():
    """The vectors file itself, when SYNTHKIT_RLE_VECTORS names it (.ci/run sets it)."""
    import os

    path = os.environ.get("SYNTHKIT_RLE_VECTORS")
    if not path:
        pytest.skip("SYNTHKIT_RLE_VECTORS not set")
    vecs = _shared_vectors(path)  # a missing file fails
    assert len(vecs) >= 10
    for counts, s in vecs:
        assert rle_string_to_counts(s) == counts, s
        assert counts_to_rle_string(counts) == s
