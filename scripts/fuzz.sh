#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) in build-fuzz and runs
# each for a fixed time, failing on any finding.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 12 s, all)
#
# Each target first replays its regression inputs (tests/fuzz/regressions/<t>/,
# inputs that once crashed it), then fuzzes from its seeds (tests/fuzz/corpus/<t>/
# and the letter fixtures) in a scratch corpus, so the tree is never written.
# A finding is saved as build-fuzz/findings/<t>/crash-* and fails the script;
# copy it into tests/fuzz/regressions/<t>/ once fixed. The last line of each
# run is libFuzzer's final stats (executions, executions per second).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-12}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(split_fuzzer extract_fuzzer jsonl_fuzzer taxonomy_fuzzer partial_fuzzer archive_fuzzer pdf_fuzzer)

cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DIMR_SANITIZE=address,undefined -DIMR_BUILD_FUZZ=ON \
  -DIMR_BUILD_TESTS=OFF -DIMR_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]}"

# Seeds beyond tests/fuzz/corpus/<t>/: the letter fixtures for the text targets.
seeds_for() {
  case $1 in
    split_fuzzer | extract_fuzzer) echo tests/testdata/letters ;;
    *) echo "" ;;
  esac
}
# Longest input: the splitter target re-splits its input in ranges as small
# as one byte, which costs time quadratic in the length.
max_len_for() {
  case $1 in
    split_fuzzer) echo 4096 ;;
    *) echo 16384 ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  bin=build-fuzz/bin/$t
  regressions=tests/fuzz/regressions/$t
  if compgen -G "$regressions/*" >/dev/null; then
    "$bin" -runs=0 "$regressions"/* >"build-fuzz/$t.regressions.log" 2>&1 || {
      echo "fuzz: $t: a regression input fails again (build-fuzz/$t.regressions.log)" >&2
      tail -n 30 "build-fuzz/$t.regressions.log" >&2
      status=1
      continue
    }
  fi
  work=build-fuzz/work/$t
  findings=build-fuzz/findings/$t
  rm -rf "$work"
  mkdir -p "$work" "$findings"
  seeds=(tests/fuzz/corpus/$t)
  extra=$(seeds_for "$t")
  [[ -n $extra ]] && seeds+=("$extra")
  if "$bin" "$work" "${seeds[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len_for "$t")" \
      -print_final_stats=1 -artifact_prefix="$findings/" >"build-fuzz/$t.log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/$t.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "build-fuzz/$t.log")
    echo "fuzz: $t: ${execs:-?} executions in ${seconds} s (${rate:-?} exec/s), no finding"
  else
    echo "fuzz: $t: FINDING (build-fuzz/$t.log, input saved in $findings/)" >&2
    grep -m1 -A25 -E "ERROR: |runtime error|FUZZ_CHECK|deadly signal" "build-fuzz/$t.log" >&2 || tail -n 40 "build-fuzz/$t.log" >&2
    status=1
  fi
done
exit $status
