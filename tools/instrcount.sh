#!/usr/bin/env bash
# Instructions per sample of `synth generate`, counted by valgrind's
# callgrind: a measure that does not move with the machine's load, for
# changes too small to show in wall time on a shared machine (synth bench's
# spread between rounds is ±3–15% on the 2-core development machine).
#
#   tools/instrcount.sh [-g GENERATOR] [-n N] [-b BASE] [-t TOP] [-s WxH] BINARY [BINARY ...]
#
# Each binary runs `generate GENERATOR --workers 1` twice under callgrind
# (GOMAXPROCS=1; Go's asynchronous preemption off, which callgrind needs),
# with BASE and BASE+N samples, into the same seed; instructions per sample
# are the difference over N, so the process's start-up cancels and what
# remains is the mean cost of samples BASE+1..BASE+N (scene, render,
# post-effects, labels, encoding, writing; environments and catalogue
# entries first met there included). It prints, per binary, instructions
# per sample and the ratio to the first binary, whether its shards are
# byte-identical to the first binary's, and with -t the TOP functions'
# instructions per sample side by side (inlined code counts in the
# function it was inlined into).
#
# Run to run, the Go runtime's own work (GC, scheduler) moves a count by
# about 0.2% with the defaults (the same binary twice: 1415.2 and 1412.6M
# a shelves sample); on basic at 160x120 by up to 3% with -n 2 and 0.25%
# with -n 12.
#
# valgrind hides some processor features, so a library may take another
# path under it than natively: Go's SHA-256 runs its AVX2 code there
# (~80M instructions a shelves sample) where SHA-NI is 0.7% of a native
# profile. Compare binaries with each other, not with a profile.
#
# Instructions are not time: a change that lets the processor overlap
# latency (shading.PowN) can save time without saving instructions, and a
# cache miss costs time without instructions. Use it beside `synth bench
# --against` and Go benchmarks, not instead of them.
#
# Defaults: GENERATOR shelves, N 8, BASE 4, TOP 0, the generator's size.
# About 2.5 minutes per binary for shelves with the defaults on the
# development machine (valgrind runs ~50x slower than native).
set -euo pipefail
gen=shelves n=8 base=4 top=0 size=
while getopts "g:n:b:t:s:" o; do
  case $o in
  g) gen=$OPTARG ;;
  n) n=$OPTARG ;;
  b) base=$OPTARG ;;
  t) top=$OPTARG ;;
  s) size=$OPTARG ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
  echo "instrcount: name at least one synth binary" >&2
  exit 2
fi
for t in valgrind callgrind_annotate; do
  command -v $t >/dev/null || { echo "instrcount: $t not found (Debian: apt-get install valgrind)" >&2; exit 1; }
done
[[ $n =~ ^[1-9][0-9]*$ && $base =~ ^[1-9][0-9]*$ && $top =~ ^[0-9]+$ ]] || {
  echo "instrcount: -n and -b must be positive integers, -t a count" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# counts FILE: "function instructions" lines, the function's file and
# binary and callgrind's recursion marks ('2) dropped, summed by name.
counts() {
  callgrind_annotate --auto=no --show-percs=no --threshold=100 "$1" |
    awk '$1 ~ /^[0-9,]+$/ && $2 != "PROGRAM" {
      c = $1; gsub(",", "", c); f = $2
      sub(/^[^:]*:/, "", f); sub(/\047[0-9]+$/, "", f)
      s[f] += c
    } END { for (f in s) print f, s[f] }'
}
total() { callgrind_annotate --auto=no --show-percs=no "$1" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'; }

sizearg=()
[ -n "$size" ] && sizearg=(--size "$size")
i=0
for bin in "$@"; do
  [ -x "$bin" ] || { echo "instrcount: $bin is not an executable" >&2; exit 1; }
  for k in "$base" $((base + n)); do
    GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/$i-$k.out" \
      "$bin" generate "$gen" -q -n "$k" --workers 1 "${sizearg[@]}" -o "$tmp/out-$i-$k" >"$tmp/$i-$k.log" 2>&1 ||
      { echo "instrcount: $bin generate $gen -n $k failed:" >&2; grep -v '^==[0-9]*==' "$tmp/$i-$k.log" | tail -n 20 >&2; exit 1; }
  done
  a=$(total "$tmp/$i-$base.out") b=$(total "$tmp/$i-$((base + n)).out")
  echo $(( (b - a) / n )) >"$tmp/$i.per"
  counts "$tmp/$i-$base.out" >"$tmp/$i.a"
  counts "$tmp/$i-$((base + n)).out" >"$tmp/$i.b"
  awk -v n="$n" 'NR == FNR { a[$1] = $2; next } { d = ($2 - a[$1]) / n; if (d > 0) printf "%s %.0f\n", $1, d }' \
    "$tmp/$i.a" "$tmp/$i.b" >"$tmp/$i.fn"
  i=$((i + 1))
done

echo "instructions per sample: $gen, samples $((base + 1))-$((base + n)), one worker${size:+, $size}"
first=$(cat "$tmp/0.per")
printf '  %-12s %8s  %-9s %s\n' "M/sample" "ratio" "shards" "binary"
i=0
for bin in "$@"; do
  per=$(cat "$tmp/$i.per")
  same="-"
  if [ $i -gt 0 ]; then
    if diff -r "$tmp/out-0-$((base + n))" "$tmp/out-$i-$((base + n))" >/dev/null; then same=identical; else same=differ; fi
  fi
  printf '  %-12s %7.4fx  %-9s %s\n' "$(awk -v p="$per" 'BEGIN { printf "%.1f", p / 1e6 }')" \
    "$(awk -v p="$per" -v f="$first" 'BEGIN { print p / f }')" "$same" "$bin"
  i=$((i + 1))
done

if [ "$top" -gt 0 ]; then
  echo
  echo "top $top functions of the first binary, M instructions per sample (then each other binary's):"
  files=()
  for ((j = 0; j < $#; j++)); do files+=("$tmp/$j.fn"); done
  awk -v m=$# '
    { k = FILENAME; sub(/.*\//, "", k); sub(/\.fn$/, "", k); v[$1, k] = $2; if (k == 0) first[$1] = $2 }
    END {
      for (f in first) {
        line = sprintf("%9.2f", first[f] / 1e6)
        for (j = 1; j < m; j++) line = line sprintf(" %9.2f (%+6.1f%%)", v[f, j] / 1e6, 100 * (v[f, j] - first[f]) / first[f])
        printf "%d\t%s  %s\n", first[f], line, f
      }
    }' "${files[@]}" | sort -t$'\t' -k1,1nr | awk -F'\t' -v t="$top" 'NR <= t { print $2 }' # reads all: no SIGPIPE under pipefail
fi
