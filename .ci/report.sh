#!/usr/bin/env bash
# Opens the dataset report (synth report) in headless Chromium and checks
# that it renders: no console errors or failed loads, every <img> of the
# page on disk, a screenshot that is not blank, and every plot and the
# sample sheet a decodable, non-uniform PNG (tools/pngcheck).
#
#   bash .ci/report.sh [SCREENSHOT.png]
#
# Runs as root with CI=true from .ci/run; installs Debian's chromium when
# missing. With an argument it also writes the screenshot, scaled to
# 1000 px wide, there (docs/report.png in the README is made this way).
set -euo pipefail
copy=${1:+$(realpath -m "$1")} # before the cd: relative to the caller
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  echo "installing chromium (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
fi
chromium --version

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/synth" ./cmd/synth
go build -o "$tmp/pngcheck" ./tools/pngcheck
"$tmp/synth" generate basic -n 24 --size 320x240 --shard-size 8 -o "$tmp/ds" -q
"$tmp/synth" report "$tmp/ds" -o "$tmp/report"
page="$tmp/report/index.html"
test -s "$page" || { echo "report.sh: FAIL: $page missing" >&2; exit 1; }

# chrome runs headless Chromium on the report with its own throw-away
# profile and no network; extra flags follow.
chrome() {
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$tmp")" "$@" "file://$page"
}

echo "== screenshot"
chrome --screenshot="$tmp/shot.png" --window-size=1280,2400 >"$tmp/shot.log" 2>&1 || {
  cat "$tmp/shot.log" >&2; echo "report.sh: FAIL: chromium --screenshot" >&2; exit 1; }
test -s "$tmp/shot.png" || { cat "$tmp/shot.log" >&2; echo "report.sh: FAIL: no screenshot" >&2; exit 1; }

echo "== console and resource loads"
chrome --enable-logging=stderr --v=0 --dump-dom >"$tmp/dom.html" 2>"$tmp/console.log" || {
  cat "$tmp/console.log" >&2; echo "report.sh: FAIL: chromium --dump-dom" >&2; exit 1; }
# The page has no scripts, so any console message is a fault (a failed
# image load is logged as "Failed to load resource: net::ERR_...").
if grep -E 'CONSOLE|Failed to load resource|net::ERR_|Not allowed to load local resource|Uncaught' "$tmp/console.log"; then
  echo "report.sh: FAIL: console errors or failed loads (above)" >&2
  exit 1
fi
grep -q '</html>' "$tmp/dom.html" || { echo "report.sh: FAIL: --dump-dom printed no page" >&2; exit 1; }

echo "== images of the page"
mapfile -t imgs < <(grep -oE '<img[^>]*>' "$tmp/dom.html" | sed -nE 's/.*src="([^"]*)".*/\1/p')
if ((${#imgs[@]} < 2)); then
  echo "report.sh: FAIL: the page has ${#imgs[@]} images, want the plots and the sample sheet" >&2
  exit 1
fi
files=()
for src in "${imgs[@]}"; do
  case $src in
    file://*) f=${src#file://} ;;
    /*|*:*) echo "report.sh: FAIL: <img src=\"$src\"> is not relative to the report folder" >&2; exit 1 ;;
    *) f="$tmp/report/$src" ;;
  esac
  test -f "$f" || { echo "report.sh: FAIL: <img src=\"$src\">: no file $f" >&2; exit 1; }
  files+=("$f")
done
echo "${#files[@]} images, all on disk"

echo "== pixels: the screenshot is not blank, every image decodes and is not uniform"
scaled=()
if [[ -n $copy ]]; then scaled=(-o "$copy" -scale 1000); fi
"$tmp/pngcheck" -colors 256 -nonbg 0.05 "${scaled[@]}" "$tmp/shot.png"
"$tmp/pngcheck" -colors 16 -nonbg 0.01 "${files[@]}"

echo "report.sh: OK"
