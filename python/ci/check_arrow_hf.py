"""pyarrow and Hugging Face datasets on a dataset directory and its
`synth export hf` output:

* pyarrow: pa.ipc.open_file on every shard, both metadata keys parsed,
  row counts equal the sidecars and the manifest;
* datasets: load_dataset("arrow") on the shards and on the export hf
  streams; the features equal the ones declared in the metadata; every
  image decodes (PIL, through the Image feature) to the pixels Go's reader
  decodes (sha256 from tools/pixhash, in PIXHASH_FILE).

    python check_arrow_hf.py DATASET_DIR HF_DIR PIXHASH_FILE CACHE_DIR
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys

import datasets
import numpy as np
import pyarrow as pa


def main() -> int:
    ds_dir, hf_dir, pixhash, cache = sys.argv[1:5]
    shards = sorted(glob.glob(os.path.join(ds_dir, "data-*-of-*.arrow")))
    manifest = json.load(open(os.path.join(ds_dir, "manifest.json")))
    total = 0
    declared = None
    for path in shards:
        with pa.memory_map(path, "r") as src:
            r = pa.ipc.open_file(src)
            rows = sum(r.get_batch(i).num_rows for i in range(r.num_record_batches))
            md = r.schema.metadata
            sk = json.loads(md[b"synthkit"])
            hf = json.loads(md[b"huggingface"])
        side = json.load(open(path[: -len(".arrow")] + ".json"))
        if rows != side["rows"] or sk["spec_hash"] != side["spec_hash"] or sk["categories"] != side["categories"]:
            print(f"pyarrow: {path}: {rows} rows / spec {sk['spec_hash']}, sidecar {side['rows']} / {side['spec_hash']}")
            return 1
        feats = hf["info"]["features"]
        if declared is not None and feats != declared:
            print(f"pyarrow: {path}: features differ from the first shard's")
            return 1
        declared = feats
        total += rows
    if total != manifest["rows"]:
        print(f"pyarrow: {total} rows in the shards, manifest says {manifest['rows']}")
        return 1
    print(f"pyarrow {pa.__version__}: open_file on {len(shards)} shards, {total} rows = sidecars = manifest, metadata parsed (generator {sk['generator']['name']}, {len(sk['categories'])} categories, format {sk['format']})")

    want = {}
    for line in open(pixhash):
        idx, *kv = line.split()
        want[int(idx)] = dict(x.split("=") for x in kv)
    declared_features = datasets.Features.from_dict(declared)
    for what, files in (("shards", shards), ("export hf", sorted(glob.glob(os.path.join(hf_dir, "*.arrow"))))):
        d = datasets.load_dataset("arrow", data_files=files, split="train", cache_dir=os.path.join(cache, what.replace(" ", "-")))
        if d.features != declared_features:
            print(f"datasets ({what}): features {d.features}\n  != declared {declared_features}")
            return 1
        if len(d) != total:
            print(f"datasets ({what}): {len(d)} rows, want {total}")
            return 1
        for row in d:
            img = row["image"]
            px = np.asarray(img.convert("RGB"))
            got = hashlib.sha256(px.tobytes()).hexdigest()
            if got != want[row["index"]]["image"]:
                print(f"datasets ({what}): row {row['index']}: image pixels differ from the Go reader's")
                return 1
        kinds = {k: type(v).__name__ for k, v in d.features.items()}
        print(f"datasets {datasets.__version__} load_dataset('arrow') on {what}: {len(d)} rows, features = declared ({kinds}), "
              f"all {len(d)} images decode to the Go reader's pixels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
