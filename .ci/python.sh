#!/usr/bin/env bash
# The Python side with the real libraries (called by .ci/run):
#   - a venv with the pinned versions of python/ci-requirements.txt (PyPI;
#     torch's Linux wheel on PyPI is the CUDA build: it runs on the CPU),
#     then `pip install ./python` as the README says;
#   - pytest: the package's unit tests (reader, decoders, collate, RLE,
#     corrupt shards, zero-object rows);
#   - the clients on small datasets made by `go run ./cmd/synth`: pyarrow,
#     Hugging Face datasets (shards and `export hf`), pycocotools (`export
#     coco`), Ultralytics (`export yolo`, detect and segment), torchvision
#     Mask R-CNN (synthkit.torch);
#   - every ```python block of the README's "Python" section.
# Prints the version of every library. Runs as root with CI=true.
#
#   bash .ci/python.sh [VENV_DIR]
#
# The venv (6 GB, 4-5 minutes to install on the 2-core machine, most of it
# unpacking torch's CUDA libraries) is kept in VENV_DIR, by default
# /var/cache/synthkit/python-HASH where HASH is that of
# python/ci-requirements.txt, and reused while the file is unchanged; the
# package itself is reinstalled from ./python on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lock=python/ci-requirements.txt
venv=${1:-/var/cache/synthkit/python-$(sha256sum "$lock" | cut -c1-12)}

py=$(command -v python3.11 || command -v python3)
echo "python.sh: $($py --version) from $py; venv $venv"
if ! $py -m venv --help >/dev/null 2>&1 || ! $py -c "import ensurepip" 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }
fi
# opencv-python (an Ultralytics dependency) loads libGL and libglib.
if ! ldconfig -p | grep -q 'libGL.so.1' || ! ldconfig -p | grep -q 'libgthread-2.0.so.0'; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgl1 libglib2.0-0 >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgl1 libglib2.0-0 >/dev/null; }
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
if [ ! -e "$venv/.synthkit-ready" ]; then
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  $py -m venv "$venv"
  # --no-deps: the file is the complete, pinned closure (see its header).
  "${pip[@]}" install -q --no-deps -r "$lock"
  touch "$venv/.synthkit-ready"
else
  echo "python.sh: reusing the venv (delete it to rebuild)"
fi
"${pip[@]}" install -q --no-deps --force-reinstall ./python
echo "python.sh: venv ready in $((SECONDS - start)) s"
vpy="$venv/bin/python"
"$vpy" - <<'EOF'
import importlib.metadata as md, platform
names = ["synthkit", "pyarrow", "numpy", "pillow", "datasets", "torch", "torchvision", "pycocotools", "ultralytics", "opencv-python", "pytest"]
print("python " + platform.python_version() + "; " + ", ".join(f"{n} {md.version(n)}" for n in names))
EOF

echo "== datasets from the Go CLI"
go build -o "$tmp/synth" ./cmd/synth
go build -o "$tmp/pixhash" ./tools/pixhash
synth="$tmp/synth"
d=$tmp/data
"$synth" generate basic -n 6 --shard-size 3 --size 160x120 -o "$d/test-basic" -q
"$synth" generate basic -n 8 --size 64x48 -p min_objects=0 -p max_objects=1 -o "$d/test-empty" -q
"$synth" generate basic -n 16 --shard-size 8 --size 320x240 -o "$d/basic" -q
"$synth" generate shelves -n 3 --size 320x240 -o "$d/shelves" -q
"$synth" generate shelves -n 2 --size 320x240 -p gap_prob=0.3 -p null_share=0.2 --columns image,instances,objects,annotations -o "$d/shelves-truth" -q
"$synth" export coco "$d/shelves-truth" -o "$d/shelves-truth-coco" --include shelf,tags,empty >/dev/null
"$synth" export yolo "$d/shelves-truth" -o "$d/shelves-truth-yolo" --include shelf,tags,empty --task segment >/dev/null
for n in basic shelves; do
  "$synth" export hf "$d/$n" -o "$d/$n-hf" >/dev/null
  "$synth" export coco "$d/$n" -o "$d/$n-coco" >/dev/null
  "$synth" export yolo "$d/$n" -o "$d/$n-yolo-detect" --splits train=0.75,val=0.25 >/dev/null
  "$synth" export yolo "$d/$n" -o "$d/$n-yolo-segment" --task segment --splits train=0.75,val=0.25 >/dev/null
  "$tmp/pixhash" "$d/$n" >"$d/$n.pixhash"
done

echo "== pytest (python/tests)"
# From the repository root, so `import synthkit` is the installed package.
SYNTHKIT_TEST_BASIC=$d/test-basic SYNTHKIT_TEST_EMPTY=$d/test-empty \
  "$vpy" -m pytest -q -p no:cacheprovider python/tests
echo "python.sh: $((SECONDS - start)) s so far"

echo "== python -m synthkit inspect"
"$vpy" -m synthkit inspect "$d/shelves" --rows 1

echo "== pyarrow and Hugging Face datasets"
for n in basic shelves; do
  "$vpy" python/ci/check_arrow_hf.py "$d/$n" "$d/$n-hf" "$d/$n.pixhash" "$tmp/hf-cache" 2>&1 | grep -v '^Generating\|^Loading\|it/s\]\?$' || { echo "python.sh: FAIL: $n: pyarrow / datasets"; exit 1; }
done

echo "== pycocotools"
for n in basic shelves; do
  "$vpy" python/ci/check_coco.py "$d/$n-coco" "$d/$n"
done

echo "== attributes and included annotations (pycocotools, csv)"
"$vpy" python/ci/check_attributes.py "$d/shelves-truth" "$d/shelves-truth-coco" "$d/shelves-truth-yolo" shelf_row,price_tag,empty_facing

echo "== Ultralytics (offline: no weights, fonts or hub)"
export YOLO_OFFLINE=1 YOLO_CONFIG_DIR=$tmp/ultralytics-config
yolo_log=$tmp/yolo.log
for spec in basic:detect shelves:segment basic:segment; do
  n=${spec%%:*} task=${spec#*:}
  if ! "$vpy" python/ci/check_yolo.py "$d/$n-yolo-$task/data.yaml" "$task" "$tmp/yolo-$n-$task" >"$yolo_log" 2>&1; then
    cat "$yolo_log"
    echo "python.sh: FAIL: Ultralytics $task on $n"
    exit 1
  fi
  grep -E '^ultralytics' "$yolo_log"
done

echo "== torchvision Mask R-CNN"
"$vpy" python/ci/check_maskrcnn.py "$d/basic"

echo "== the README's Python snippets"
ws=$tmp/readme
mkdir -p "$ws"
"$synth" generate basic -n 8 --size 320x240 -o "$ws/out" -q
"$synth" export hf "$ws/out" -o "$ws/hf" >/dev/null
"$synth" export coco "$ws/out" -o "$ws/coco" >/dev/null
"$synth" export yolo "$ws/out" -o "$ws/yolo" --task segment >/dev/null
"$vpy" - "$root/README.md" "$ws/snippets" <<'EOF'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sec = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```python\n(.*?)```", sec, re.S)
os.makedirs(sys.argv[2])
for i, b in enumerate(blocks):
    open(os.path.join(sys.argv[2], f"snippet{i}.py"), "w").write(b)
print(f"{len(blocks)} python blocks in the README's Python section")
if len(blocks) < 6:
    sys.exit("want one block for the package and each of the five libraries")
EOF
for f in "$ws"/snippets/*.py; do
  echo "-- README $(basename "$f"): $(head -1 "$f")"
  if ! (cd "$ws" && "$vpy" "$f" >"$ws/snippet.log" 2>&1); then
    cat "$ws/snippet.log"
    echo "python.sh: FAIL: README snippet $(basename "$f")"
    exit 1
  fi
  grep -v 'it/s\|━\|^\s*$' "$ws/snippet.log" | tail -3
done
if find "$tmp" -name '*.ttf' | grep -q .; then
  echo "python.sh: FAIL: Ultralytics fetched a font"
  exit 1
fi

echo "python.sh: all Python checks passed in $((SECONDS - start)) s"
