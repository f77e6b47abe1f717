"""Memory-mapped, random access to the rows of a synthkit dataset.

A dataset is a directory of Arrow IPC *files* ``data-KKKKK-of-NNNNN.arrow``,
one JSON sidecar per shard and, once finalized, ``manifest.json``. Every
shard carries the job in its schema metadata: ``huggingface`` (the Hugging
Face features) and ``synthkit`` (spec, generator, categories, encodings).

What the reader decodes is driven by that schema, not by a fixed column
list: a column the job did not write is ``None`` in every sample, and a
column this version does not know is returned as stored (an image column of
unknown meaning decoded to its raw samples by :func:`decode_png`).
"""

from __future__ import annotations

import bisect
import glob
import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

import numpy as np
import pyarrow as pa

from .decode import decode_depth, decode_image, decode_instances, decode_png
from .rle import decode_rle

__all__ = ["FormatError", "DatasetInfo", "Shard", "Dataset", "open_dataset", "objects_to_arrays", "KNOWN_COLUMNS"]

PathLike = Union[str, "os.PathLike[str]"]

#: Shard layout version this reader understands (Go's shard.FormatVersion).
FORMAT_VERSION = 1

#: Columns every shard has.
ALWAYS = ("index", "seed")

#: The label columns a job may write (Go's dataset column names: the
#: default ones, then the opt-in ones). :meth:`Dataset.sample` gives every
#: one of them a key, ``None`` when the job did not write it.
KNOWN_COLUMNS = ("image", "depth", "instances", "objects", "camera",
                 "annotations", "normals", "semantic", "planogram", "kpis")


class FormatError(ValueError):
    """Raised for a file or directory that is not a valid synthkit dataset."""


@dataclass
class DatasetInfo:
    """What every shard of a job records about the job (schema metadata)."""

    format: int
    generator: str
    generator_version: str
    spec: Dict[str, Any]
    spec_hash: str
    categories: List[str]
    encodings: Dict[str, str]
    features: Dict[str, Any]
    image_columns: List[str] = field(default_factory=list)

    @property
    def width(self) -> Optional[int]:
        """Image width of the job, from its spec."""
        return self.spec.get("width")

    @property
    def height(self) -> Optional[int]:
        """Image height of the job, from its spec."""
        return self.spec.get("height")

    @classmethod
    def from_schema(cls, schema: pa.Schema, where: str = "") -> "DatasetInfo":
        """Parse the ``synthkit`` and ``huggingface`` metadata of a shard schema."""
        md = schema.metadata or {}
        pre = f"{where}: " if where else ""
        if b"synthkit" not in md:
            raise FormatError(f"{pre}schema has no 'synthkit' metadata: not a synthkit shard")
        try:
            sk = json.loads(md[b"synthkit"])
            hf = json.loads(md.get(b"huggingface", b"{}"))
        except ValueError as e:
            raise FormatError(f"{pre}schema metadata is not valid JSON: {e}") from e
        fmt = int(sk.get("format", 0))
        if fmt != FORMAT_VERSION:
            raise FormatError(f"{pre}shard format {fmt}, this reader reads format {FORMAT_VERSION}")
        features = (hf.get("info") or {}).get("features") or {}
        images = [k for k, v in features.items() if isinstance(v, dict) and v.get("_type") == "Image"]
        gen = sk.get("generator") or {}
        return cls(
            format=fmt,
            generator=gen.get("name", ""),
            generator_version=gen.get("version", ""),
            spec=sk.get("spec") or {},
            spec_hash=sk.get("spec_hash", ""),
            categories=list(sk.get("categories") or []),
            encodings=dict(sk.get("encodings") or {}),
            features=features,
            image_columns=images,
        )


class Shard:
    """One memory-mapped Arrow IPC file with random access to its rows."""

    def __init__(self, path: PathLike, expected_rows: Optional[int] = None):
        self.path = os.fspath(path)
        try:
            self._source = pa.memory_map(self.path, "r")
            self._reader = pa.ipc.open_file(self._source)
        except FileNotFoundError:
            raise
        except (pa.ArrowException, OSError) as e:
            raise FormatError(f"{self.path}: not a readable Arrow IPC file: {e}") from e
        self.schema: pa.Schema = self._reader.schema
        self.info = DatasetInfo.from_schema(self.schema, self.path)
        starts = []
        n = 0
        try:
            for b in range(self._reader.num_record_batches):
                starts.append(n)
                n += self._reader.get_batch(b).num_rows
        except (pa.ArrowException, OSError) as e:
            raise FormatError(f"{self.path}: record batch {len(starts) - 1}: {e}") from e
        self._starts = starts
        self.num_rows = n
        if expected_rows is not None and expected_rows != n:
            raise FormatError(f"{self.path}: {n} rows, its sidecar/manifest says {expected_rows}")

    def __len__(self) -> int:
        return self.num_rows

    def batch(self, b: int) -> pa.RecordBatch:
        """Record batch ``b`` (zero-copy from the memory map when uncompressed)."""
        return self._reader.get_batch(b)

    def row(self, i: int) -> Dict[str, Any]:
        """Row ``i`` of this shard as Python values (``seed`` is an ``int``)."""
        if not 0 <= i < self.num_rows:
            raise IndexError(f"row {i} of {self.path} ({self.num_rows} rows)")
        b = bisect.bisect_right(self._starts, i) - 1
        try:
            return self.batch(b).slice(i - self._starts[b], 1).to_pylist()[0]
        except (pa.ArrowException, OSError) as e:
            raise FormatError(f"{self.path}: row {i}: {e}") from e

    def table(self) -> pa.Table:
        """The whole shard as a table (memory-mapped)."""
        return self._reader.read_all()

    def close(self) -> None:
        """Release the memory map."""
        self._source.close()


def _sidecar_rows(arrow_path: str) -> Optional[int]:
    side = arrow_path[: -len(".arrow")] + ".json"
    if not os.path.exists(side):
        return None
    try:
        with open(side, "rb") as f:
            return int(json.load(f)["rows"])
    except (ValueError, KeyError, TypeError) as e:
        raise FormatError(f"{side}: not a valid sidecar: {e}") from e


class Dataset:
    """A synthkit dataset: every shard of a directory, in shard order.

    ``path`` is a dataset directory, its ``manifest.json``, or one
    ``.arrow`` shard. With a manifest its shard list is used (and every
    listed file must exist); otherwise the ``data-*-of-*.arrow`` files of the
    directory. Row counts are checked against the sidecars or the manifest.
    ``verify=True`` also checks each shard's sha256.

    ``ds[i]`` is the decoded sample at position ``i`` (see :meth:`sample`);
    :meth:`row` gives the stored values undecoded.
    """

    def __init__(self, path: PathLike, *, verify: bool = False):
        path = os.fspath(path)
        entries: List[tuple] = []  # (file, expected rows, sha256)
        self.manifest: Optional[Dict[str, Any]] = None
        if os.path.isdir(path):
            root = path
            mpath = os.path.join(path, "manifest.json")
        elif path.endswith(".json"):
            root = os.path.dirname(path) or "."
            mpath = path
        elif path.endswith(".arrow"):
            root = os.path.dirname(path) or "."
            mpath = None
            entries.append((path, _sidecar_rows(path), None))
        else:
            raise FormatError(f"{path}: not a dataset directory, manifest.json or .arrow shard")
        if mpath is not None and os.path.exists(mpath):
            try:
                with open(mpath, "rb") as f:
                    self.manifest = json.load(f)
                for s in self.manifest["shards"]:
                    entries.append((os.path.join(root, s["file"]), int(s["rows"]), s.get("sha256")))
            except (ValueError, KeyError, TypeError) as e:
                raise FormatError(f"{mpath}: not a valid manifest: {e}") from e
        elif mpath is not None and not entries:
            if path.endswith(".json"):
                raise FileNotFoundError(mpath)
            for p in sorted(glob.glob(os.path.join(glob.escape(root), "data-*-of-*.arrow"))):
                entries.append((p, _sidecar_rows(p), None))
        if not entries:
            raise FormatError(f"{path}: no data-*-of-*.arrow shards")
        self.root = root
        self.shards: List[Shard] = []
        for p, rows, sha in entries:
            if verify and sha:
                got = _sha256(p)
                if got != sha:
                    raise FormatError(f"{p}: sha256 {got}, the manifest says {sha}")
            self.shards.append(Shard(p, rows))
        first = self.shards[0]
        for s in self.shards[1:]:
            if not s.schema.equals(first.schema, check_metadata=False):
                raise FormatError(f"{s.path}: schema differs from {first.path}'s")
            if s.info.spec_hash != first.info.spec_hash:
                raise FormatError(f"{s.path}: spec hash {s.info.spec_hash} differs from {first.path}'s {first.info.spec_hash}")
        self.schema: pa.Schema = first.schema
        self.info: DatasetInfo = first.info
        self._starts = []
        n = 0
        for s in self.shards:
            self._starts.append(n)
            n += s.num_rows
        self._len = n

    # ------------------------------------------------------------------ basics

    @property
    def columns(self) -> List[str]:
        """Column names in schema order (index and seed first)."""
        return list(self.schema.names)

    @property
    def categories(self) -> List[str]:
        """Category names: ``category_id`` i names ``categories[i]``."""
        return self.info.categories

    def has(self, column: str) -> bool:
        """Whether the dataset stores ``column``."""
        return column in self.schema.names

    def __len__(self) -> int:
        return self._len

    def _locate(self, i: int):
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(f"row {i} of a dataset of {self._len} rows")
        k = bisect.bisect_right(self._starts, i) - 1
        return self.shards[k], i - self._starts[k]

    def row(self, i: int) -> Dict[str, Any]:
        """Row ``i`` as stored: Python values, image columns as ``{"bytes", "path"}``."""
        s, j = self._locate(int(i))
        return s.row(j)

    def __getitem__(self, i: int) -> Dict[str, Any]:
        return self.sample(i)

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        for i in range(self._len):
            yield self.sample(i)

    def seeds(self) -> np.ndarray:
        """Every row's seed as ``numpy.uint64`` (seeds use all 64 bits)."""
        parts = [s.table().column("seed").to_numpy() for s in self.shards]
        return np.concatenate(parts).astype(np.uint64, copy=False)

    def indices(self) -> np.ndarray:
        """Every row's sample index as ``int64``."""
        return np.concatenate([s.table().column("index").to_numpy() for s in self.shards]).astype(np.int64)

    # ----------------------------------------------------------------- decoding

    def sample(self, i: int, *, masks: bool = False) -> Dict[str, Any]:
        """Row ``i`` decoded.

        Keys: ``index`` (int), ``seed`` (int, 0 ≤ seed < 2**64), then one key
        per column the schema declares: ``image`` (uint8 H×W×3), ``depth``
        (float32 metres H×W), ``instances`` (uint32 ids H×W), ``objects``
        (list of dicts, as stored), ``camera`` (dict) and any other column
        (image columns of unknown meaning as raw samples via
        :func:`decode_png`, the rest as stored). Columns the well-known
        names (:data:`KNOWN_COLUMNS`, the opt-in ones included) refer to but
        the dataset lacks are ``None``. ``masks=True``
        adds ``masks``: the objects' visible masks, uint8 N×H×W, from their
        RLE.
        """
        row = self.row(i)
        out: Dict[str, Any] = {k: None for k in KNOWN_COLUMNS}
        for name, value in row.items():
            out[name] = self.decode_column(name, value)
        if masks:
            out["masks"] = object_masks(out.get("objects") or [], *self.image_size(row))
        return out

    def decode_column(self, name: str, value: Any) -> Any:
        """Decode one stored value of column ``name`` (``None`` stays ``None``)."""
        if value is None:
            return None
        if name in self.info.image_columns:
            data = value.get("bytes") if isinstance(value, Mapping) else value
            if data is None:
                return None
            if name == "image":
                return decode_image(data)
            if name == "depth":
                return decode_depth(data)
            if name == "instances":
                return decode_instances(data)
            return decode_png(data)
        return value

    def image_size(self, row: Mapping[str, Any]) -> tuple:
        """``(height, width)`` of a row, from its camera or the job's spec."""
        cam = row.get("camera") or {}
        h = cam.get("height") or self.info.height
        w = cam.get("width") or self.info.width
        if not h or not w:
            raise FormatError("image size unknown: no camera column and no width/height in the spec")
        return int(h), int(w)

    def objects(self, i: int) -> Dict[str, np.ndarray]:
        """The objects of row ``i`` as arrays (see :func:`objects_to_arrays`)."""
        return objects_to_arrays(self.row(i).get("objects") or [], self.schema)

    # ------------------------------------------------------------------- export

    def to_table(self) -> pa.Table:
        """All rows as one ``pyarrow.Table`` (memory-mapped, schema metadata kept)."""
        return pa.concat_tables([s.table() for s in self.shards])

    def to_hf(self, **kwargs: Any):
        """The rows as a Hugging Face ``datasets.Dataset`` (see :func:`synthkit.hf.to_hf`)."""
        from .hf import to_hf

        return to_hf(self, **kwargs)

    def close(self) -> None:
        """Release every shard's memory map."""
        for s in self.shards:
            s.close()

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"synthkit.Dataset({self.root!r}: {self._len} rows in {len(self.shards)} shards, "
            f"generator {self.info.generator} {self.info.generator_version}, columns {self.columns})"
        )


def open_dataset(path: PathLike, *, verify: bool = False) -> Dataset:
    """Open a dataset directory, its manifest, or one shard (see :class:`Dataset`)."""
    return Dataset(path, verify=verify)


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def object_masks(objects: Sequence[Mapping[str, Any]], height: int, width: int) -> np.ndarray:
    """The visible masks of ``objects`` from their RLE, uint8 ``N×H×W``."""
    out = np.zeros((len(objects), height, width), dtype=np.uint8)
    for k, o in enumerate(objects):
        if o.get("rle") is not None:
            out[k] = decode_rle(o["rle"], height, width)
    return out


_SHAPES = {"pose": (4, 4), "keypoints": (-1, 3), "bbox": (4,), "bbox_amodal": (4,)}


def _numpy_dtype(typ: pa.DataType) -> np.dtype:
    """The NumPy dtype of a primitive Arrow type, without pandas (which
    ``DataType.to_pandas_dtype`` needs in some pyarrow versions)."""
    return pa.array([], type=typ).to_numpy(zero_copy_only=False).dtype


def objects_to_arrays(objects: Sequence[Mapping[str, Any]], schema: Optional[pa.Schema] = None) -> Dict[str, Any]:
    """Turn a row's object list into one array per field.

    Fields come from the schema's object struct when given (so an empty row
    still gets every key), else from the first object. Numbers become
    numpy arrays of the Arrow type (``bbox`` N×4, ``pose`` N×4×4,
    ``keypoints`` N×9×3, other fixed-length lists N×L); strings and
    nested values stay lists. Missing values are NaN for floats.
    """
    fields: List[tuple] = []
    if schema is not None and "objects" in schema.names:
        st = schema.field("objects").type.value_type
        fields = [(f.name, f.type) for f in st]
    elif objects:
        fields = [(k, None) for k in objects[0].keys()]
    n = len(objects)
    out: Dict[str, Any] = {}
    for name, typ in fields:
        vals = [o.get(name) for o in objects]
        if typ is not None and (pa.types.is_integer(typ) or pa.types.is_floating(typ) or pa.types.is_boolean(typ)):
            dt = _numpy_dtype(typ)
            if any(v is None for v in vals):
                out[name] = np.array([np.nan if v is None else v for v in vals], dtype=np.float64)
            else:
                out[name] = np.array(vals, dtype=dt).reshape(n)
        elif typ is not None and pa.types.is_list(typ) and pa.types.is_floating(typ.value_type):
            shape = _SHAPES.get(name)
            lens = {len(v) for v in vals if v is not None}
            if len(lens) <= 1 and all(v is not None for v in vals):
                a = np.array(vals, dtype=np.float64)
                if shape is not None:
                    if n == 0 and -1 in shape:
                        shape = tuple(9 if d == -1 else d for d in shape)  # 9 keypoints
                    a = a.reshape((n,) + shape)
                elif n == 0:
                    a = a.reshape(0, 0)
                out[name] = a
            else:
                out[name] = [None if v is None else np.asarray(v, dtype=np.float64) for v in vals]
        else:
            out[name] = vals
    return out
