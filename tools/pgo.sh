#!/usr/bin/env bash
# Regenerates cmd/synth/default.pgo, the CPU profile that `go build` and
# `go run ./cmd/synth` use for profile-guided optimisation (-pgo=auto: the
# compiler inlines the hot calls of the shading loop that its size budget
# would refuse). The profile is of the work synth does most: `synth bench`
# of shelves and of basic with the pure-Go renderer and, when a GL context
# can be made (SYNTHKIT_GL_CONTEXT, egl by default), of shelves with the gl
# renderer, merged into one.
#
#   tools/pgo.sh          # about 2 minutes on 2 cores; then commit default.pgo
#
# PGO changes inlining only: on amd64's default GOAMD64 (no fused
# multiply-adds) the shards are the same bytes as a build without it
# (-pgo=off), which CI checks; see deploy/README.md, "Nodes of one
# floating-point profile", for architectures that fuse.
#
# Environment: N (samples per run, default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-200}
export SYNTHKIT_GL_CONTEXT=${SYNTHKIT_GL_CONTEXT:-egl}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The profiled binaries are built without a profile, so that the new one
# does not depend on the old.
go build -pgo=off -o "$tmp/synth" ./cmd/synth
profiles=()
for gen in shelves basic; do
	echo "== soft: $gen, $N samples"
	"$tmp/synth" bench "$gen" -n "$N" --cpuprofile "$tmp/$gen.prof" | sed -n 2p
	profiles+=("$tmp/$gen.prof")
done
if go build -pgo=off -tags gl -o "$tmp/synth-gl" ./cmd/synth 2>/dev/null &&
	env -u DISPLAY SYNTHKIT_GL_REQUIRED=1 "$tmp/synth-gl" bench shelves --renderer gl -n $((N / 2)) --cpuprofile "$tmp/gl.prof" >"$tmp/gl.txt" 2>&1; then
	echo "== gl: shelves, $((N / 2)) samples"
	sed -n 2p "$tmp/gl.txt"
	profiles+=("$tmp/gl.prof")
else
	echo "== gl: no GL build or context here; the profile is the soft renderer's only"
fi
go tool pprof -proto "${profiles[@]}" >"$tmp/merged.pgo"
mv "$tmp/merged.pgo" cmd/synth/default.pgo
echo "wrote cmd/synth/default.pgo ($(wc -c <cmd/synth/default.pgo) bytes, ${#profiles[@]} profiles)"
