"""COCO run-length encoding (RLE) in pure numpy.

synthkit stores each object's visible mask as COCO *compressed* RLE: the
string form of pycocotools (``rleToString``), runs over the image in
column-major order starting with a run of zeros, size ``[height, width]``.
These functions read and write exactly that form; they agree with
pycocotools (checked against its vectors and, in CI, against pycocotools
itself) and need no compiled extension.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Sequence, Union

import numpy as np

__all__ = ["RLEError", "rle_string_to_counts", "counts_to_rle_string", "decode_rle", "encode_rle", "rle_area"]


class RLEError(ValueError):
    """Raised for an RLE that is malformed or does not fit its size."""


def rle_string_to_counts(s: Union[str, bytes]) -> List[int]:
    """Decode a COCO compressed RLE string into its run lengths.

    This is pycocotools' ``rleFrString``: each count is a little-endian
    sequence of 5-bit groups offset by 48 (``'0'``), bit 0x20 meaning "more",
    the last group's bit 0x10 the sign; from the third count on the value is
    a delta to the count two places back.

    Raises:
        RLEError: for a character outside the alphabet, a count cut short,
            or a negative run.
    """
    b = s.encode("ascii") if isinstance(s, str) else bytes(s)
    counts: List[int] = []
    p, n = 0, len(b)
    while p < n:
        x = 0
        k = 0
        more = True
        while more:
            if p >= n:
                raise RLEError(f"RLE string {s!r}: count {len(counts)} is cut short")
            c = b[p] - 48
            if not 0 <= c < 64:
                raise RLEError(f"RLE string: character {chr(b[p])!r} at {p} is outside the alphabet")
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(counts) > 2:
            x += counts[-2]
        if x < 0:
            raise RLEError(f"RLE string: run {len(counts)} is negative ({x})")
        counts.append(x)
    return counts


def counts_to_rle_string(counts: Sequence[int]) -> str:
    """Encode run lengths as a COCO compressed RLE string (``rleToString``)."""
    out = bytearray()
    for i, c in enumerate(counts):
        x = int(c)
        if i > 2:
            x -= int(counts[i - 2])
        more = True
        while more:
            ch = x & 0x1F
            x >>= 5
            more = x != -1 if ch & 0x10 else x != 0
            if more:
                ch |= 0x20
            out.append(ch + 48)
    return out.decode("ascii")


def _counts_of(rle: Union[str, bytes, Sequence[int], Mapping[str, Any]]) -> List[int]:
    if isinstance(rle, Mapping):
        rle = rle["counts"]
    if isinstance(rle, (str, bytes)):
        return rle_string_to_counts(rle)
    return [int(c) for c in rle]


def decode_rle(rle: Union[str, bytes, Sequence[int], Mapping[str, Any]], height: int, width: int) -> np.ndarray:
    """Decode an RLE into a ``height × width`` uint8 mask (1 inside).

    ``rle`` is a compressed RLE string, a list of run lengths, or a COCO dict
    ``{"size": [h, w], "counts": ...}`` (whose size must match).

    Raises:
        RLEError: when the runs do not add up to ``height * width`` or the
            string is malformed.
    """
    if isinstance(rle, Mapping) and "size" in rle and list(rle["size"]) != [height, width]:
        raise RLEError(f"RLE of size {list(rle['size'])} for a {height}×{width} mask")
    counts = _counts_of(rle)
    total = sum(counts)
    if total != height * width:
        raise RLEError(f"RLE runs add up to {total} pixels, want {height}×{width} = {height * width}")
    if any(c < 0 for c in counts):
        raise RLEError("RLE has a negative run")
    values = np.arange(len(counts), dtype=np.int64) % 2
    flat = np.repeat(values.astype(np.uint8), np.asarray(counts, dtype=np.int64))
    return np.ascontiguousarray(flat.reshape(width, height).T)


def encode_rle(mask: np.ndarray) -> str:
    """Encode a 2-D mask (non-zero = inside) as a COCO compressed RLE string."""
    m = np.asarray(mask)
    if m.ndim != 2:
        raise RLEError(f"mask has {m.ndim} dimensions, want 2")
    flat = (m.T.reshape(-1) != 0).astype(np.int8)
    if flat.size == 0:
        return counts_to_rle_string([0])
    change = np.flatnonzero(np.diff(flat)) + 1
    edges = np.concatenate(([0], change, [flat.size]))
    runs = np.diff(edges).tolist()
    if flat[0] == 1:
        runs = [0] + runs
    return counts_to_rle_string(runs)


def rle_area(rle: Union[str, bytes, Sequence[int], Mapping[str, Any]]) -> int:
    """The number of pixels inside an RLE (the sum of its odd runs)."""
    counts = _counts_of(rle)
    return int(sum(counts[1::2]))
