#!/usr/bin/env bash
# A generator module outside synthkit's main module (examples/vendor, the
# vendor template) built into a custom synth by `synth build`; its dataset
# must pass verify, inspect, export coco and report with that binary, and
# the stock synth must refuse it naming the generator and the build command.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mod=example.com/synthkit-blocks

echo "-- stock synth, then synth build --with $mod@v0.0.0=./examples/vendor"
go build -o "$tmp/synth" ./cmd/synth
"$tmp/synth" build --with "$mod@v0.0.0=./examples/vendor" --synthkit-replace . -o "$tmp/synth-blocks"
"$tmp/synth-blocks" version | tee "$tmp/version.txt"
grep -q "^synthkit github.com/synthkit/synthkit v0.0.0 => $PWD\$" "$tmp/version.txt" \
  || { echo "synth version does not name synthkit and its replacement" >&2; exit 1; }
grep -q "^generator blocks 0.1.0: module $mod v0.0.0 => $PWD/examples/vendor (package $mod)\$" "$tmp/version.txt" \
  || { echo "synth version does not name the blocks module" >&2; exit 1; }
go version -m "$tmp/synth-blocks" | grep -q -- "-pgo=$PWD/cmd/synth/default.pgo\$" \
  || { echo "synth build did not use synthkit's cmd/synth/default.pgo" >&2; exit 1; }

echo "-- generate, verify, inspect, export coco, report with the custom binary"
"$tmp/synth-blocks" generate blocks -q -n 12 --shard-size 4 --size 160x120 --seed 3 -o "$tmp/ds"
grep -q "\"path\": \"$mod\"" "$tmp/ds/manifest.json" || { echo "manifest.json does not record the generator module" >&2; exit 1; }
"$tmp/synth-blocks" verify "$tmp/ds" -q --samples 2 --seed 1
"$tmp/synth-blocks" inspect "$tmp/ds"
"$tmp/synth-blocks" export coco "$tmp/ds" -o "$tmp/coco"
test -s "$tmp/coco/annotations.json"
"$tmp/synth-blocks" report "$tmp/ds" -o "$tmp/report"
test -s "$tmp/report/index.html"

echo "-- the stock synth refuses the dataset, naming the generator and how to build one"
for cmd in "verify $tmp/ds -q --samples 1" "generate blocks -q -n 12 --shard-size 4 --size 160x120 --seed 3 -o $tmp/ds"; do
  # shellcheck disable=SC2086
  if out=$("$tmp/synth" $cmd 2>&1); then
    echo "stock synth $cmd succeeded" >&2; exit 1
  fi
  echo "$out"
  grep -q 'unknown generator "blocks"' <<<"$out" || { echo "refusal does not name the generator" >&2; exit 1; }
  grep -q "synth build --with $mod@v0.0.0" <<<"$out" || { echo "refusal does not say how to build one" >&2; exit 1; }
done
echo "vendor: OK"
