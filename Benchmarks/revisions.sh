#!/usr/bin/env bash
# Times whole `ratchet` processes on large revision histories:
#   history and heads on a 10,000-revision chain;
#   upgrade base:head --sql and downgrade head:base --sql on 1,000 and 4,000 revisions (each a
#   table with 8 columns and an index): the 4,000 figures should be at most 4.5x the 1,000 ones.
#
#   Benchmarks/revisions.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
swift build -c release --product ratchet >/dev/null
swift build -c release --product ratchet-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.build/release/ratchet-bench revisions --count 10000 --write-to "$work/chain10k" >/dev/null
.build/release/ratchet-bench revisions --count 1000 --write-to "$work/chain1k" >/dev/null
.build/release/ratchet-bench revisions --count 4000 --write-to "$work/chain4k" >/dev/null

measure() {
    local label="$1"; shift
    local times=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out"
        times+=("$(cat "$work/time")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v runs="$runs" -v lines="$(wc -l < "$work/out")" '
        { t[NR] = $1; if ($2 > peak) peak = $2 }
        END { printf "%-40s best %.3f s, median %.3f s over %d runs; peak RSS %.1f MB; %d lines of output\n", label, t[1], t[int((NR + 1) / 2)], runs, peak / 1024, lines }'
}

measure "history (10,000 revisions)" .build/release/ratchet history --config "$work/chain10k/ratchet.toml"
measure "heads (10,000 revisions)" .build/release/ratchet heads --config "$work/chain10k/ratchet.toml"
measure "upgrade base:head --sql (1,000 revisions)" .build/release/ratchet upgrade base:head --sql --config "$work/chain1k/ratchet.toml"
measure "upgrade base:head --sql (4,000 revisions)" .build/release/ratchet upgrade base:head --sql --config "$work/chain4k/ratchet.toml"
measure "downgrade head:base --sql (1,000 revisions)" .build/release/ratchet downgrade head:base --sql --config "$work/chain1k/ratchet.toml"
measure "downgrade head:base --sql (4,000 revisions)" .build/release/ratchet downgrade head:base --sql --config "$work/chain4k/ratchet.toml"
