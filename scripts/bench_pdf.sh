#!/usr/bin/env bash
# PDF throughput: imr converting PDFs in process against pdftotext started
# once per file (scripts/bench.sh --pdf runs this).
#
# Copies the published letter PDFs (../shared/real/pdf, 94 files) into a
# folder of at least --files PDFs (1,000 per subfolder), warms the page
# cache, then times at each thread count, median of --runs runs after one
# warm-up:
#   imr stats --pdf-text layout                 every PDF converted and read
#   xargs -P T pdftotext -layout FILE -         one process per PDF, the same
#                                               parallelism, text discarded
# and prints PDFs/s, MB/s of PDF (1 MB = 10^6 bytes), the ratio to pdftotext
# and to imr's own first thread count, and peak RSS. Last, imr's peak RSS at
# all threads on a tenth of the PDFs and on all of them: it must stay flat.
#
# Usage: scripts/bench_pdf.sh [--files N] [--runs N] [--threads LIST]
#                             [--imr PATH] [--pdfs DIR] [--work DIR]
#   --files N       PDFs to time (default 10000; rounded up to whole copies)
#   --runs N        timed runs per measurement (default 3)
#   --threads LIST  thread counts (default "1,2,<nproc>", distinct)
#   --imr PATH      the imr binary (default build/bin/imr)
#   --pdfs DIR      the PDFs to replicate (default ../shared/real/pdf)
#   --work DIR      where the replicas go (default: a temp dir in the build
#                   directory, removed at exit)
# Without pdftotext (Debian: poppler-utils) its rows are left out, saying so.
# Exit status: 0 when everything ran, 1 when a command failed, 2 for usage.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
imr="$root/build/bin/imr"
files=10000
runs=3
threads_list=""
pdfs="$root/../shared/real/pdf"
work=""

die() {
  echo "bench_pdf: $*" >&2
  exit 2
}

while (($#)); do
  case "$1" in
    --pdf) ;;  # the flag that brought us here from scripts/bench.sh
    --files) files="${2:?--files needs a value}"; shift ;;
    --runs) runs="${2:?--runs needs a value}"; shift ;;
    --threads) threads_list="${2:?--threads needs a value}"; shift ;;
    --imr) imr="${2:?--imr needs a value}"; shift ;;
    --pdfs) pdfs="${2:?--pdfs needs a value}"; shift ;;
    --work) work="${2:?--work needs a value}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

[[ -x "$imr" ]] || die "imr is not built at '$imr' (cmake --build build), or pass --imr PATH"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time (scripts/setup.sh installs it)"
[[ "$files" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ ]] || die "--files and --runs take positive integers"
mapfile -t sources < <(find "$pdfs" -maxdepth 1 -type f -iname '*.pdf' 2>/dev/null | sort)
((${#sources[@]})) || die "no PDF in '$pdfs' (pass --pdfs DIR)"
pdftotext="$(command -v pdftotext || true)"
[[ -n "$pdftotext" ]] || echo "bench_pdf: pdftotext is not installed (Debian: poppler-utils): its rows are left out" >&2

cores="$(nproc)"
[[ -n "$threads_list" ]] || threads_list="1,2,$cores"
threads=()
for t in ${threads_list//,/ }; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || die "--threads takes positive integers, got '$t'"
  [[ " ${threads[*]} " == *" $t "* ]] || threads+=("$t")
done

source "$root/scripts/build_dir.sh"
build_dir="$(build_dir_of "$root" "$imr")"
if [[ -z "$work" ]]; then
  work="$(mktemp -d "$build_dir/bench-pdf.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# replicate DIR COPIES: COPIES copies of every source PDF, 1,000 per
# subfolder. Not hard links: imr reads a file reached twice (the same inode)
# once, so links would time 94 PDFs.
replicate() {
  local dir=$1 copies=$2 c n=0 src
  rm -rf "$dir"
  for ((c = 0; c < copies; c++)); do
    for src in "${sources[@]}"; do
      local sub
      sub="$dir/$(printf '%03d' $((n / 1000)))"
      [[ -d "$sub" ]] || mkdir -p "$sub"
      cp "$src" "$sub/$(printf '%06d' "$n").pdf"
      n=$((n + 1))
    done
  done
}

copies=$(((files + ${#sources[@]} - 1) / ${#sources[@]}))
small_copies=$(((copies + 9) / 10))
all="$work/all" tenth="$work/tenth"
replicate "$all" "$copies"
replicate "$tenth" "$small_copies"
count="$(find "$all" -type f -name '*.pdf' | wc -l)"
bytes="$(find "$all" -type f -name '*.pdf' -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')"
find "$all" -type f -print0 | xargs -0 cat >/dev/null  # into the page cache

# measure CMD: median wall seconds of --runs runs after a warm-up, the
# largest peak RSS (KiB) over them and the median CPU seconds (user + system:
# the per-core cost, which other load on the machine does not inflate), as
# "seconds kib cpu_seconds".
measure() {
  local cmd=$1 i walls=() cpus=() rss=0 wall r user sys
  for ((i = 0; i <= runs; i++)); do
    /usr/bin/time -f '%e %M %U %S' -o "$work/time.out" bash -c "$cmd" || [[ $? -eq 1 ]] ||
      { echo "bench_pdf: failed: $cmd" >&2; exit 1; }
    read -r wall r user sys <"$work/time.out"
    ((i == 0)) && continue
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')")
    ((r > rss)) && rss=$r
  done
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | middle)" "$rss" "$(printf '%s\n' "${cpus[@]}" | middle)"
}
middle() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

q() { printf '%q' "$1"; }
echo "bench_pdf: $count PDFs ($((copies)) copies of ${#sources[@]}), $bytes bytes; $cores cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); median of $runs after 1 warm-up; MB = 10^6 bytes"
printf '%-30s %7s %8s %8s %7s %8s %10s %8s\n' command threads seconds PDFs/s MB/s "x 1 thr" "PDFs/cpu-s" "RSS MiB"
declare -A first=()
for t in "${threads[@]}"; do
  declare -A rate=() per_cpu=()
  for tool in imr pdftotext; do
    label="imr stats"
    cmd="$(q "$imr") stats --threads $t --pdf-text layout --format json $(q "$all") >/dev/null"
    if [[ $tool == pdftotext ]]; then
      [[ -n "$pdftotext" ]] || continue
      label="xargs -P $t pdftotext -layout"
      cmd="find $(q "$all") -type f -name '*.pdf' -print0 | xargs -0 -P $t -I{} $(q "$pdftotext") -layout {} - >/dev/null"
    fi
    read -r s rss cpu < <(measure "$cmd")
    rate[$tool]="$(awk -v n="$count" -v s="$s" 'BEGIN {print n / s}')"
    per_cpu[$tool]="$(awk -v n="$count" -v c="$cpu" 'BEGIN {print (c > 0 ? n / c : 0)}')"
    [[ -n "${first[$tool]:-}" ]] || first[$tool]="${rate[$tool]}"
    awk -v l="$label" -v t="$t" -v s="$s" -v n="$count" -v b="$bytes" -v r="${rate[$tool]}" -v f="${first[$tool]}" \
      -v c="${per_cpu[$tool]}" -v k="$rss" \
      'BEGIN {printf "%-30s %7d %8.2f %8.1f %7.2f %8.2f %10.1f %8.1f\n", l, t, s, n / s, b / s / 1e6, r / f, c, k / 1024}'
  done
  if [[ -n "${rate[pdftotext]:-}" ]]; then
    awk -v t="$t" -v a="${rate[imr]}" -v b="${rate[pdftotext]}" -v x="${per_cpu[imr]}" -v y="${per_cpu[pdftotext]}" \
      'BEGIN {printf "  imr / pdftotext at %d threads: %.2fx PDFs/s, %.2fx PDFs per CPU-second\n", t, a / b, x / y}'
  fi
  unset rate per_cpu
done
read -r _ rss_tenth _ < <(measure "$(q "$imr") stats --threads $cores --format json $(q "$tenth") >/dev/null")
read -r _ rss_all _ < <(measure "$(q "$imr") stats --threads $cores --format json $(q "$all") >/dev/null")
printf 'peak RSS of imr stats at %s threads: %.1f MiB on %d PDFs, %.1f MiB on %d PDFs\n' "$cores" \
  "$(awk -v k="$rss_tenth" 'BEGIN {print k / 1024}')" "$((small_copies * ${#sources[@]}))" \
  "$(awk -v k="$rss_all" 'BEGIN {print k / 1024}')" "$count"
