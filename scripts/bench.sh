#!/usr/bin/env bash
# End-to-end throughput of imr against the floor of reading the bytes.
#
# Generates one corpus with `imr gen` (fixed seed) in three forms: one
# concatenated text file, a directory of one file per letter, and one JSON
# Lines file; the same letters in each. With a warm page cache it then times,
# in the same run and on the same files:
#   wc -l                               every byte read, nothing understood
#   rg -c ': (Upheld|Overturned)'       ripgrep finding the outcome lines
#   imr stats                           every field extracted, statistics
#   imr extract --no-text               every field, JSON records without text
#   imr extract                         every field, full JSON records
# With --formats archive (not in the default set): the letters as a folder of
# concatenated files (1,000 letters each) and as a .tar.zst of that folder,
# timing zstd -dc alone (the floor), imr stats on the archive, zstd -dc piped
# into imr stats -, and imr stats on the unpacked folder (MB/s of text).
# at one thread and at every core, and prints the median of --runs runs (after
# one warm-up run) as MB/s (1 MB = 10^6 bytes), letters/s, the ratio to rg at
# the same thread count, and peak RSS (`/usr/bin/time -v`, the largest over
# the runs). The table is also written as JSON (--json).
#
# Usage: scripts/bench.sh [--quick] [--size SIZE] [--runs N] [--imr PATH]
#                         [--work DIR] [--formats LIST] [--json FILE] [--keep]
#        scripts/bench.sh --compare REV [--imr PATH] [--letters N] [--runs N] ...
#        scripts/bench.sh --store [--size SIZE] [--runs N] [--work DIR] ...
#   --store          the SQLite store (--db): full run with and without it,
#                    reruns after adding 1% of files and with nothing changed,
#                    size per letter, planning time (scripts/bench_store.sh)
#        scripts/bench.sh --pdf [--files N] [--runs N] [--threads LIST] ...
#   --pdf            PDF throughput: imr against pdftotext once per file on
#                    the real letter PDFs replicated to 10,000 files, and
#                    peak RSS at a tenth and all of them. Options:
#                    scripts/bench_pdf.sh --help
#   --compare REV    A/B: builds REV beside the tree (build-compare/) and
#                    prints, from one run, whether both builds' outputs are
#                    byte-identical, their throughput side by side and their
#                    instruction counts; exit 1 if an output differs.
#                    Options: scripts/bench_compare.sh --help
#   --quick          a small corpus (about 4 MB), one run each, no warm-up:
#                    checks that everything runs (ctest runs this), in seconds
#   --size SIZE      corpus size: 1G (default), 4G, 200M, or bytes
#   --letters N      exact letter count instead of --size
#   --runs N         timed runs per measurement (default 5; median reported)
#   --imr PATH       the imr binary (default build/bin/imr)
#   --work DIR       where corpora go (default: a temp dir in the build
#                    directory, removed at exit); a given DIR is kept, and
#                    corpora already in it are reused
#   --formats LIST   comma-separated subset of concat,dir,jsonl,archive (default
#                    concat,dir,jsonl); e.g. --size 4G --formats concat to show
#                    RSS stays flat, --size 1G --formats archive for archives
#   --threads LIST   thread counts to time (default "1,<nproc>")
#   --seed S         generator seed (default 42)
#   --json FILE      JSON results (default bench-results.json in the work dir
#                    when it is kept, else in the build directory)
#   --keep           do not remove a temporary work dir
#
# The build directory is the one that holds the timed imr (build*/bin/imr
# under the repository), else build/: nothing is written to the caller's
# current folder.
#
# Exit status: 0 when every command ran, 1 when one failed, 2 for usage
# errors (bad flag, imr not built, a tool missing).
set -euo pipefail

# A/B mode, the store's and the PDF benchmarks are scripts of their own;
# every other option is for the table below.
for arg in "$@"; do
  if [[ "$arg" == --compare ]]; then exec bash "$(dirname "${BASH_SOURCE[0]}")/bench_compare.sh" "$@"; fi
  if [[ "$arg" == --store ]]; then exec bash "$(dirname "${BASH_SOURCE[0]}")/bench_store.sh" "$@"; fi
  if [[ "$arg" == --pdf ]]; then exec bash "$(dirname "${BASH_SOURCE[0]}")/bench_pdf.sh" "$@"; fi
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
imr="$root/build/bin/imr"
size="1G"
letters=""
runs=5
quick=0
work=""
formats="concat,dir,jsonl"
threads_list=""
seed=42
json=""
keep=0

die() {
  echo "bench: $*" >&2
  exit 2
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --size) size="${2:?--size needs a value}"; shift ;;
    --letters) letters="${2:?--letters needs a value}"; shift ;;
    --runs) runs="${2:?--runs needs a value}"; shift ;;
    --imr) imr="${2:?--imr needs a value}"; shift ;;
    --work) work="${2:?--work needs a value}"; shift ;;
    --formats) formats="${2:?--formats needs a value}"; shift ;;
    --threads) threads_list="${2:?--threads needs a value}"; shift ;;
    --seed) seed="${2:?--seed needs a value}"; shift ;;
    --json) json="${2:?--json needs a value}"; shift ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# --- Checks: everything we run must be there before anything is generated.
[[ -x "$imr" ]] || die "imr is not built at '$imr': build it first (bash scripts/run.sh, or cmake --build build), or pass --imr PATH"
"$imr" --help >/dev/null 2>&1 || die "'$imr' does not run"
command -v rg >/dev/null || die "ripgrep (rg) is missing: apt-get install ripgrep (scripts/setup.sh installs it)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time (scripts/setup.sh installs it)"
for tool in awk wc find xargs date nproc python3; do command -v "$tool" >/dev/null || die "$tool is missing"; done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer"

cores="$(nproc)"
[[ -n "$threads_list" ]] || threads_list="1,$cores"
IFS=',' read -r -a thread_counts <<<"$threads_list"
# Distinct thread counts, in the order given.
declare -A seen_threads=()
threads=()
for t in "${thread_counts[@]}"; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || die "--threads takes positive integers, got '$t'"
  [[ -n "${seen_threads[$t]:-}" ]] && continue
  seen_threads[$t]=1
  threads+=("$t")
done
IFS=',' read -r -a corpus_formats <<<"$formats"
for f in "${corpus_formats[@]}"; do
  [[ "$f" == concat || "$f" == dir || "$f" == jsonl || "$f" == archive ]] ||
    die "--formats takes concat, dir, jsonl and archive, got '$f'"
  if [[ "$f" == archive ]]; then
    for tool in tar zstd; do command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup.sh installs it)"; done
  fi
done

size_bytes() {
  local s="$1" n unit
  [[ "$s" =~ ^([0-9]+)([KMG]?)i?B?$ ]] || die "--size must look like 1G, 4G, 200M or a byte count, got '$s'"
  n="${BASH_REMATCH[1]}"
  unit="${BASH_REMATCH[2]}"
  case "$unit" in
    K) echo $((n << 10)) ;;
    M) echo $((n << 20)) ;;
    G) echo $((n << 30)) ;;
    *) echo "$n" ;;
  esac
}

warmup=1
if ((quick)); then
  runs=1
  warmup=0
  [[ -n "$letters" ]] || letters=1000
fi

# --- Build directory (scratch and results) and work dir (temporary unless given).
source "$root/scripts/build_dir.sh"
build_dir="$(build_dir_of "$root" "$imr")"
temporary=0
if [[ -z "$work" ]]; then
  work="$(mktemp -d "$build_dir/bench-work.XXXXXX")"
  temporary=1
fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"
cleanup() {
  if ((temporary && !keep)); then rm -rf "$work"; fi
}
trap cleanup EXIT
if [[ -z "$json" ]]; then
  if ((temporary && !keep)); then json="$build_dir/bench-results.json"; else json="$work/bench-results.json"; fi
fi
log="$work/bench.log"
: >"$log"

# --- Corpus: the letter count for --size comes from the mean letter size of
# the first 1,000 letters (each letter is a pure function of seed and index).
if [[ -z "$letters" ]]; then
  target="$(size_bytes "$size")"
  sample="$work/sample-$seed"
  if [[ ! -f "$sample.done" ]]; then
    rm -rf "$sample"
    "$imr" gen --letters 1000 --seed "$seed" --out "$sample" --format concat --per-file 1000 >>"$log" 2>&1 ||
      die "imr gen failed (see $log)"
    touch "$sample.done"
  fi
  sample_bytes="$(find "$sample" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')"
  letters=$(((target * 1000 + sample_bytes / 2) / sample_bytes))
  ((letters > 0)) || letters=1
fi
[[ "$letters" =~ ^[1-9][0-9]*$ ]] || die "--letters must be a positive integer"

corpus_dir() { echo "$work/corpus-$letters-$seed-$1"; }

generate() {
  local format="$1" out
  out="$(corpus_dir "$format")"
  # A stamp next to the corpus (never inside it, where imr would read it)
  # marks a finished one, so a kept --work dir is reused.
  if [[ -f "$out.done" ]]; then return 0; fi
  rm -rf "$out"
  echo "bench: generating $letters letters as $format in $out" >&2
  if [[ "$format" == archive ]]; then
    # A folder of concatenated files, and the same folder as a .tar.zst beside it.
    "$imr" gen --letters "$letters" --seed "$seed" --out "$out" --format concat --per-file 1000 >>"$log" 2>&1 ||
      die "imr gen for the archive failed (see $log)"
    tar -C "$out" -cf - . | zstd -q -T0 -3 -f -o "$out.tar.zst" 2>>"$log" || die "tar | zstd failed (see $log)"
    touch "$out.done"
    return 0
  fi
  # One file for concat and JSON Lines: the large-file case, where mappings
  # must be windowed for memory to stay flat.
  "$imr" gen --letters "$letters" --seed "$seed" --out "$out" --format "$format" --per-file "$letters" >>"$log" 2>&1 ||
    die "imr gen --format $format failed (see $log)"
  touch "$out.done"
}

for f in "${corpus_formats[@]}"; do generate "$f"; done

# --- Timing.
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# time_command CMD: runs CMD (a bash command line) warm-up + runs times;
# prints "median_s min_s max_s peak_rss_kib median_cpu_s".
time_command() {
  local cmd="$1" i t0 t1 rc walls=() cpus=() rss=0 r tfile="$work/time.out"
  for ((i = 0; i < warmup + runs; i++)); do
    t0="$(date +%s%N)"
    set +e
    /usr/bin/time -v -o "$tfile" bash -c "$cmd" 2>>"$log"
    rc=$?
    set -e
    t1="$(date +%s%N)"
    # imr: 1 means some input was skipped (reported on stderr); rg: 1 means
    # no match. Anything else is a failure.
    if ((rc > 1)); then
      echo "bench: command failed (exit $rc): $cmd" >&2
      tail -5 "$log" >&2
      exit 1
    fi
    if ((i < warmup)); then continue; fi
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", (b - a) / 1e9}')")
    cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$tfile")")
    r="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")"
    if ((r > rss)); then rss="$r"; fi
  done
  printf '%s %s %s %s %s\n' \
    "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${walls[@]}" | sort -g | head -1)" \
    "$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)" \
    "$rss" \
    "$(printf '%s\n' "${cpus[@]}" | median)"
}

q() { printf '%q' "$1"; }

results="$work/results.tsv"  # corpus tool threads median min max rss cpu bytes letters
: >"$results"
declare -A corpus_bytes=() corpus_letters=() corpus_files=()

for f in "${corpus_formats[@]}"; do
  dir="$(corpus_dir "$f")"
  corpus_bytes[$f]="$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')"
  corpus_files[$f]="$(find "$dir" -type f | wc -l)"
  # Warm the page cache, and count the letters imr reads.
  find "$dir" -type f -print0 | xargs -0 cat >/dev/null
  if [[ "$f" == archive ]]; then cat "$dir.tar.zst" >/dev/null; fi
  "$imr" stats --format json "$dir" >"$work/stats.json" 2>>"$log" || true
  n="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["volumes"]["letters"])' <"$work/stats.json" 2>>"$log")" ||
    { echo "bench: imr stats printed no letter count for $dir (see $log)" >&2; exit 1; }
  ((n == letters)) || echo "bench: warning: imr read $n letters in the $f corpus, $letters generated" >&2
  corpus_letters[$f]="$n"

  for t in "${threads[@]}"; do
    declare -a tools=()
    if [[ "$f" == archive ]]; then
      if ((t == threads[0])); then tools+=("zstd -dc"); fi  # single-threaded: once
      tools+=("imr stats archive" "zstd -dc | imr stats -" "imr stats folder")
    else
      if ((t == threads[0])); then tools+=("wc -l"); fi  # single-threaded: once
      tools+=("rg" "imr stats" "imr extract --no-text" "imr extract")
    fi
    for tool in "${tools[@]}"; do
      case "$tool" in
        "wc -l") cmd="find $(q "$dir") -type f -print0 | xargs -0 wc -l >/dev/null" ;;
        rg) cmd="rg -c -j $t ': (Upheld|Overturned)' $(q "$dir") >/dev/null" ;;
        "imr stats") cmd="$(q "$imr") stats --threads $t --format json $(q "$dir") >/dev/null" ;;
        "imr extract --no-text") cmd="$(q "$imr") extract --threads $t --no-text $(q "$dir") >/dev/null" ;;
        "imr extract") cmd="$(q "$imr") extract --threads $t $(q "$dir") >/dev/null" ;;
        "zstd -dc") cmd="zstd -dc $(q "$dir.tar.zst") >/dev/null" ;;
        "imr stats archive") cmd="$(q "$imr") stats --threads $t --format json $(q "$dir.tar.zst") >/dev/null" ;;
        "zstd -dc | imr stats -") cmd="zstd -dc $(q "$dir.tar.zst") | $(q "$imr") stats --threads $t --format json - >/dev/null" ;;
        "imr stats folder") cmd="$(q "$imr") stats --threads $t --format json $(q "$dir") >/dev/null" ;;
      esac
      tt="$t"
      if [[ "$tool" == "wc -l" || "$tool" == "zstd -dc" ]]; then tt=1; fi
      echo "bench: $f, $tool, $tt thread(s)" >&2
      time_command "$cmd" >"$work/measure.txt"  # not $(...): a failure must stop the script
      read -r med mn mx rss cpu <"$work/measure.txt"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$tool" "$tt" "$med" "$mn" "$mx" "$rss" "$cpu" \
        "${corpus_bytes[$f]}" "$n" >>"$results"
    done
  done
done

# --- Report: table, targets, JSON.
cpu_model="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
mem_gib="$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo 0)"
imr_version="$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"

echo
echo "imr end-to-end benchmark: $letters letters, seed $seed; $cores cores (${cpu_model:-unknown CPU}), ${mem_gib} GiB RAM"
echo "imr $imr ($imr_version); median of $runs run(s)$( ((warmup)) && echo " after 1 warm-up"), warm page cache; MB = 10^6 bytes"
awk -F'\t' '
  { key = $1 SUBSEP $3; if ($2 == "rg") rg[key] = $9 / $4; row[NR] = $0 }
  END {
    printf "%-7s %-22s %3s %9s %9s %11s %7s %9s %9s\n", "corpus", "command", "thr", "median s", "MB/s", "letters/s", "x rg", "RSS MiB", "MB/cpu-s"
    for (i = 1; i <= NR; i++) {
      split(row[i], f, "\t")
      mbs = f[9] / f[4] / 1e6
      key = f[1] SUBSEP f[3]
      ratio = (key in rg && rg[key] > 0) ? sprintf("%.2f", (f[9] / f[4]) / rg[key]) : "-"
      cpu = f[8] > 0 ? sprintf("%.0f", f[9] / f[8] / 1e6) : "-"
      printf "%-7s %-22s %3s %9.3f %9.0f %11.0f %7s %9.1f %9s\n", f[1], f[2], f[3], f[4], mbs, f[10] / f[4], ratio, f[7] / 1024, cpu
    }
  }' "$results"

# The speed and memory targets (README.md, Performance) that this run can
# check (ratios within this run).
targets="$(awk -F'\t' -v cores="$cores" '
  function rate(c, tool, t,   k) { k = c SUBSEP tool SUBSEP t; return (k in r) ? r[k] : 0 }
  { r[$1 SUBSEP $2 SUBSEP $3] = $9 / $4; if ($7 > rss[$1]) rss[$1] = $7; tmax = ($3 > tmax) ? $3 : tmax }
  END {
    n = 0
    if (rate("concat", "rg", tmax) > 0)
      t[++n] = sprintf("stats_vs_rg_all_cores\t%.3f\t0.333", rate("concat", "imr stats", tmax) / rate("concat", "rg", tmax))
    if (rate("concat", "imr stats", 1) > 0)
      t[++n] = sprintf("stats_1_thread_mb_s\t%.0f\t800", rate("concat", "imr stats", 1) / 1e6)
    if (tmax > 1 && rate("concat", "imr stats", 1) > 0)
      t[++n] = sprintf("stats_speedup_%d_threads\t%.2f\t%s", tmax, rate("concat", "imr stats", tmax) / rate("concat", "imr stats", 1), tmax == 2 ? "1.8" : "-")
    if (rate("concat", "imr stats", tmax) > 0) {
      t[++n] = sprintf("extract_no_text_vs_stats\t%.3f\t0.6", rate("concat", "imr extract --no-text", tmax) / rate("concat", "imr stats", tmax))
      if (rate("dir", "imr stats", tmax) > 0)
        t[++n] = sprintf("dir_vs_concat_stats\t%.3f\t0.5", rate("dir", "imr stats", tmax) / rate("concat", "imr stats", tmax))
      if (rate("jsonl", "imr stats", tmax) > 0)
        t[++n] = sprintf("jsonl_vs_concat_stats\t%.3f\t0.7", rate("jsonl", "imr stats", tmax) / rate("concat", "imr stats", tmax))
    }
    for (c in rss) t[++n] = sprintf("peak_rss_mib_%s\t%.1f\t300", c, rss[c] / 1024)
    for (i = 1; i <= n; i++) print t[i]
  }' "$results")"
echo
echo "targets (README.md, Performance; measured / goal):"
while IFS=$'\t' read -r name value goal; do
  if [[ -n "$name" ]]; then printf '  %-28s %10s   goal %s\n' "$name" "$value" "$goal"; fi
done <<<"$targets"

# The JSON is written by python3's json module: paths and CPU names are
# escaped correctly whatever they hold.
corpora="$work/corpora.tsv"  # format path files bytes letters
: >"$corpora"
for f in "${corpus_formats[@]}"; do
  printf '%s\t%s\t%s\t%s\t%s\n' "$f" "$(corpus_dir "$f")" "${corpus_files[$f]}" "${corpus_bytes[$f]}" \
    "${corpus_letters[$f]}" >>"$corpora"
done
printf '%s\n' "$targets" >"$work/targets.tsv"
python3 - "$json" "$imr" "$imr_version" "$cores" "$cpu_model" "$mem_gib" "$seed" "$letters" "$runs" "$warmup" \
  "$quick" "$corpora" "$results" "$work/targets.tsv" <<'EOF'
import json, sys

(out, imr, version, cores, cpu, mem_gib, seed, letters, runs, warmup, quick,
 corpora_tsv, results_tsv, targets_tsv) = sys.argv[1:]

def rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]

corpora = [{"format": f, "path": p, "files": int(n), "bytes": int(b), "letters": int(l)}
           for f, p, n, b, l in rows(corpora_tsv)]
results = rows(results_tsv)  # corpus tool threads median min max rss cpu bytes letters
rg_rate = {(r[0], r[2]): float(r[8]) / float(r[3]) for r in results if r[1] == "rg"}
entries = []
for corpus, command, threads, med, mn, mx, rss, cpu_s, nbytes, nletters in results:
    rate = float(nbytes) / float(med)
    rg = rg_rate.get((corpus, threads), 0)
    entries.append({
        "corpus": corpus, "command": command, "threads": int(threads),
        "median_s": round(float(med), 6), "min_s": round(float(mn), 6), "max_s": round(float(mx), 6),
        "mb_per_s": round(rate / 1e6, 3), "letters_per_s": round(float(nletters) / float(med), 1),
        "ratio_to_rg": round(rate / rg, 4) if rg > 0 else None,
        "peak_rss_kib": int(rss), "median_cpu_s": round(float(cpu_s), 3)})
targets = {name: {"measured": json.loads(value), "goal": None if goal == "-" else json.loads(goal)}
           for name, value, goal in rows(targets_tsv)}
doc = {"benchmark": "imr end-to-end", "imr": imr, "version": version,
       "machine": {"cores": int(cores), "cpu": cpu, "memory_gib": int(mem_gib)},
       "seed": int(seed), "letters": int(letters), "runs": int(runs), "warmup": int(warmup),
       "quick": quick == "1", "corpora": corpora, "results": entries, "targets": targets}
with open(out, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
    f.write("\n")
EOF
echo
echo "bench: results written to $json"
