#!/usr/bin/env bash
# The Slurm recipe against a real Slurm: starts munged, slurmctld and slurmd
# from a one-node configuration written here into a temporary folder
# (localhost only, ports of its own, pid/state/log files in the folder),
# submits the shard array and the dependent merge (scripts/slurm/submit.sh)
# and the MPI job (mpi.sbatch, when imr has --mpi), waits a bounded time, and
# compares the results with a plain run byte for byte. Every daemon it
# started is stopped, by PID, on every exit path. Skips (exit 77) only where
# Slurm is not installed; it must run as root (the daemons switch users).
# Usage: slurm_test.sh IMR SOURCE_DIR
set -euo pipefail
imr=$1 src=$2
for tool in munged slurmctld slurmd sbatch; do
  if ! command -v "$tool" >/dev/null && [[ ! -x /usr/sbin/$tool ]]; then
    echo "slurm_test: SKIP: $tool is not installed (scripts/setup.sh installs slurm-wlm and munge)"
    exit 77
  fi
done
if [[ $(id -u) != 0 ]]; then
  echo "slurm_test: SKIP: starting slurmd needs root"
  exit 77
fi
PATH=$PATH:/usr/sbin
# Open MPI's libraries keep allocations until exit: under AddressSanitizer
# (the asan stage) the leak report would land in the compared messages.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
tmp=$(mktemp -d)
chmod 755 "$tmp"  # the slurm and munge users enter it
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap stop EXIT
fail() {
  echo "slurm_test: FAIL: $*"
  for log in "$tmp"/log/*.log; do echo "--- $log"; tail -20 "$log"; done
  exit 1
}
# waitfile FILE: a daemon's pid file, within 10 s.
waitfile() {
  for _ in $(seq 1 100); do [[ -s $1 ]] && return 0; sleep 0.1; done
  fail "$1 did not appear"
}

# munged, on a socket of its own (another munged may run on this machine).
mkdir -p "$tmp/munge" "$tmp/log" "$tmp/state" "$tmp/spool" "$tmp/run"
chown munge:munge "$tmp/munge"
chmod 755 "$tmp/munge"
runuser -u munge -- munged --socket="$tmp/munge/socket" --pid-file="$tmp/munge/pid" \
  --log-file="$tmp/munge/log" --seed-file="$tmp/munge/seed" --key-file=/etc/munge/munge.key
waitfile "$tmp/munge/pid"
pids+=("$(cat "$tmp/munge/pid")")

host=$(hostname -s)
port=$((20000 + $$ % 20000))
chown slurm:slurm "$tmp/state" "$tmp/log" "$tmp/run"
export SLURM_CONF=$tmp/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=imrtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerParameters=sched_interval=1
MinJobAge=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=imrtest Nodes=$host Default=YES MaxTime=10 State=UP
CONF
slurmctld -f "$SLURM_CONF"
waitfile "$tmp/run/slurmctld.pid"
pids+=("$(cat "$tmp/run/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
waitfile "$tmp/run/slurmd.pid"
pids+=("$(cat "$tmp/run/slurmd.pid")")
for _ in $(seq 1 100); do
  sinfo -h -o %t 2>/dev/null | grep -qx idle && break
  sleep 0.1
done
sinfo -h -o %t | grep -qx idle || fail "the node did not become idle: $(sinfo 2>&1)"
echo "slurm_test: munged, slurmctld and slurmd up on 127.0.0.1:$port"

# The corpus: generated letters, some cut by shard edges (small chunks).
"$imr" gen --letters 1500 --seed 5 --out "$tmp/corpus" --format concat --per-file 500 >/dev/null 2>&1
chmod -R a+rX "$tmp/corpus"
export IMR=$imr IMR_FLAGS="--chunk-size 65536" IMR_RECORDS=1
"$imr" stats --format json --chunk-size 65536 "$tmp/corpus" >"$tmp/want.json" 2>/dev/null
"$imr" extract --chunk-size 65536 "$tmp/corpus" >"$tmp/want.jsonl" 2>/dev/null

timeout 120 bash "$src/scripts/slurm/submit.sh" --wait 5 "$tmp/out" "$tmp/corpus" -- --cpus-per-task=1 ||
  fail "the shard array or the merge failed or timed out"
cmp -s "$tmp/want.json" "$tmp/out/stats.json" || fail "merged statistics differ from one run"
cmp -s "$tmp/want.jsonl" "$tmp/out/records.jsonl" || fail "concatenated records differ from one run"
echo "slurm_test: job array of 5 shards + merge (afterok): identical to one run"

# A shard lost (its node failed): merging without it fails, naming it; the
# shard run again alone, then the merge, give the same bytes.
rm "$tmp/out/part-3.json" "$tmp/out/stats.json"
if sbatch --wait --chdir="$tmp/out" "$src/scripts/slurm/merge.sbatch" "$tmp/out" >/dev/null 2>&1; then
  fail "the merge succeeded without shard 3"
fi
grep -q "shard 3/5 of corpus .* is missing" "$tmp/out"/imr-merge-*.log || fail "the merge's log does not name shard 3/5"
timeout 60 sbatch --wait --array=3 --chdir="$tmp/out" "$src/scripts/slurm/shard.sbatch" 5 "$tmp/out" "$tmp/corpus" \
  >/dev/null || fail "shard 3 did not run again"
timeout 60 sbatch --wait --chdir="$tmp/out" "$src/scripts/slurm/merge.sbatch" "$tmp/out" >/dev/null ||
  fail "the merge after the rerun failed"
cmp -s "$tmp/want.json" "$tmp/out/stats.json" || fail "statistics after the rerun differ from one run"
echo "slurm_test: a lost shard: the merge names it; run again alone, the merge is identical to one run"

if [[ -e $(dirname "$imr")/libimr_mpi.so ]]; then
  timeout 120 sbatch --wait --ntasks=2 --cpus-per-task=1 --chdir="$tmp" "$src/scripts/slurm/mpi.sbatch" "$tmp/mpi" \
    "$tmp/corpus" >/dev/null || { mkdir -p "$tmp/mpi"; cat "$tmp"/imr-mpi-*.log; fail "the MPI job failed"; }
  cmp -s "$tmp/want.json" "$tmp/mpi/stats.json" || fail "MPI statistics differ from one run"
  cmp -s "$tmp/want.jsonl" "$tmp/mpi/records.jsonl" || fail "MPI records differ from one run"
  echo "slurm_test: MPI job (2 tasks, srun --mpi=pmix): identical to one run"
fi
