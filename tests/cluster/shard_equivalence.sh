#!/usr/bin/env bash
# For each corpus, shard count N and chunk size given: `imr stats --partial
# --shard I/N` for every I merged with `imr merge` must print what one
# `imr stats` prints, byte for byte (JSON and Markdown), and `imr extract
# --shard I/N` outputs (JSON Lines and CSV) concatenated in shard order must
# equal one `imr extract`.
# Usage: shard_equivalence.sh IMR TMPDIR "N..." "CHUNK..." PATH...
set -euo pipefail
imr=$1 tmp=$2 counts=$3 chunks=$4
shift 4
mkdir -p "$tmp"
fail=0
for chunk in $chunks; do
  c=(--chunk-size "$chunk" --threads 2)
  "$imr" stats "${c[@]}" --format json "$@" >"$tmp/one.json" 2>"$tmp/one.err" || true
  "$imr" stats "${c[@]}" --format md "$@" >"$tmp/one.md" 2>/dev/null || true
  "$imr" extract "${c[@]}" "$@" >"$tmp/one.jsonl" 2>"$tmp/one.xerr" || true
  "$imr" extract "${c[@]}" --format csv --no-text "$@" >"$tmp/one.csv" 2>/dev/null || true
  for n in $counts; do
    rm -f "$tmp"/part-*.json "$tmp"/ex-* "$tmp"/csv-*
    for ((i = 0; i < n; i++)); do
      "$imr" stats "${c[@]}" --partial --shard "$i/$n" --out "$tmp/part-$i.json" "$@" 2>/dev/null || true
      "$imr" extract "${c[@]}" --shard "$i/$n" "$@" >"$tmp/ex-$(printf %05d "$i")" 2>/dev/null || true
      "$imr" extract "${c[@]}" --shard "$i/$n" --format csv --no-text "$@" >"$tmp/csv-$(printf %05d "$i")" 2>/dev/null || true
    done
    "$imr" merge --format json "$tmp"/part-*.json >"$tmp/merged.json" || true
    "$imr" merge --format md "$tmp"/part-*.json >"$tmp/merged.md" || true
    cat "$tmp"/ex-* >"$tmp/cat.jsonl"
    cat "$tmp"/csv-* >"$tmp/cat.csv"
    for pair in one.json:merged.json one.md:merged.md one.jsonl:cat.jsonl one.csv:cat.csv; do
      if ! cmp -s "$tmp/${pair%%:*}" "$tmp/${pair##*:}"; then
        echo "FAIL chunk=$chunk N=$n: ${pair%%:*} differs from ${pair##*:} ($*)"
        diff "$tmp/${pair%%:*}" "$tmp/${pair##*:}" | head -5
        fail=1
      fi
    done
  done
done
if [[ $fail == 0 ]]; then echo "shards: identical ($*; N=$counts; chunks=$chunks)"; fi
exit $fail
