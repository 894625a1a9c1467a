#!/usr/bin/env bash
# Issue 15's scoring matrix through Kafka and the running processors: both generators, three
# seeds each, 2,000 households × 21 days (14 of warm-up streamed, 7 scored). Each run writes
# its report rows to $OUT/<generator>-<seed>.json and its printout to .txt; runs already done
# are skipped, so the matrix can be resumed. The simulator is where parameters were chosen; the
# households generator is held out. Needs a broker: KAFKA_BROKERS (see infra/kafka/kafka.sh).
#
#   OUT=/tmp/score bash test/scoring/score-matrix.sh [simulator|households ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/onegrid-score-matrix}
HOUSEHOLDS=${HOUSEHOLDS:-2000}
SEEDS=${SEEDS:-"101 202 303"}
GENERATORS=${*:-"simulator households"}
mkdir -p "$OUT"
for generator in $GENERATORS; do
  for seed in $SEEDS; do
    base="$OUT/$generator-$seed"
    [[ -s "$base.json" ]] && continue
    extra=()
    [[ $generator == simulator ]] && extra=(--incidents-per-10k 200)
    node test/scoring/score-scenario.ts --generator "$generator" --seed "$seed" \
      --households "$HOUSEHOLDS" --warmup-days 14 --hours 168 --out "$base.json" "${extra[@]}" | tee "$base.txt"
  done
done
node test/scoring/summarize-matrix.ts "$OUT"
