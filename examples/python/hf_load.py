"""Loading synthkit shards with Hugging Face `datasets`.

Written against datasets 3.x/4.x and pyarrow 17 (not run here: no PyPI).
Every shard carries the `huggingface` schema metadata, so the features
(Image columns for image/depth/instances, a list of dicts for objects) come
from the files themselves.

synthkit writes Arrow IPC *files* (random access, a footer). Some versions
of `datasets`' "arrow" builder read shards with pyarrow.ipc.open_stream,
which only reads the IPC *stream* format; build the Dataset from the table
instead, which works with every version:
"""

import glob
import sys

import pyarrow as pa
from datasets import Dataset, concatenate_datasets

root = sys.argv[1] if len(sys.argv) > 1 else "out"
parts = []
for path in sorted(glob.glob(f"{root}/data-*-of-*.arrow")):
    with pa.memory_map(path, "r") as src:
        parts.append(Dataset(pa.ipc.open_file(src).read_all()))
ds = concatenate_datasets(parts)
print(ds)
print(ds.features["image"], ds[0]["objects"][0]["bbox"])

# Or convert the shards to Arrow IPC streams once (`synth export hf out/ -o hf/`)
# and use datasets' own loader, which reads streams in every version:
#   from datasets import load_dataset
#   ds = load_dataset("arrow", data_files="hf/*.arrow", split="train")
