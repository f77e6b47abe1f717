"""Read synthkit datasets from Python.

synthkit (a Go library and CLI) writes exactly labelled synthetic images as
Arrow IPC shards. This package opens them with pyarrow, memory-mapped, and
decodes their columns:

    import synthkit
    ds = synthkit.open_dataset("out/")     # a directory, its manifest.json or one shard
    s = ds[0]                              # random access, decoded
    s["image"]        # uint8 H×W×3
    s["depth"]        # float32 H×W, metres, 0 = background
    s["instances"]    # uint32 H×W, 0 = background, id = scene object index + 1 (context objects too)
    s["objects"]      # list of dicts: id, category, category_id, bbox (xywh), rle, pose, ...
    s["seed"]         # int in [0, 2**64)
    ds.objects(0)["bbox"]                  # the same objects as arrays
    synthkit.decode_rle(s["objects"][0]["rle"], *s["instances"].shape)

Optional parts: :mod:`synthkit.torch` (``pip install 'synthkit[torch]'``),
:func:`synthkit.hf.to_hf` (``[datasets]``); ``python -m synthkit inspect DIR``.
"""

from .decode import DecodeError, decode_depth, decode_depth_mm, decode_image, decode_instances, decode_png, png_size
from .reader import Dataset, DatasetInfo, FormatError, Shard, object_masks, objects_to_arrays, open_dataset
from .rle import RLEError, counts_to_rle_string, decode_rle, encode_rle, rle_area, rle_string_to_counts

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "DatasetInfo",
    "DecodeError",
    "FormatError",
    "RLEError",
    "Shard",
    "counts_to_rle_string",
    "decode_depth",
    "decode_depth_mm",
    "decode_image",
    "decode_instances",
    "decode_png",
    "decode_rle",
    "encode_rle",
    "object_masks",
    "objects_to_arrays",
    "open_dataset",
    "png_size",
    "rle_area",
    "rle_string_to_counts",
]
