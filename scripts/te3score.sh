#!/usr/bin/env bash
# Scores `dateline resolve` on the TempEval-3 training set (TIMEX3 only).
# Usage: scripts/te3score.sh [BIN] [extra te3score.py args, e.g. --errors -]
# BIN defaults to $CARGO_TARGET_DIR/release/dateline (or target/release).
set -euo pipefail
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/dateline}
shift || true
TE3=${TE3:-/work/shared/tempeval3}
PRED=${PRED:-/tmp/pred.jsonl}
for f in "$TE3"/train-plain/*.txt; do
  "$BIN" resolve --dct "$(cat "${f%.txt}.dct")" --format jsonl "$f"
done > "$PRED"
python3 /work/shared/tools/te3score.py "$TE3/train" "$PRED" --errors "${ERRORS:-/tmp/err.tsv}" "$@"
