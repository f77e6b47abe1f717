"""``python -m synthkit inspect DIR``: a quick look at a dataset."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import List, Optional

import numpy as np

from .decode import DecodeError
from .reader import Dataset, FormatError
from .rle import RLEError


def inspect(path: str, rows: int = 1, verify: bool = False) -> int:
    """Print shards, columns, categories and object statistics of a dataset."""
    ds = Dataset(path, verify=verify)
    info = ds.info
    print(f"dataset   {ds.root}")
    print(f"generator {info.generator} {info.generator_version}, spec {info.spec_hash[:16]}, format {info.format}")
    print(f"size      {info.width}x{info.height}, {len(ds)} rows in {len(ds.shards)} shards")
    for s in ds.shards:
        print(f"  {s.path}: {s.num_rows} rows")
    print("columns")
    for f in ds.schema:
        enc = info.encodings.get(f.name, "")
        print(f"  {f.name:<12} {f.type}" + (f"  [{enc}]" if enc else ""))
    print(f"categories ({len(info.categories)}): {', '.join(info.categories[:20])}{' ...' if len(info.categories) > 20 else ''}")
    if ds.has("objects"):
        per_image: List[int] = []
        cats: Counter = Counter()
        vis: List[float] = []
        for s in ds.shards:
            col = s.table().column("objects").to_pylist()
            for objs in col:
                objs = objs or []
                per_image.append(sum(1 for o in objs if (o.get("area") or 0) > 0))
                for o in objs:
                    cats[o.get("category")] += 1
                    vis.append(o.get("visible_fraction") or 0.0)
        a = np.array(per_image)
        print(f"objects   {len(vis)} in all; visible per image min {a.min()}, median {int(np.median(a))}, max {a.max()}")
        hist, _ = np.histogram(vis, bins=5, range=(0, 1))
        print("visible fraction histogram (0-0.2 ... 0.8-1]: " + " ".join(str(int(h)) for h in hist))
        top = ", ".join(f"{c} {n}" for c, n in cats.most_common(5))
        print(f"most common: {top}")
    for i in range(min(rows, len(ds))):
        smp = ds.sample(i)
        print(f"row {i}: index {smp['index']}, seed {smp['seed']}")
        for k, v in smp.items():
            if isinstance(v, np.ndarray):
                print(f"  {k:<12} {v.dtype} {v.shape}, min {v.min()}, max {v.max()}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of ``python -m synthkit`` and the ``synthkit`` script."""
    p = argparse.ArgumentParser(prog="python -m synthkit", description="Look at synthkit datasets from Python.")
    sub = p.add_subparsers(dest="cmd", required=True)
    ins = sub.add_parser("inspect", help="shards, columns, categories, objects per image, first rows decoded")
    ins.add_argument("path", help="dataset directory, manifest.json or .arrow shard")
    ins.add_argument("--rows", type=int, default=1, help="rows to decode and describe (default 1)")
    ins.add_argument("--verify", action="store_true", help="check each shard's sha256 against the manifest")
    args = p.parse_args(argv)
    try:
        return inspect(args.path, rows=args.rows, verify=args.verify)
    except (FormatError, DecodeError, RLEError, FileNotFoundError) as e:
        print(f"synthkit: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
