#!/usr/bin/env bash
# Whole-build benchmark: dateline against Hugo on the same generated corpus.
#
#   scripts/bench.sh [--sizes "1000 10000 100000"] [--runs 5] [--no-hugo]
#
# For each size N it generates (once, cached in target/bench/N) a
# deterministic corpus of N news articles with ../shared/bench/gencorpus.py
# (also written as a Hugo site), builds it with the release binary RUNS
# times, and prints the median wall time, pages per second, peak RSS and
# the median CPU time (user + system), which moves less with the machine's
# load than wall time does.
# Where `hugo` is on PATH (Debian package `hugo`) it builds the same corpus
# in the same invocation, alternating runs, and prints the ratio. Times are
# medians of alternating runs because this machine is shared and noisy.
#
# Both tools first build once untimed, then every timed run rebuilds over
# its own previous output, as a newsroom's CI or a writer's loop does.
# (Deleting the output before each run, as an earlier version did for
# Hugo, makes ext4 scan the just-freed inodes on every create: it
# multiplied Hugo's system time by five or more at 10k articles.)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
sizes="1000 10000"
runs=5
hugo=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-hugo) hugo=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
gen="${GENCORPUS:-$root/../shared/bench/gencorpus.py}"
[ -f "$gen" ] || { echo "bench: expected the corpus generator at $gen (set GENCORPUS)" >&2; exit 2; }
command -v hugo >/dev/null || hugo=0
[ -x /usr/bin/time ] || { echo "bench: expected GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$CARGO_TARGET_DIR/release/dateline"
work="$CARGO_TARGET_DIR/bench"
mkdir -p "$work"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "dateline: $("$bin" --version)$( [ $hugo = 1 ] && echo "; $(hugo version | cut -d' ' -f1-2)")"
printf '%-8s %-9s %10s %12s %10s %8s %8s\n' articles tool "median s" "pages/s" "peak MiB" "pages" "CPU s"

# One timed run: prints "seconds max_rss_kib cpu_seconds".
timed() {
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    echo "bench: failed: $*" >&2; cat "$work/stderr.txt" >&2; exit 1; }
  read -r e m u s < "$work/time.txt"
  echo "$e $m $(python3 -c "print($u+$s)")"
}

median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

for n in $sizes; do
  corpus="$work/$n"
  if [ ! -f "$corpus/MANIFEST.txt" ]; then
    echo "generating $n articles…" >&2
    rm -rf "$corpus"
    python3 "$gen" "$n" "$corpus" >/dev/null
  fi
  d_times=(); d_rss=(); d_cpu=(); h_times=(); h_rss=(); h_cpu=()
  rm -rf "$work/out-dateline-$n" "$work/out-hugo-$n"
  timed "$bin" build --quiet --root "$corpus/dateline" --output "$work/out-dateline-$n" >/dev/null
  if [ $hugo = 1 ]; then
    timed hugo --quiet --source "$corpus/hugo" --destination "$work/out-hugo-$n" >/dev/null
  fi
  for _ in $(seq "$runs"); do
    read -r t m c < <(timed "$bin" build --quiet --root "$corpus/dateline" --output "$work/out-dateline-$n")
    d_times+=("$t"); d_rss+=("$m"); d_cpu+=("$c")
    if [ $hugo = 1 ]; then
      read -r t m c < <(timed hugo --quiet --source "$corpus/hugo" --destination "$work/out-hugo-$n")
      h_times+=("$t"); h_rss+=("$m"); h_cpu+=("$c")
    fi
  done
  pages=$(find "$work/out-dateline-$n" -name '*.html' | wc -l)
  dt=$(median "${d_times[@]}"); dm=$(median "${d_rss[@]}"); dc=$(median "${d_cpu[@]}")
  printf '%-8s %-9s %10.2f %12.0f %10.0f %8s %8.2f\n' "$n" dateline "$dt" "$(python3 -c "print($pages/max($dt,0.001))")" "$(python3 -c "print($dm/1024)")" "$pages" "$dc"
  if [ $hugo = 1 ]; then
    hp=$(find "$work/out-hugo-$n" -name '*.html' | wc -l)
    ht=$(median "${h_times[@]}"); hm=$(median "${h_rss[@]}"); hc=$(median "${h_cpu[@]}")
    printf '%-8s %-9s %10.2f %12.0f %10.0f %8s %8.2f\n' "$n" hugo "$ht" "$(python3 -c "print($hp/max($ht,0.001))")" "$(python3 -c "print($hm/1024)")" "$hp" "$hc"
    printf '%-8s ratio dateline/hugo: time %.2f, CPU %.2f, peak memory %.2f\n' "$n" "$(python3 -c "print($dt/$ht)")" "$(python3 -c "print($dc/$hc)")" "$(python3 -c "print($dm/$hm)")"
  fi
done
