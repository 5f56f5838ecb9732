#!/usr/bin/env bash
# Writes the generated corpora of the cluster tests into DIR: concat/ (1,500
# letters in three files), jsonl/ (600 letters in three files) and huge.txt,
# one file with runs of junk longer than a letter's maximum (1 MiB), which
# the pipeline skips and shard edges cut.
# Usage: make_corpus.sh IMR DIR
set -euo pipefail
imr=$1 dir=$2
mkdir -p "$dir"
"$imr" gen --letters 1500 --seed 5 --out "$dir/concat" --format concat --per-file 500 >/dev/null 2>&1
"$imr" gen --letters 600 --seed 6 --out "$dir/jsonl" --format jsonl --per-file 250 >/dev/null 2>&1
junk() { yes 'junk line that belongs to no letter' | head -c "$1" || true; }
blank() { yes ' ' | head -c "$1" || true; }
{
  head -c 600000 "$dir/concat/letters-00000.txt"
  junk 1500000
  blank 400000
  junk 1500000
  cat "$dir/concat/letters-00001.txt"
  junk 300000
  blank 140000
  junk 1500000
  echo
  printf 'trailing garbage'
} >"$dir/huge.txt"
