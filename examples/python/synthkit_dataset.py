"""PyTorch access to synthkit Arrow shards.

Written against: Python 3.11, pyarrow 17.0, numpy 1.26, Pillow 10.4,
torch 2.4 (any torch >= 1.13 works; only torch.utils.data.Dataset and
torch.as_tensor are used). The RLE decoder and the row layout need only
numpy and are checked in synthkit's CI (rle_test.py); the pyarrow path was
not run there, since this machine has no PyPI.

    from synthkit_dataset import SynthkitDataset
    ds = SynthkitDataset("out/")           # every data-*-of-*.arrow in out/
    sample = ds[123]                       # random access, memory-mapped
    sample["image"]      # uint8 tensor H×W×3
    sample["depth"]      # float32 tensor H×W, metres, 0 = background
    sample["instances"]  # int64 tensor H×W, 0 = background, id = object index + 1
    sample["boxes"]      # float32 N×4, COCO [x, y, w, h] of the visible masks
    sample["labels"]     # int64 N, category ids (names in ds.categories)
    sample["masks"]      # uint8 N×H×W visible masks decoded from COCO RLE

Each shard is an Arrow IPC *file*; pyarrow.ipc.open_file gives random
access to its record batches, and pa.memory_map keeps the bytes in the page
cache rather than the Python heap.
"""

import bisect
import glob
import io
import json
import os

import numpy as np


def rle_string_to_counts(s):
    """Decode a COCO compressed RLE string (pycocotools rleFrString)."""
    counts = []
    p = 0
    s = s.encode() if isinstance(s, str) else s
    while p < len(s):
        x = 0
        k = 0
        more = True
        while more:
            c = s[p] - 48
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(counts) > 2:
            x += counts[-2]
        counts.append(x)
    return counts


def rle_decode(counts, h, w):
    """Decode RLE counts into an h×w uint8 mask (column-major runs)."""
    flat = np.zeros(h * w, dtype=np.uint8)
    pos = 0
    val = 0
    for c in counts:
        if val:
            flat[pos : pos + c] = 1
        pos += c
        val ^= 1
    return flat.reshape(w, h).T


def decode_png(data):
    """Decode PNG/JPEG bytes to a numpy array (16-bit PNGs keep 16 bits)."""
    from PIL import Image

    im = Image.open(io.BytesIO(data))
    if im.mode in ("I;16", "I;16B", "I"):
        return np.array(im, dtype=np.uint16)
    return np.array(im)


def decode_instances(data):
    """Instance map: 16-bit grey, or 16-bit RGB with id = R<<16 | G."""
    a = decode_png(data).astype(np.int64)
    if a.ndim == 3:
        return (a[..., 0] << 16) | a[..., 1]
    return a


class SynthkitDataset:
    """A map-style dataset (torch.utils.data.Dataset compatible) over shards."""

    def __init__(self, root, decode_masks=True):
        import pyarrow as pa

        self._pa = pa
        self.paths = sorted(glob.glob(os.path.join(root, "data-*-of-*.arrow")))
        if not self.paths:
            raise FileNotFoundError(f"no data-*-of-*.arrow shards in {root!r}")
        self.decode_masks = decode_masks
        self._readers = {}
        self._starts = []  # global row index of each (shard, batch)
        self._where = []
        total = 0
        for si, path in enumerate(self.paths):
            r = self._reader(si)
            for bi in range(r.num_record_batches):
                n = r.get_batch(bi).num_rows
                self._starts.append(total)
                self._where.append((si, bi))
                total += n
        self._len = total
        meta = self._reader(0).schema.metadata or {}
        info = json.loads(meta.get(b"synthkit", b"{}"))
        self.categories = info.get("categories", [])

    def _reader(self, si):
        r = self._readers.get(si)
        if r is None:
            src = self._pa.memory_map(self.paths[si], "r")
            r = self._pa.ipc.open_file(src)
            self._readers[si] = r
        return r

    def __len__(self):
        return self._len

    def __getitem__(self, i):
        import torch

        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        k = bisect.bisect_right(self._starts, i) - 1
        si, bi = self._where[k]
        row = self._reader(si).get_batch(bi).slice(i - self._starts[k], 1).to_pylist()[0]
        out = {"index": row["index"], "seed": row["seed"]}
        h = w = None
        if row.get("image"):
            img = decode_png(row["image"]["bytes"])
            h, w = img.shape[:2]
            out["image"] = torch.as_tensor(img[..., :3])
        if row.get("depth"):
            out["depth"] = torch.as_tensor(decode_png(row["depth"]["bytes"]).astype(np.float32) / 1000.0)
        if row.get("instances"):
            out["instances"] = torch.as_tensor(decode_instances(row["instances"]["bytes"]))
        objs = row.get("objects") or []
        out["boxes"] = torch.as_tensor(np.array([o["bbox"] for o in objs], dtype=np.float32).reshape(-1, 4))
        out["labels"] = torch.as_tensor(np.array([o["category_id"] for o in objs], dtype=np.int64))
        out["visible_fraction"] = torch.as_tensor(np.array([o["visible_fraction"] for o in objs], dtype=np.float32))
        if self.decode_masks and objs:
            cam = row.get("camera") or {}
            h = h or cam.get("height")
            w = w or cam.get("width")
            masks = [rle_decode(rle_string_to_counts(o["rle"]), h, w) for o in objs]
            out["masks"] = torch.as_tensor(np.stack(masks))
        return out
