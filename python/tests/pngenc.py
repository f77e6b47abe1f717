"""A small PNG encoder for the tests: any of the five row filters, 8 or 16
bits, grey / RGB / RGBA, so the decoder is tested on forms that synthkit's
Go encoder (Up filter only) does not write."""

from __future__ import annotations

import struct
import zlib

import numpy as np


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def encode_png(arr: np.ndarray, filters=(0, 1, 2, 3, 4)) -> bytes:
    """Encode arr (uint8 or uint16, H×W or H×W×C) cycling row filters."""
    a = np.asarray(arr)
    depth = 16 if a.dtype == np.uint16 else 8
    if a.ndim == 2:
        a = a[:, :, None]
    h, w, ch = a.shape
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[ch]
    raw = a.astype(">u2").tobytes() if depth == 16 else a.astype(np.uint8).tobytes()
    stride = w * ch * depth // 8
    bpp = ch * depth // 8
    out = bytearray()
    prev = bytes(stride)
    for y in range(h):
        row = raw[y * stride : (y + 1) * stride]
        f = filters[y % len(filters)]
        out.append(f)
        for x in range(stride):
            left = row[x - bpp] if x >= bpp else 0
            up = prev[x]
            ul = prev[x - bpp] if x >= bpp else 0
            pred = [0, left, up, (left + up) // 2, _paeth(left, up, ul)][f]
            out.append((row[x] - pred) & 0xFF)
        prev = row
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(bytes(out))) + _chunk(b"IEND", b"")
