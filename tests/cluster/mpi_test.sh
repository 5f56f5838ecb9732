#!/usr/bin/env bash
# `mpirun -np 1, 2, 3 imr stats|extract --mpi` print, byte for byte, what one
# process prints (statistics as JSON and Markdown, records as JSON Lines and
# CSV, and the messages on stderr), on the seeds and the real letters of
# ../shared when present and on the generated corpora of make_corpus.sh;
# --out leaves a complete file and nothing else. Then a rank killed in the
# middle of a run: mpirun exits non-zero, rank 0 says the output is
# incomplete and names what the ranks were reading, and --out FILE is not
# written. Open MPI stays on the loopback interface; as root it needs the
# OMPI_ALLOW_RUN_AS_ROOT variables.
# Usage: mpi_test.sh IMR MPIEXEC SHARED_DIR
set -euo pipefail
imr=$1 mpiexec=$2 shared=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI's libraries keep allocations until exit: under AddressSanitizer
# (the asan stage) the leak report would land in the compared messages.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
mpi=("$mpiexec" --oversubscribe --bind-to none --mca btl self,vader --mca oob_tcp_if_include lo)
fail=0

bash "$here/make_corpus.sh" "$imr" "$tmp/gen"
# Two corpora: every folder together, and the huge file alone (whose
# skipped ranges shard edges cut: one message each all the same).
all="$tmp/gen/concat $tmp/gen/jsonl"
if [[ -d $shared/seeds ]]; then
  all+=" $shared/seeds"
  [[ -d $shared/real/layout ]] && all+=" $shared/real/layout"
else
  echo "mpi_test: $shared/seeds absent, the shared corpora are not checked"
fi
corpora=("$all" "$tmp/gen/huge.txt")

# same NAME WANT GOT: byte-identical files, or a failure.
same() {
  if ! cmp -s "$2" "$3"; then
    echo "FAIL: $1"
    diff "$2" "$3" | head -5
    fail=1
  fi
}

for corpus in "${corpora[@]}"; do
  # shellcheck disable=SC2206  # a corpus is a list of paths
  paths=($corpus)
  c=(--chunk-size 65536 --threads 1)
  runs=("stats --format json" "extract" "stats --format md" "extract --format csv --no-text")
  for i in "${!runs[@]}"; do
    # shellcheck disable=SC2206
    cmd=(${runs[$i]})
    status=0
    "$imr" "${cmd[@]}" "${c[@]}" "${paths[@]}" >"$tmp/one.$i" 2>"$tmp/one.$i.err" || status=$?
    echo "$status" >"$tmp/one.$i.status"
  done
  for np in 1 2 3; do
    for i in "${!runs[@]}"; do
      ((np == 3 || i < 2)) || continue  # the other formats once
      # shellcheck disable=SC2206
      cmd=(${runs[$i]})
      status=0
      "${mpi[@]}" -np "$np" "$imr" "${cmd[@]}" "${c[@]}" --mpi "${paths[@]}" >"$tmp/mpi.$i" 2>"$tmp/mpi.err" ||
        status=$?
      echo "$status" >"$tmp/mpi.status"
      # mpirun adds a banner (between lines of dashes) when a rank exits non-zero.
      sed '/^-\{20,\}$/,/^-\{20,\}$/d' "$tmp/mpi.err" >"$tmp/mpi.$i.err"
      same "np=$np ${runs[$i]} $corpus: output" "$tmp/one.$i" "$tmp/mpi.$i"
      same "np=$np ${runs[$i]} $corpus: messages" "$tmp/one.$i.err" "$tmp/mpi.$i.err"
      same "np=$np ${runs[$i]} $corpus: exit status" "$tmp/one.$i.status" "$tmp/mpi.status"
    done
  done
  echo "mpi_test: np 1 2 3 identical to one process on $corpus"
done

# --out: the file, complete, and no .incomplete beside it.
"${mpi[@]}" -np 2 "$imr" extract --chunk-size 65536 --mpi --out "$tmp/out.jsonl" "$tmp/gen/concat" 2>/dev/null
"$imr" extract --chunk-size 65536 "$tmp/gen/concat" >"$tmp/plain.jsonl" 2>/dev/null
same "--out" "$tmp/plain.jsonl" "$tmp/out.jsonl"
[[ ! -e $tmp/out.jsonl.incomplete ]] || { echo "FAIL: $tmp/out.jsonl.incomplete left behind"; fail=1; }

# A rank killed mid-run: once it has joined the MPI job (its MPI library
# runs threads of its own), it is stopped, so that the run cannot end without
# it, whatever the machine's speed, then killed. Copies of the corpus give
# the ranks work (a file reached twice by other paths is read once).
mkdir -p "$tmp/big"
for i in 1 2 3 4; do cp -r "$tmp/gen/concat" "$tmp/big/copy$i"; done
"${mpi[@]}" -np 3 "$imr" extract --threads 1 --chunk-size 65536 --mpi --out "$tmp/killed.jsonl" "$tmp/big" \
  2>"$tmp/killed.err" &
launcher=$!
victim=""
for _ in $(seq 1 1000); do
  for p in $(pgrep -x imr || true); do
    if tr '\0' '\n' 2>/dev/null <"/proc/$p/environ" | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then victim=$p; fi
  done
  if [[ -n $victim ]] && (($(awk '/^Threads:/ {print $2}' "/proc/$victim/status" 2>/dev/null || echo 0) >= 3)); then
    break
  fi
  sleep 0.01
done
if [[ -n $victim ]]; then
  kill -STOP "$victim" 2>/dev/null || true
  sleep 0.3
  kill -9 "$victim" 2>/dev/null || true
fi
status=0
wait "$launcher" || status=$?
if [[ -z $victim ]]; then
  echo "FAIL: rank 1 was never seen running"
  fail=1
elif [[ $status == 0 ]]; then
  echo "FAIL: killing rank 1 left mpirun's exit status 0"
  fail=1
elif [[ -e $tmp/killed.jsonl || -e $tmp/killed.jsonl.incomplete ]]; then
  echo "FAIL: a killed run left $tmp/killed.jsonl or its .incomplete"
  fail=1
elif ! grep -q "rank 1" "$tmp/killed.err"; then
  echo "FAIL: no message names rank 1:"
  cat "$tmp/killed.err"
  fail=1
else
  echo "mpi_test: rank 1 killed: exit status $status, no output file; stderr said:"
  grep -E "rank|imr" "$tmp/killed.err" | head -5
fi
exit $fail
