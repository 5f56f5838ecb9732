#!/usr/bin/env bash
# Wall time of `imr stats` and `imr extract` over MPI ranks against one
# process, on a generated corpus: 1, 2 and 3 ranks x 1 and 2 threads each
# (--bind-to none, loopback), the median of RUNS runs each. Efficiency is
# the one-process, one-thread time divided by (time x ranks x threads).
# Output goes to a file (--out): mpirun forwards a rank's standard output
# through its own daemon, at a few tens of MB/s, which would be measured
# instead of imr.
# Usage: bench/cluster_scaling.sh [IMR] [LETTERS|CORPUS_DIR] [RUNS]
set -euo pipefail
imr=${1:-build/bin/imr} letters=${2:-30000} runs=${3:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi=(mpirun --oversubscribe --bind-to none --mca btl self,vader --mca oob_tcp_if_include lo)
corpus=$tmp/corpus
if [[ -d $letters ]]; then
  corpus=$letters
else
  "$imr" gen --letters "$letters" --seed 11 --out "$corpus" --format concat >/dev/null 2>&1
fi
bytes=$(du -sbL "$corpus" | cut -f1)
echo "corpus: $corpus, $bytes bytes; $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# median SECONDS...: the middle value.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# timed CMD...: wall seconds of one run, output discarded.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}

for command in stats extract; do
  base=""
  printf '\n%-8s %-6s %-7s %9s %8s %10s\n' "$command" ranks threads seconds MB/s efficiency
  for config in "0 1" "0 2" "1 1" "1 2" "2 1" "2 2" "3 1" "3 2"; do
    read -r ranks threads <<<"$config"
    times=()
    for _ in $(seq 1 "$runs"); do
      if ((ranks == 0)); then
        times+=("$(timed "$imr" "$command" --threads "$threads" --out "$tmp/out" "$corpus")")
      else
        times+=("$(timed "${mpi[@]}" -np "$ranks" "$imr" "$command" --threads "$threads" --mpi --out "$tmp/out" "$corpus")")
      fi
    done
    t=$(median "${times[@]}")
    [[ -n $base ]] || base=$t
    used=$((ranks == 0 ? threads : ranks * threads))
    awk -v r="$([[ $ranks == 0 ]] && echo plain || echo "$ranks")" -v n="$threads" -v t="$t" -v b="$bytes" \
      -v base="$base" -v used="$used" 'BEGIN {printf "%-8s %-6s %-7s %9.3f %8.1f %9.0f%%\n", "", r, n, t, b / t / 1e6, 100 * base / (t * used)}'
  done
done
