#!/usr/bin/env bash
# Times the whole `ratchet diff` process on two synthetic ~10 MB schemas that differ in about
# 1% of their objects: read both files, parse, build both models through the rule engine,
# plan, print JSON. Reports the best and median wall time and the peak RSS.
#
#   Benchmarks/diff-process.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
swift build -c release --product ratchet >/dev/null && swift build -c release --product ratchet-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.build/release/ratchet-bench diff --write-to "$work"
times=()
for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" .build/release/ratchet diff "$work/a.sql" "$work/b.sql" \
        --format json --allow-destructive --allow-recreate-indexes > "$work/plan.json"
    times+=("$(cat "$work/time")")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
    { t[NR] = $1; if ($2 > peak) peak = $2 }
    END { printf "ratchet diff (process): best %.3f s, median %.3f s over %d runs; peak RSS %.1f MB\n", t[1], t[int((NR + 1) / 2)], runs, peak / 1024 }'
echo "plan: $(grep -o '"sql"' "$work/plan.json" | wc -l) statements"
