"""Decoders for synthkit's image columns.

The encodings (README "The output", Go packages ``labels`` and ``shard``):

* ``image``: sRGB PNG (8-bit RGB) or JPEG → ``uint8`` array ``H×W×3``.
* ``depth``: 16-bit grey PNG of camera-frame z in millimetres, 0 =
  background → ``float32`` metres (``mm / 1000``, as Go's
  ``labels.DecodeDepthPNG``), or the raw ``uint16`` millimetres.
* ``instances``: 16-bit grey PNG of instance ids (0 = background, id =
  scene object index + 1: the objects' ``id`` and, under ids no object
  carries, the unlabelled context such as shelving), or, when some id exceeds 65535, 16-bit RGB with
  ``id = R << 16 | G`` (B = 0) → ``uint32`` ids ``H×W``.
* ``normals`` (opt-in): 16-bit RGB PNG of the camera-frame unit normal,
  channel = round((n·0.5 + 0.5)·65535), (0, 0, 0) = background:
  ``v = decode_png(b).astype(np.float32); n = v / 65535 * 2 - 1`` (and
  ``n[(v == 0).all(-1)] = 0`` for the background).
* ``semantic`` (opt-in): 16-bit grey PNG of ``category_id + 1``, 0 =
  background: :func:`decode_png` gives it as ``uint16``.
* any other image column added by a newer synthkit: :func:`decode_png`
  gives its samples at full bit depth; the column's encoding is described
  in the schema metadata (``Dataset.info.encodings``).

16-bit PNGs are decoded here with zlib and numpy (Pillow cannot keep 16-bit
RGB); 8-bit PNGs too, and Pillow is used only for JPEG and for PNG forms
synthkit never writes (palette, interlaced, < 8 bits).
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Optional, Tuple, Union

import numpy as np

__all__ = [
    "DecodeError",
    "decode_png",
    "decode_image",
    "decode_depth",
    "decode_depth_mm",
    "decode_instances",
    "png_size",
]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}

#: Largest image side and pixel count accepted, as Go's scene.DefaultLimits.
MAX_SIDE = 1 << 15
MAX_PIXELS = 1 << 28

Bytes = Union[bytes, bytearray, memoryview]


class DecodeError(ValueError):
    """Raised for bytes that are not a valid image of the expected form."""


def png_size(data: Bytes) -> Tuple[int, int]:
    """Return ``(width, height)`` from a PNG's header without decoding it."""
    b = bytes(data[:33])
    if len(b) < 33 or b[:8] != _PNG_SIGNATURE or b[12:16] != b"IHDR":
        raise DecodeError("not a PNG")
    w, h = struct.unpack(">II", b[16:24])
    return w, h


def _chunks(b: bytes):
    p = 8
    n = len(b)
    while p < n:
        if p + 8 > n:
            raise DecodeError(f"PNG truncated in a chunk header at byte {p}")
        length, ctype = struct.unpack(">I4s", b[p : p + 8])
        end = p + 8 + length + 4
        if end > n:
            raise DecodeError(f"PNG truncated: chunk {ctype!r} at byte {p} needs {length} bytes")
        data = b[p + 8 : p + 8 + length]
        (crc,) = struct.unpack(">I", b[end - 4 : end])
        if zlib.crc32(ctype + data) & 0xFFFFFFFF != crc:
            raise DecodeError(f"PNG chunk {ctype!r} at byte {p}: CRC mismatch")
        yield ctype, data
        p = end
        if ctype == b"IEND":
            return
    raise DecodeError("PNG has no IEND chunk")


def _paeth_row(cur: np.ndarray, prev: np.ndarray, bpp: int) -> None:
    a = np.zeros(bpp, dtype=np.int16)
    for x in range(0, cur.size, bpp):
        b = prev[x : x + bpp].astype(np.int16)
        c = prev[x - bpp : x].astype(np.int16) if x >= bpp else np.zeros(bpp, dtype=np.int16)
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        v = (cur[x : x + bpp].astype(np.int16) + pred) & 0xFF
        cur[x : x + bpp] = v
        a = v


def _avg_row(cur: np.ndarray, prev: np.ndarray, bpp: int) -> None:
    a = np.zeros(bpp, dtype=np.int16)
    for x in range(0, cur.size, bpp):
        v = (cur[x : x + bpp].astype(np.int16) + ((a + prev[x : x + bpp].astype(np.int16)) >> 1)) & 0xFF
        cur[x : x + bpp] = v
        a = v


def _unfilter(raw: np.ndarray, h: int, stride: int, bpp: int) -> np.ndarray:
    rows = raw.reshape(h, stride + 1)
    kinds = rows[:, 0]
    data = np.ascontiguousarray(rows[:, 1:])
    if kinds.max(initial=0) > 4:
        raise DecodeError(f"PNG row filter {int(kinds.max())} is not 0-4")
    if np.all(kinds == 0):
        return data
    if np.all(kinds[1:] == 2) and kinds[0] in (0, 2):
        # Up everywhere (how synthkit writes): a running sum down the columns.
        return np.cumsum(data, axis=0, dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.uint8)
    for y in range(h):
        cur = data[y]
        k = kinds[y]
        if k == 1:
            cur[:] = np.cumsum(cur.reshape(-1, bpp), axis=0, dtype=np.uint8).reshape(-1)
        elif k == 2:
            cur += prev
        elif k == 3:
            _avg_row(cur, prev, bpp)
        elif k == 4:
            _paeth_row(cur, prev, bpp)
        prev = cur
    return data


def _decode_pil(data: Bytes) -> np.ndarray:
    try:
        from PIL import Image
    except ImportError as e:  # pragma: no cover - depends on the install
        raise DecodeError("decoding this image needs Pillow: pip install 'synthkit[image]'") from e
    try:
        im = Image.open(io.BytesIO(bytes(data)))
        im.load()
    except Exception as e:  # Pillow raises many types for bad input
        raise DecodeError(f"cannot decode image: {e}") from e
    if im.mode in ("I;16", "I;16B", "I;16L"):
        return np.asarray(im, dtype=np.uint16)
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    return np.asarray(im)


def decode_png(data: Bytes) -> np.ndarray:
    """Decode a PNG to an array of its samples at their own bit depth.

    Returns ``uint8`` or ``uint16`` (native byte order), shaped ``H×W`` for
    grey and ``H×W×C`` otherwise (C = 2, 3 or 4). Non-PNG input (JPEG) and
    PNG forms synthkit does not write are handed to Pillow.

    Raises:
        DecodeError: for a corrupt, truncated or oversized PNG.
    """
    b = bytes(data)
    if b[:8] != _PNG_SIGNATURE:
        return _decode_pil(b)
    ihdr: Optional[bytes] = None
    idat = []
    for ctype, chunk in _chunks(b):
        if ctype == b"IHDR":
            ihdr = chunk
        elif ctype == b"IDAT":
            idat.append(chunk)
    if ihdr is None or len(ihdr) != 13:
        raise DecodeError("PNG has no valid IHDR chunk")
    w, h, depth, ctype_, comp, filt, interlace = struct.unpack(">IIBBBBB", ihdr)
    if w == 0 or h == 0 or w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        raise DecodeError(f"PNG size {w}x{h} is empty or beyond the limit ({MAX_SIDE} per side, {MAX_PIXELS} pixels)")
    if ctype_ not in _CHANNELS or depth not in (8, 16) or interlace != 0 or comp != 0 or filt != 0:
        return _decode_pil(b)
    ch = _CHANNELS[ctype_]
    bpp = ch * depth // 8
    stride = w * bpp
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise DecodeError(f"PNG image data: {e}") from e
    if len(raw) != h * (stride + 1):
        raise DecodeError(f"PNG image data has {len(raw)} bytes, want {h * (stride + 1)} for {w}x{h}")
    pix = _unfilter(np.frombuffer(raw, dtype=np.uint8).copy(), h, stride, bpp)
    if depth == 16:
        arr = pix.view(">u2").astype(np.uint16).reshape(h, w, ch)
    else:
        arr = pix.reshape(h, w, ch)
    return arr[:, :, 0] if ch == 1 else arr


def decode_image(data: Bytes) -> np.ndarray:
    """Decode the ``image`` column (PNG or JPEG) to ``uint8`` ``H×W×3`` RGB."""
    a = decode_png(data)
    if a.dtype != np.uint8:
        raise DecodeError(f"colour image has {a.dtype} samples, want 8-bit")
    if a.ndim == 2:
        return np.repeat(a[:, :, None], 3, axis=2)
    if a.shape[2] == 2:
        return np.repeat(a[:, :, :1], 3, axis=2)
    return np.ascontiguousarray(a[:, :, :3])


def _gray16(data: Bytes, what: str) -> np.ndarray:
    a = decode_png(data)
    if a.dtype != np.uint16 or a.ndim != 2:
        raise DecodeError(f"{what}: got a {a.dtype} image of shape {a.shape}, want a 16-bit grey PNG")
    return a


def decode_depth_mm(data: Bytes) -> np.ndarray:
    """Decode the ``depth`` column to ``uint16`` millimetres (0 = background)."""
    return _gray16(data, "depth")


def decode_depth(data: Bytes) -> np.ndarray:
    """Decode the ``depth`` column to ``float32`` metres (0 = background).

    The value is ``float32(mm / 1000)`` computed in double precision, the
    same number Go's ``labels.DecodeDepthPNG`` returns.
    """
    return (decode_depth_mm(data).astype(np.float64) / 1000.0).astype(np.float32)


def decode_instances(data: Bytes) -> np.ndarray:
    """Decode the ``instances`` column to ``uint32`` ids ``H×W``.

    16-bit grey holds the id; 16-bit RGB (used when an id exceeds 65535)
    holds ``id = R << 16 | G`` with B = 0.
    """
    a = decode_png(data)
    if a.dtype != np.uint16:
        raise DecodeError(f"instances: {a.dtype} samples, want a 16-bit PNG")
    if a.ndim == 2:
        return a.astype(np.uint32)
    if a.shape[2] != 3:
        raise DecodeError(f"instances: {a.shape[2]} channels, want grey or RGB")
    if np.any(a[:, :, 2]):
        raise DecodeError("instances: 16-bit RGB with a non-zero blue channel (want id = R<<16 | G, B = 0)")
    return (a[:, :, 0].astype(np.uint32) << 16) | a[:, :, 1].astype(np.uint32)
