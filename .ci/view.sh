#!/usr/bin/env bash
# `synth view` under Xvfb: builds synth with -tags gl, opens the preview
# window on a virtual display, draws a few frames of the basic generator,
# saves the window's framebuffer (glReadPixels, --screenshot) and, while
# the window is still open, an X screenshot of the whole screen (xwd).
# Then checks that both PNGs are not blank (many distinct colours, no
# colour covering nearly everything) and that the window's pixels on the X
# screen are the ones glReadPixels returned. A second run presses keys
# (next sample, boxes overlay, orbit, info) and checks its screenshot too.
# Runs as root with CI=true (installs x11-apps and imagemagick if missing);
# .ci/gl.sh calls it. Needs no network once the packages are installed.
# SYNTHKIT_VIEW_KEEP=DIR keeps the PNGs there for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(libgl-dev libegl-dev libgl1-mesa-dri libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libegl-mesa0 libglx-mesa0 xvfb xauth pkg-config
  x11-apps imagemagick)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
fi

# ImageMagick's convert; something else named convert may come first in PATH.
convert=
for c in /usr/bin/convert $(type -ap convert); do
  if "$c" -version 2>/dev/null | grep -q "ImageMagick"; then convert=$c; break; fi
done
[[ -n $convert ]] || { echo "view.sh: no ImageMagick convert found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "-- build synth -tags gl"
go build -tags gl -o "$tmp/synth" ./cmd/synth

# tools/pngcheck: not blank = at least 64 distinct colours and no colour on
# more than 90% of the pixels. tools/pngfind: the window's own screenshot
# is inside the X screenshot, every pixel matching.
go build -o "$tmp/pngcheck" ./tools/pngcheck
go build -o "$tmp/pngfind" ./tools/pngfind
pngcheck=("$tmp/pngcheck" -colors 64 -nonbg 0.1)

echo "-- synth view under Xvfb: framebuffer screenshot, then an X screenshot of the open window"
# Inside xvfb-run: start the window, wait (read on a FIFO, no sleeps) for
# the line it prints once the screenshot is written and the frame is on
# screen, grab the screen with xwd, then stop the window with SIGTERM.
mkfifo "$tmp/view.out"
xvfb-run -a -s "-screen 0 800x600x24" bash -c '
  set -euo pipefail
  tmp=$1 convert=$2
  "$tmp/synth" view basic --frames 3 --screenshot "$tmp/view.png" --keep-open >"$tmp/view.out" 2>"$tmp/view.err" &
  pid=$!
  exec 3<"$tmp/view.out"
  if ! read -r line <&3; then
    echo "synth view exited before its screenshot:" >&2; cat "$tmp/view.err" >&2; exit 1
  fi
  echo "$line"
  xwd -root -silent -display "$DISPLAY" | "$convert" xwd:- png:"$tmp/xwd.png"
  kill -TERM "$pid"
  wait "$pid" || { echo "synth view failed:" >&2; cat "$tmp/view.err" >&2; exit 1; }
' _ "$tmp" "$convert"
"${pngcheck[@]}" "$tmp/view.png"
"$tmp/pngfind" "$tmp/view.png" "$tmp/xwd.png"

echo "-- synth view with keys: next sample, boxes overlay, orbit up and right, info"
xvfb-run -a -s "-screen 0 800x600x24" \
  "$tmp/synth" view basic --seed 3 --frames 6 --keys n4wdi --screenshot "$tmp/keys.png" | tee "$tmp/keys.out"
grep -q "^sample 1: seed" "$tmp/keys.out"
grep -q "RGB + boxes, sample 1" "$tmp/keys.out"
"${pngcheck[@]}" "$tmp/keys.png"

echo "-- synth view: bad input"
if out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$tmp/synth" view basic 2>&1); then
  echo "synth view without a display succeeded" >&2; exit 1
fi
echo "$out"
grep -q "needs a display" <<<"$out"
if out=$(xvfb-run -a "$tmp/synth" view no-such-generator 2>&1); then
  echo "synth view of an unknown generator succeeded" >&2; exit 1
fi
echo "$out"
grep -q 'unknown generator "no-such-generator"' <<<"$out"

if [[ -n ${SYNTHKIT_VIEW_KEEP:-} ]]; then
  mkdir -p "$SYNTHKIT_VIEW_KEEP" && cp "$tmp"/*.png "$SYNTHKIT_VIEW_KEEP"/
fi
echo "view.sh: ok"
