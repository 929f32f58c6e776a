#!/usr/bin/env bash
# Builds the SpannerDDL libFuzzer target and runs it.
#
#   Fuzz/run.sh [SECONDS]        fuzz for SECONDS (default 600) on all cores but one
#
# Crashes are written to Fuzz/.out/crash-*; each one found becomes a regression case in
# Tests/SpannerDDLTests/Corpus/fuzz-regressions/. The working corpus lives in Fuzz/corpus-work
# (ignored by git) and is seeded from the test corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
out=Fuzz/.out
mkdir -p "$out" Fuzz/corpus-work
cp -n Tests/SpannerDDLTests/Corpus/valid/*.sql Fuzz/corpus-work/ 2>/dev/null || true
for file in Tests/SpannerDDLTests/Corpus/postgresql/valid/*.sql; do cp -n "$file" "Fuzz/corpus-work/pg-$(basename "$file")" 2>/dev/null || true; done
cp -n Tests/SpannerDDLTests/Corpus/fuzz-regressions/* Fuzz/corpus-work/ 2>/dev/null || true

swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name SpannerDDLFuzz \
  $(find Sources/SpannerDDL -name '*.swift') Fuzz/FuzzTarget.swift -o "$out/fuzz-ddl"

workers="${FUZZ_WORKERS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}"
# libFuzzer writes its per-job logs to the working directory: keep them in Fuzz/.out.
root="$PWD"
cd "$out"
./fuzz-ddl "$root/Fuzz/corpus-work" -max_total_time="$seconds" -max_len=4096 \
  -artifact_prefix="$root/$out/" -dict="$root/Fuzz/ddl.dict" -jobs="$workers" -workers="$workers" -print_final_stats=1
