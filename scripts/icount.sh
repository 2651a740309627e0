#!/usr/bin/env bash
# Instruction counts of a whole build, for comparing binaries on a shared,
# noisy machine where wall and even CPU times swing with other work.
#
#   scripts/icount.sh [--size 1000] BIN [BIN...]
#
# Builds the generated corpus of SIZE articles (target/bench/SIZE, made by
# scripts/bench.sh or ../shared/bench/gencorpus.py) with each binary under
# valgrind's callgrind on one thread, and prints the instructions executed
# in total and in the functions of each of dateline's modules (self cost;
# library code such as memcpy and malloc is counted under "other"). Counts
# are deterministic for a
# given binary and input, so a 1 % difference is a real one; they do not
# see cache misses or system time, so confirm large changes with
# scripts/bench.sh. Needs valgrind (apt-get install valgrind).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
size=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "icount: expected at least one binary (see --help)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "icount: expected valgrind on PATH (apt-get install valgrind)" >&2; exit 2; }
corpus="${CARGO_TARGET_DIR:-$root/target}/bench/$size/dateline"
[ -d "$corpus" ] || { echo "icount: expected a corpus at $corpus (run scripts/bench.sh --sizes $size --runs 1)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
modules="content resolve timeline render output"
printf '%-44s %14s' binary total
for m in $modules other; do printf ' %13s' "$m"; done
echo
for bin in "$@"; do
  rm -rf "$work/out"
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
    "$bin" build --quiet --root "$corpus" --output "$work/out" >/dev/null 2>"$work/log" || {
    echo "icount: $bin failed:" >&2; cat "$work/log" >&2; exit 1; }
  callgrind_annotate --threshold=100 "$work/cg.out" 2>/dev/null | python3 -c '
import re, sys
modules = sys.argv[1].split()
total, by = 0, {m: 0 for m in modules + ["other"]}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+\S*?:(\S+)", line)
    if not m:
        t = re.match(r"\s*([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", line)
        if t:
            total = int(t.group(1).replace(",", ""))
        continue
    n, sym = int(m.group(1).replace(",", "")), m.group(2)
    hit = next((k for k in modules if sym.startswith("dateline::" + k + "::") or sym.startswith("<dateline::" + k + "::")), "other")
    by[hit] += n
print(" ".join([str(total)] + [str(by[k]) for k in modules + ["other"]]))
' "$modules" | { read -r total rest; printf '%-44s %14s' "$bin" "$total"; for n in $rest; do printf ' %13s' "$n"; done; echo; }
done
