"""The image, depth and instance decoders against Pillow, every PNG row
filter, the Go encoder's 16-bit RGB instance maps, and corrupt input."""

from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
from conftest import go_run
from pngenc import encode_png

from synthkit import DecodeError, decode_depth, decode_depth_mm, decode_image, decode_instances, decode_png, png_size

PIL = pytest.importorskip("PIL.Image")


@pytest.mark.parametrize("dtype,shape", [(np.uint8, (9, 13)), (np.uint8, (9, 13, 3)), (np.uint8, (5, 4, 4)), (np.uint8, (6, 3, 2)),
                                         (np.uint16, (9, 13)), (np.uint16, (7, 5, 3)), (np.uint16, (4, 6, 4))])
@pytest.mark.parametrize("filters", [(0,), (1,), (2,), (3,), (4,), (0, 1, 2, 3, 4)])
def test_every_filter(dtype, shape, filters):
    rng = np.random.default_rng(len(shape) * 31 + shape[0])
    top = 256 if dtype == np.uint8 else 65536
    a = rng.integers(0, top, size=shape).astype(dtype)
    got = decode_png(encode_png(a, filters))
    assert got.dtype == dtype and np.array_equal(got, a)


def test_against_pillow():
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
    buf = io.BytesIO()
    PIL.fromarray(rgb).save(buf, format="PNG", optimize=True)  # Pillow's own filters
    assert np.array_equal(decode_image(buf.getvalue()), rgb)
    g16 = rng.integers(0, 65536, (21, 17)).astype(np.uint16)
    buf = io.BytesIO()
    PIL.fromarray(g16).save(buf, format="PNG")
    assert np.array_equal(decode_depth_mm(buf.getvalue()), g16)
    assert np.array_equal(decode_instances(buf.getvalue()), g16.astype(np.uint32))
    assert png_size(buf.getvalue()) == (17, 21)
    buf = io.BytesIO()
    PIL.fromarray(rgb).save(buf, format="JPEG", quality=95)
    j = decode_image(buf.getvalue())
    assert j.shape == rgb.shape and j.dtype == np.uint8


def test_depth_metres():
    mm = np.array([[0, 1, 999], [1000, 1234, 65535]], dtype=np.uint16)
    d = decode_depth(encode_png(mm, (2,)))
    assert d.dtype == np.float32
    assert d.tolist() == [[np.float32(v / 1000) for v in r] for r in mm.tolist()]
    assert d[0, 0] == 0.0


def test_instances_rgb16():
    ids = np.array([[0, 1, 65535], [65536, 70000, (1 << 31) + 5]], dtype=np.uint64)
    rgb = np.stack([(ids >> 16) & 0xFFFF, ids & 0xFFFF, np.zeros_like(ids)], axis=2).astype(np.uint16)
    got = decode_instances(encode_png(rgb, (0, 4)))
    assert got.dtype == np.uint32 and np.array_equal(got, ids.astype(np.uint32))
    bad = rgb.copy()
    bad[0, 0, 2] = 1
    with pytest.raises(DecodeError, match="blue"):
        decode_instances(encode_png(bad))


def test_go_encoder_big_ids(tmp_path):
    """A 16-bit RGB instance map written by Go's labels.EncodeInstancePNG."""
    path = tmp_path / "big.png"
    out = go_run("./tools/pixhash", "bigids", str(path))
    want = out.strip().split("=", 1)[1]
    ids = decode_instances(path.read_bytes())
    assert ids.shape == (3, 4) and int(ids.max()) > 65535
    assert hashlib.sha256(ids.astype("<u4").tobytes()).hexdigest() == want


def test_wrong_kind():
    rgb8 = encode_png(np.zeros((4, 4, 3), dtype=np.uint8))
    with pytest.raises(DecodeError, match="16-bit"):
        decode_depth(rgb8)
    with pytest.raises(DecodeError, match="16-bit"):
        decode_instances(rgb8)
    with pytest.raises(DecodeError, match="8-bit"):
        decode_image(encode_png(np.zeros((4, 4, 3), dtype=np.uint16)))


@pytest.mark.parametrize(
    "corrupt,msg",
    [
        (lambda b: b[:40], "truncated"),
        (lambda b: b[:30] + bytes([b[30] ^ 0xFF]) + b[31:], "CRC"),
        (lambda b: b[:-12], "IEND"),
        (lambda b: b"\x89PNG\r\n\x1a\n" + b"garbage!" * 4, "truncated|CRC"),
        (lambda b: b"not an image at all", "cannot decode"),
    ],
)
def test_corrupt(corrupt, msg):
    good = encode_png(np.arange(64, dtype=np.uint16).reshape(8, 8))
    with pytest.raises(DecodeError, match=msg):
        decode_png(corrupt(good))
