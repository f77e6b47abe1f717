#!/usr/bin/env bash
# GPU benchmark: the soft and the gl renderer on the shelves generator in
# one sitting, at 640x480 and 1280x720, through `synth bench --compare`
# (each configuration its own process, rounds interleaved), printing
# samples/s, the per-stage times side by side and the gl/soft ratio; gl
# runs three times: with the post-effects as shaders (the default on a
# GPU), on the CPU (SYNTHKIT_GL_POST=cpu), to show what the shaders save,
# and with at most 4 workers per GL context (SYNTHKIT_GL_WORKERS_PER_CONTEXT=4:
# WORKERS/4 contexts, each with its own GL thread), to show whether the one
# thread that makes a context's GL calls caps samples/s.
#
#   tools/gpubench.sh              # on a GPU node: N=500 samples, --workers = cores
#   N=8 ROUNDS=1 tools/gpubench.sh # a smoke run (CI, on Mesa llvmpipe)
#
# Environment: N (samples per run, default 500), ROUNDS (default 2),
# WORKERS (default: the number of cores), SIZES (default "640x480 1280x720"),
# REQUIRE_NVIDIA=1 to fail unless the GL vendor is NVIDIA,
# SYNTHKIT_GL_CONTEXT (egl by default: no display needed).
#
# Steps: build synth with -tags gl; print the GL context (vendor, renderer,
# version) from render/gl's TestInfo; run the GL conformance tests
# (go test -tags gl ./render/gl/...); then the benchmarks. About 4
# minutes on a 16-core GPU node with the defaults; seconds with N=8.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-500}
ROUNDS=${ROUNDS:-2}
WORKERS=${WORKERS:-$(nproc)}
SIZES=${SIZES:-"640x480 1280x720"}
export SYNTHKIT_GL_CONTEXT=${SYNTHKIT_GL_CONTEXT:-egl}
export SYNTHKIT_GL_REQUIRED=1
start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== build (-tags gl)"
go build -tags gl -o "$tmp/synth" ./cmd/synth
"$tmp/synth" version | sed -n 1p

echo "== GL context"
info=$(env -u DISPLAY -u WAYLAND_DISPLAY go test -count=1 -tags gl -run 'TestInfo$' -v ./render/gl/ 2>&1) || { echo "$info"; echo "gpubench: no GL context" >&2; exit 1; }
echo "$info" | sed -n 's/.*{\(Provider:.*\) MaxMSAA:.*/\1/p'
vendor=$(echo "$info" | sed -n 's/.* Vendor:\(.*\) Renderer:.*/\1/p')
echo "GL vendor: ${vendor:-unknown}"
if [ "${REQUIRE_NVIDIA:-0}" = 1 ] && [[ "$vendor" != NVIDIA* ]]; then
  echo "gpubench: the GL vendor is ${vendor:-unknown}, not NVIDIA (REQUIRE_NVIDIA=1)" >&2
  exit 1
fi
nproc_=$(nproc)
echo "CPUs: $nproc_; workers: $WORKERS; samples per run: $N; rounds: $ROUNDS"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true

echo "== GL conformance tests (render/gl)"
env -u DISPLAY -u WAYLAND_DISPLAY go test -count=1 -tags gl ./render/gl/...

for size in $SIZES; do
  echo "== synth bench shelves at $size: soft (A), gl (B), gl with the post-effects on the CPU (C), gl with 4 workers per context (D)"
  env -u DISPLAY -u WAYLAND_DISPLAY "$tmp/synth" bench shelves -n "$N" --size "$size" --workers "$WORKERS" \
    --renderer soft --compare "--renderer gl" --compare "SYNTHKIT_GL_POST=cpu --renderer gl" \
    --compare "SYNTHKIT_GL_WORKERS_PER_CONTEXT=4 --renderer gl" \
    --rounds "$ROUNDS" | grep -v '^round '
done
echo "gpubench: done in $((SECONDS - start)) s"
