#!/usr/bin/env bash
# OpenGL backend checks (render/gl, build tag gl) on Mesa llvmpipe: the test
# suite once on EGL surfaceless (no X at all) and once through a hidden GLFW
# window under Xvfb. SYNTHKIT_GL_REQUIRED=1 turns "no context" into a test
# failure instead of a skip. Runs as root with CI=true; about three minutes
# once the packages are installed (the first cgo build of go-gl takes ~1 min,
# the race-detector run about 1.5).
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(libgl-dev libegl-dev libgl1-mesa-dri libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libegl-mesa0 libglx-mesa0 xvfb xauth pkg-config)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export SYNTHKIT_GL_REQUIRED=1

echo "-- go vet -tags gl ./render/gl/..."
go vet -tags gl ./render/gl/...

echo "-- EGL (device platform or surfaceless; no display)"
env -u DISPLAY -u WAYLAND_DISPLAY SYNTHKIT_GL_CONTEXT=egl \
  go test -count=1 -tags gl -run 'TestInfo$' -v ./render/gl/ | grep -E 'Provider|^(ok|FAIL|---)'
env -u DISPLAY -u WAYLAND_DISPLAY SYNTHKIT_GL_CONTEXT=egl \
  go test -count=1 -tags gl ./render/gl/...

echo "-- race detector on EGL: the tests where workers share one context (clients, pipelining, recycling, loss)"
env -u DISPLAY -u WAYLAND_DISPLAY SYNTHKIT_GL_CONTEXT=egl \
  go test -race -count=1 -tags gl \
  -run 'TestConcurrentRenderers|TestJobPipelinedIdentical|TestClientDepth|TestPipeline|TestReleaseFrame|TestCancelledContext|TestClose|TestContextLost|TestEnvironmentCache|TestRobustContext' \
  ./render/gl/

echo "-- GLFW hidden window under Xvfb"
SYNTHKIT_GL_CONTEXT=glfw xvfb-run -a -s "-screen 0 640x480x24" \
  go test -count=1 -tags gl ./render/gl/...

echo "-- synth generate --renderer gl through the CLI on EGL (no display), then inspect"
cli=$(mktemp -d)
trap 'rm -rf "$cli"' EXIT
go build -tags gl -o "$cli/synth" ./cmd/synth
env -u DISPLAY -u WAYLAND_DISPLAY SYNTHKIT_GL_CONTEXT=egl \
  "$cli/synth" generate basic -n 8 --size 160x120 --renderer gl -q -o "$cli/out"
"$cli/synth" inspect "$cli/out" | tee "$cli/inspect.txt"
grep -Eq '^rows:[[:space:]]+8\b' "$cli/inspect.txt" || { echo "inspect does not report 8 rows" >&2; exit 1; }
echo "-- the same with two workers on a GL context each (SYNTHKIT_GL_WORKERS_PER_CONTEXT=1): the same bytes"
env -u DISPLAY -u WAYLAND_DISPLAY SYNTHKIT_GL_CONTEXT=egl SYNTHKIT_GL_WORKERS_PER_CONTEXT=1 \
  "$cli/synth" generate basic -n 8 --size 160x120 --renderer gl --workers 2 -q -o "$cli/out2"
diff -r "$cli/out" "$cli/out2" || { echo "one GL context per worker changed the shards" >&2; exit 1; }

echo "-- tools/gpubench.sh smoke run on llvmpipe (soft vs gl through synth bench --compare)"
N=8 ROUNDS=1 SIZES=640x480 bash tools/gpubench.sh

echo "-- synth view under Xvfb (.ci/view.sh)"
bash .ci/view.sh
