"""Checks the pure-numpy COCO RLE decoder in synthkit_dataset.py against the
pycocotools vectors in ../shared/coco-rle-vectors.md (run by .ci/run)."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from synthkit_dataset import rle_decode, rle_string_to_counts  # noqa: E402

import numpy as np  # noqa: E402

CASES = [
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


def main():
    failed = 0
    for s, counts, rows in CASES:
        got = rle_string_to_counts(s)
        if got != counts:
            print(f"FAIL {s!r}: counts {got} != {counts}")
            failed += 1
            continue
        if rows is not None:
            want = np.array([[int(c) for c in r] for r in rows], dtype=np.uint8)
            mask = rle_decode(got, *want.shape)
            if not np.array_equal(mask, want):
                print(f"FAIL {s!r}: mask\n{mask}\n!=\n{want}")
                failed += 1
    print(f"python rle: {len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
