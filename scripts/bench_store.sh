#!/usr/bin/env bash
# The store (--db) against plain runs, on a generated corpus as a folder of
# files (one file per letter, as an archive of PDFs' text would be):
#   - a full run with a new store against the same run without one;
#   - a rerun after adding 1% new files, and one with nothing changed,
#     against the full run;
#   - the store's size per letter, and the time to plan a run (list the
#     files, compare them with the store) for every file of the corpus.
# Before timing it checks that the store's statistics equal the plain run's.
#
# Usage: scripts/bench_store.sh [--size SIZE | --letters N] [--runs N] [--imr PATH]
#                               [--work DIR] [--threads N]
#   --size SIZE    corpus size: 1G (default), 200M, ... (as scripts/bench.sh)
#   --letters N    exact letter count instead
#   --runs N       timed runs per measurement (default 3; median reported)
#   --work DIR     where the corpus and stores go (kept; a corpus there is
#                  reused); default a temporary folder, removed at exit
#   --threads N    imr --threads (default: every core)
# Exit status: 0 ok, 1 a run failed or the outputs differ, 2 usage.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
imr="$root/build/bin/imr"
size="1G"
letters=""
runs=3
work=""
threads=0
while (($#)); do
  case "$1" in
    --store) ;;  # how scripts/bench.sh hands over
    --size) size="${2:?}"; shift ;;
    --letters) letters="${2:?}"; shift ;;
    --runs) runs="${2:?}"; shift ;;
    --imr) imr="${2:?}"; shift ;;
    --work) work="${2:?}"; shift ;;
    --threads) threads="${2:?}"; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench_store: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[[ -x "$imr" ]] || { echo "bench_store: $imr is not built" >&2; exit 2; }
temporary=0
if [[ -z "$work" ]]; then
  work="$(mktemp -d "$root/build/bench-store.XXXXXX")"
  temporary=1
fi
mkdir -p "$work"
cleanup() { if ((temporary)); then rm -rf "$work"; fi; }
trap cleanup EXIT

if [[ -z "$letters" ]]; then
  case "$size" in
    *G) bytes=$((${size%G} << 30)) ;;
    *M) bytes=$((${size%M} << 20)) ;;
    *) bytes="$size" ;;
  esac
  letters=$((bytes / 3650))  # generated letters average about 3.65 kB
fi
extra=$(((letters + 99) / 100))
corpus="$work/corpus-$letters"
added="$work/added-$extra"
if [[ ! -f "$corpus.done" ]]; then
  rm -rf "$corpus" "$added"
  echo "bench_store: generating $letters letters (+$extra) in $corpus" >&2
  "$imr" gen --letters "$letters" --seed 42 --format dir --out "$corpus" >/dev/null
  "$imr" gen --letters "$extra" --seed 43 --format dir --out "$added" >/dev/null
  touch "$corpus.done"
fi
db="$work/store.sqlite"

# seconds CMD...: wall seconds of one run (exit 0 or 1 accepted).
seconds() {
  local t0 t1 rc
  t0="$(date +%s%N)"
  set +e
  "$@" >/dev/null 2>>"$work/log"
  rc=$?
  set -e
  t1="$(date +%s%N)"
  if ((rc > 1)); then echo "bench_store: failed (exit $rc): $*" >&2; tail -3 "$work/log" >&2; exit 1; fi
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", (b - a) / 1e9}'
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# measure SETUP CMD...: median of $runs runs of CMD, SETUP (untimed) before each.
measure() {
  local setup="$1" i
  shift
  for ((i = 0; i < runs; i++)); do
    eval "$setup"
    seconds "$@"
  done | median
}

stats=("$imr" stats --format json)
if ((threads > 0)); then stats+=(--threads "$threads"); fi
# same WHAT: checks that the store's statistics equal a plain run's.
same() {
  "${stats[@]}" "$corpus" >"$work/plain.json" 2>>"$work/log" || (($? == 1)) || exit 1
  "${stats[@]}" --db "$db" "$corpus" >"$work/store.json" 2>>"$work/log" || (($? == 1)) ||
    { echo "bench_store: imr stats --db failed (see $work/log)" >&2; exit 1; }
  [[ -s "$work/plain.json" ]] && cmp -s "$work/plain.json" "$work/store.json" ||
    { echo "bench_store: the store's statistics differ from the plain run's $1" >&2; exit 1; }
}
rm -f "$db"
same "on a new store"
cp "$db" "$db.full"
mv "$added" "$corpus/added"
same "after adding files"
mv "$corpus/added" "$added"
same "after removing files"
cp "$db.full" "$db"

seconds "${stats[@]}" "$corpus" >/dev/null  # warm the page cache
plain=$(measure ":" "${stats[@]}" "$corpus")
full=$(measure "rm -f '$db'" "${stats[@]}" --db "$db" "$corpus")
store_bytes=$(stat -c %s "$db")
cp "$db" "$db.full"
unchanged=$(measure ":" "${stats[@]}" --db "$db" "$corpus")
grow=$(measure "cp '$db.full' '$db'; [[ -d '$corpus/added' ]] || mv '$added' '$corpus/added'" \
  "${stats[@]}" --db "$db" "$corpus")
mv "$corpus/added" "$added"
cp "$db.full" "$db"
files=$(find "$corpus" -type f | wc -l)
corpus_bytes=$(du -sb "$corpus" | cut -f1)

printf 'corpus: %d letters in %d files, %d bytes (dir); %d added (1%%); threads %s; median of %d\n' \
  "$letters" "$files" "$corpus_bytes" "$extra" "$( ((threads > 0)) && echo "$threads" || nproc)" "$runs"
awk -v plain="$plain" -v full="$full" -v unchanged="$unchanged" -v grow="$grow" -v store="$store_bytes" \
  -v letters="$letters" -v files="$files" -v bytes="$corpus_bytes" 'BEGIN {
  printf "%-44s %9.3f s  %8.1f MB/s\n", "imr stats (no store)", plain, bytes / plain / 1e6
  printf "%-44s %9.3f s  %8.1f MB/s  %.2fx (goal >= 0.5x)\n", "imr stats --db, new store (full run)", full, bytes / full / 1e6, plain / full
  printf "%-44s %9.3f s  %5.1f%% of full (goal <= 10%%)\n", "imr stats --db, 1% files added", grow, 100 * grow / full
  printf "%-44s %9.3f s  %5.1f%% of full (goal <= 5%%)\n", "imr stats --db, nothing changed", unchanged, 100 * unchanged / full
  printf "%-44s %9.3f s  for %d files (%.2f us per file)\n", "plan + print (nothing changed)", unchanged, files, 1e6 * unchanged / files
  printf "%-44s %9d bytes  %.0f bytes per letter\n", "store size", store, store / letters
}'
