#!/usr/bin/env bash
# The store (--db) against plain runs, on a generated corpus as a folder of
# files (one file per letter, as an archive of PDFs' text would be):
#   - a full run with a new store against the same run without one;
#   - a rerun after adding 1% new files, and one with nothing changed,
#     against the full run;
#   - the store's size per letter, and the time to plan a run (list the
#     files, compare them with the store) for every file of the corpus.
# With --pdf the corpus is a folder of PDFs instead: copies of the published
# letter PDFs (../shared/real/pdf), 1,000 per subfolder, plus 1% more copies.
# Before timing it checks that the store's statistics equal the plain run's.
# Each time is the wall time and, after "cpu", the CPU time (user + system)
# the run took: on a loaded machine the CPU times compare better.
#
# Usage: scripts/bench_store.sh [--size SIZE | --letters N | --pdf [--files N]]
#                               [--runs N] [--imr PATH] [--work DIR] [--threads N]
#   --size SIZE    corpus size: 1G (default), 200M, ... (as scripts/bench.sh)
#   --letters N    exact letter count instead
#   --pdf          a corpus of PDFs: --files N copies (default 2000)
#   --runs N       timed runs per measurement (default 3; median reported)
#   --imr PATH     the imr to time (default build/bin/imr)
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
pdf=0
pdf_files=2000
while (($#)); do
  case "$1" in
    --store) ;;  # how scripts/bench.sh hands over
    --pdf) pdf=1 ;;
    --files) pdf_files="${2:?}"; shift ;;
    --size) size="${2:?}"; shift ;;
    --letters) letters="${2:?}"; shift ;;
    --runs) runs="${2:?}"; shift ;;
    --imr) imr="${2:?}"; shift ;;
    --work) work="${2:?}"; shift ;;
    --threads) threads="${2:?}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set/d;p}' "$0"; exit 0 ;;
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

# copy_pdfs DIR FIRST COUNT: COUNT copies of the published PDFs in DIR, named
# from FIRST on, 1,000 per subfolder.
copy_pdfs() {
  local dir="$1" first="$2" count="$3" i
  mapfile -t sources < <(find "$root/../shared/real/pdf" -maxdepth 1 -type f -iname '*.pdf' | sort)
  ((${#sources[@]})) || { echo "bench_store: no PDFs in $root/../shared/real/pdf" >&2; exit 2; }
  for ((i = first; i < first + count; i++)); do
    mkdir -p "$dir/$((i / 1000))"
    cp "${sources[i % ${#sources[@]}]}" "$dir/$((i / 1000))/$i.pdf"
  done
}

if ((pdf)); then
  letters="$pdf_files"
  extra=$(((pdf_files + 99) / 100))
  corpus="$work/pdf-$pdf_files"
  added="$work/pdf-added-$extra"
else
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
fi
if [[ ! -f "$corpus.done" ]]; then
  rm -rf "$corpus" "$added"
  if ((pdf)); then
    echo "bench_store: copying $letters PDFs (+$extra) to $corpus" >&2
    copy_pdfs "$corpus" 0 "$letters"
    copy_pdfs "$added" "$letters" "$extra"
  else
    echo "bench_store: generating $letters letters (+$extra) in $corpus" >&2
    "$imr" gen --letters "$letters" --seed 42 --format dir --out "$corpus" >/dev/null
    "$imr" gen --letters "$extra" --seed 43 --format dir --out "$added" >/dev/null
  fi
  touch "$corpus.done"
fi
db="$work/store.sqlite"

# seconds CMD...: "WALL CPU", the wall and CPU (user + system) seconds of one
# run (exit 0 or 1 accepted), to the millisecond (bash's time keyword).
seconds() {
  local rc TIMEFORMAT='%3R %3U %3S'
  set +e
  { time "$@" >/dev/null 2>>"$work/log"; } 2>"$work/time"
  rc=$?
  set -e
  if ((rc > 1)); then echo "bench_store: failed (exit $rc): $*" >&2; tail -3 "$work/log" >&2; exit 1; fi
  tail -1 "$work/time" | awk '{printf "%.4f %.4f\n", $1, $2 + $3}'
}
# median: of each column of the lines read, "WALL CPU".
median() {
  local lines
  lines="$(cat)"
  local column
  for column in 1 2; do
    cut -d' ' -f"$column" <<<"$lines" | sort -g |
      awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
  done | paste -sd' '
}
# measure SETUP CMD...: medians of $runs runs of CMD, SETUP (untimed) before each.
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

what=$( ((pdf)) && echo "PDFs" || echo "letters")
printf 'corpus: %d %s in %d files, %d bytes (dir); %d added (1%%); threads %s; median of %d; load %s\n' \
  "$letters" "$what" "$files" "$corpus_bytes" "$extra" "$( ((threads > 0)) && echo "$threads" || nproc)" "$runs" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
awk -v plain="$plain" -v full="$full" -v unchanged="$unchanged" -v grow="$grow" -v store="$store_bytes" \
  -v letters="$letters" -v files="$files" -v bytes="$corpus_bytes" -v pdf="$pdf" 'BEGIN {
  split(plain, p, " "); split(full, f, " "); split(unchanged, u, " "); split(grow, g, " ")
  row = "%-40s %8.3f s %5.1f%% cpu %8.3f s %5.1f%%  %s\n"
  printf "%-40s %8s   %6s %12s   %6s\n", "", "wall", "", "cpu", ""
  printf "%-40s %8.3f s        cpu %8.3f s         %.1f MB/s (wall)\n", "imr stats (no store)", p[1], p[2], bytes / p[1] / 1e6
  printf "%-40s %8.3f s %5.2fx cpu %8.3f s %5.2fx  goal >= 0.5x of the plain run\n", "imr stats --db, new store (full run)", f[1], p[1] / f[1], f[2], p[2] / f[2]
  printf row, "imr stats --db, 1% files added", g[1], 100 * g[1] / f[1], g[2], 100 * g[2] / f[2], pdf ? "goal <= 2% of the full run" : "goal <= 10% of the full run"
  printf row, "imr stats --db, nothing changed", u[1], 100 * u[1] / f[1], u[2], 100 * u[2] / f[2], "goal <= 5% of the full run"
  printf "%-40s %8.2f us per file (wall), %.2f us (cpu)\n", "plan + print (nothing changed)", 1e6 * u[1] / files, 1e6 * u[2] / files
  printf "%-40s %8d bytes  %.0f bytes per %s\n", "store size", store, store / letters, pdf ? "PDF" : "letter"
}'
