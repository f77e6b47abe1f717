"""Hugging Face ``datasets`` access.

Every shard's schema carries the ``datasets`` features in its
``huggingface`` metadata (``image``, ``depth`` and ``instances`` are
``Image`` features, ``objects`` a list of dicts), so both ways below give
the declared features and decode images to PIL:

* :func:`to_hf` builds a ``datasets.Dataset`` straight from the
  memory-mapped shards, with no copy and no cache directory;
* ``datasets.load_dataset("arrow", data_files=...)`` reads the shards
  themselves or the IPC streams written by ``synth export hf`` (which
  every ``datasets`` version reads) and copies them into its cache::

      from datasets import load_dataset
      ds = load_dataset("arrow", data_files="hf/*.arrow", split="train")

Depth and instance ids are 16-bit PNGs: read them with
``synthkit.decode_depth`` / ``decode_instances`` from the raw bytes
(``ds.cast_column("depth", Image(decode=False))``), since PIL decodes a
16-bit grey PNG to mode ``I;16`` and cannot keep 16-bit RGB.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Union

from .reader import Dataset, PathLike

__all__ = ["to_hf", "features"]


def features(ds: Union[Dataset, PathLike]) -> "Any":
    """The ``datasets.Features`` declared in the shards' metadata."""
    import datasets

    d = ds if isinstance(ds, Dataset) else Dataset(ds)
    return datasets.Features.from_dict(d.info.features)


def to_hf(ds: Union[Dataset, PathLike], *, split: Optional[str] = "train", info: Optional[Dict[str, Any]] = None) -> "Any":
    """Return the dataset as a ``datasets.Dataset``.

    The table is the shards' memory-mapped data (no copy, no cache); the
    features are the declared ones, so ``image`` etc. decode to PIL images.
    """
    import datasets
    from datasets.table import InMemoryTable

    d = ds if isinstance(ds, Dataset) else Dataset(ds)
    table = d.to_table()
    feats = datasets.Features.from_dict(d.info.features)
    dinfo = datasets.DatasetInfo(
        features=feats,
        description=f"synthkit {d.info.generator} {d.info.generator_version}, spec {d.info.spec_hash}",
    )
    if info:
        dinfo.description += "\n" + json.dumps(info)
    return datasets.Dataset(InMemoryTable(table), info=dinfo, split=datasets.NamedSplit(split) if split else None)
