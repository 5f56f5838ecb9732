#!/usr/bin/env bash
# Submits the sharded run of a corpus to Slurm: a job array of N shard tasks
# (shard.sbatch) and the merge job that runs once they all succeeded
# (merge.sbatch, --dependency=afterok). Prints the two job ids. Results:
# OUTDIR/stats.json (and OUTDIR/records.jsonl with IMR_RECORDS=1).
#   scripts/slurm/submit.sh [--wait] N OUTDIR PATH... [-- SBATCH_FLAGS...]
# --wait: return when the merge job ends, with its exit status. SBATCH_FLAGS
# go to both jobs (e.g. --partition=batch --cpus-per-task=16).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wait=()
if [[ ${1:-} == --wait ]]; then
  wait=(--wait)
  shift
fi
n=$1 out=$2
shift 2
paths=()
while (($#)) && [[ $1 != -- ]]; do
  paths+=("$1")
  shift
done
[[ ${1:-} == -- ]] && shift
mkdir -p "$out"
rm -f "$out"/part-*.json "$out"/records-*.jsonl  # a partial of an earlier run must not be merged
array=$(sbatch --parsable --array=0-$((n - 1)) --chdir="$out" "$@" "$here/shard.sbatch" "$n" "$out" "${paths[@]}")
array=${array%%;*}
echo "imr: shards: job array $array ($n tasks)"
merge=$(sbatch --parsable "${wait[@]}" --dependency=afterok:"$array" --kill-on-invalid-dep=yes --chdir="$out" "$@" \
  "$here/merge.sbatch" "$out")
echo "imr: merge: job ${merge%%;*}, after the array succeeded"
