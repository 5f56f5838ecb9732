#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds Release with tests,
# and runs every test with ctest (stage release; as root, it then runs the two
# tests of unreadable files again as the user nobody, since they skip as
# root). Tests that read ../shared skip cleanly when it is absent. Then:
#   budget  the instruction and memory budgets (scripts/budget.sh)
#           on build/bin/imr: callgrind instructions per byte of imr stats and
#           extract --no-text, per stage, and peak RSS, against
#           bench/budget/; more than 3% over fails and names the functions
#           that grew
#   ab      A/B of the outputs: scripts/bench.sh --compare against
#           the revision in bench/reference-rev, built beside the tree; every
#           output of extract and stats on the real letters, the seeds, the
#           test letters and 2,000 generated letters must be byte-identical
#   format  every C++ source as clang-format writes it (scripts/format.sh --check)
# and the robustness stages, each in its own build directory:
#   asan  every test under AddressSanitizer + UndefinedBehaviorSanitizer
#   fuzz  each libFuzzer target for IMR_FUZZ_SECONDS (default 12) seconds
#   tsan  the pipeline, progress line, merge, truncated-mapping, source-table,
#         archive input, store (random sequence), PDF conversion and
#         distributed-run (ranks as threads) tests
#         under ThreadSanitizer (poppler itself is not instrumented; the
#         tests check that concurrent conversions keep their own text and
#         messages, and TSan checks imr's side). Debian's libtbb.so is not instrumented, so TSan
#         cannot see the synchronisation inside it; the pipeline states the
#         happens-before edges it relies on (lib/imr/pipeline/tsan_handoff.h,
#         no-ops in other builds) and tests/tsan.supp silences only the
#         own code of TBB and of poppler/lcms2 (also uninstrumented). A race
#         in imr code still fails the stage.
# Every ctest call passes --no-tests=error: a selection (-R, -LE) that a
# renamed test or label leaves empty fails its stage instead of passing it.
# IMR_TEST_STAGES (default "release budget ab format asan fuzz tsan") picks stages; each stage's
# wall time is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh
stages=${IMR_TEST_STAGES:-release budget ab format asan fuzz tsan}
jobs=$(nproc)
timings=()
run_stage() {
  local name=$1
  shift
  [[ " $stages " == *" $name "* ]] || return 0
  echo "== test.sh: stage $name" >&2
  local start=$SECONDS
  "$@"
  timings+=("$name $((SECONDS - start)) s")
}

release() {
  # setup.sh installed Chromium: the browser test must run, not skip.
  export IMR_REQUIRE_BROWSER=1
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMR_BUILD_TESTS=ON >/dev/null
  cmake --build build
  (cd build && ctest --output-on-failure --no-tests=error -j "$jobs")
  if ((EUID == 0)); then permission_tests_as_nobody; fi
}

# The tests of unreadable files skip as root (root reads every file), and CI
# runs as root: run them again as nobody. nobody may not be able to enter the
# tree (a clone under /root), so they run from copies of the test binaries,
# imr and the letter fixtures in a folder nobody owns, which they find
# through IMR_BINARY_DIR and IMR_SOURCE_DIR (tests/testing/test_util.h); their
# temporary files go there too.
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
permission_tests_as_nobody() {
  local t test binary out status=0
  t="$(mktemp -d "${TMPDIR:-/tmp}/imr-as-nobody.XXXXXX")"
  mkdir -p "$t/build/bin" "$t/src/tests/testdata" "$t/tmp"
  cp build/bin/io_test build/bin/robustness_test build/bin/imr "$t/build/bin/"
  cp -r tests/testdata/letters "$t/src/tests/testdata/"
  chown -R nobody:nogroup "$t"
  if ! as_nobody test -w "$t/tmp"; then
    echo "test.sh: nobody cannot enter $t: set TMPDIR to a folder every user can enter" >&2
    rm -rf "$t"
    return 1
  fi
  for test in io_test:FileData.UnreadableFileIsPermissionDenied \
    robustness_test:BadInput.UnreadableFileIsReportedByNameAndTheRestIsRead; do
    binary="$t/build/bin/${test%%:*}"
    echo "test.sh: as nobody: ${test#*:}" >&2
    # It must have run: a skipped test, or a filter that a rename left
    # matching nothing, passes 0 tests.
    if ! out="$(cd "$t" && as_nobody env TMPDIR="$t/tmp" IMR_BINARY_DIR="$t/build" IMR_SOURCE_DIR="$t/src" \
      "$binary" --gtest_filter="${test#*:}" 2>&1)" || ! grep -q '^\[  PASSED  \] 1 test\.$' <<<"$out"; then
      status=1
      printf '%s\n' "$out" >&2
      echo "test.sh: as nobody: ${test#*:} did not run and pass" >&2
    fi
  done
  rm -rf "$t"
  return $status
}

# The budget is recorded on the Release build/ (the release stage's); build
# imr there first in case this stage runs alone.
budget() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMR_BUILD_TESTS=ON >/dev/null
  cmake --build build --target imr
  bash scripts/budget.sh --check --imr build/bin/imr
}

# The reference must be in the clone (a shallow clone lacks it): then the
# stage says so and fails, as a missing tool would.
ab() {
  local rev
  rev=$(grep -v '^#' bench/reference-rev | grep -m1 .)
  if ! git rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
    echo "test.sh: ab: reference revision $rev is not in this clone (fetch full history)" >&2
    return 1
  fi
  bash scripts/bench.sh --compare "$rev" --letters 2000 --runs 1 --no-instructions
}

# -O1 keeps sanitized tests fast enough; -g1 gives line numbers in reports.
sanitized_build() {
  local dir=$1 sanitize=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
    -DIMR_SANITIZE="$sanitize" -DIMR_BUILD_TESTS=ON -DIMR_BUILD_BENCH=OFF >/dev/null
  cmake --build "$dir" "$@"
}

asan() {
  sanitized_build build-asan address,undefined
  # The bench label is a smoke test of the benchmark script (it times, it does not test).
  (cd build-asan &&
    ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure --no-tests=error -j "$jobs" -LE bench)
}

tsan() {
  sanitized_build build-tsan thread --target pipeline_test merge_test robustness_test corpus_test archive_input_test \
    store_test io_test distributed_run_test imr
  # tests/tsan.supp silences races inside TBB's and poppler's own code only.
  (cd build-tsan &&
    TSAN_OPTIONS="suppressions=$root/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1" \
    ctest --output-on-failure --no-tests=error -j "$jobs" \
      -R '^(PipelineTest|MergeTest|MergeCli|TruncatedMapping|ProgressLine|SourceTable|ArchiveInput|PdfText|PdfPipeline|DistributedRunTest)\.|^StoreTest\.RandomChanges')
}

fuzz() {
  bash scripts/fuzz.sh "${IMR_FUZZ_SECONDS:-12}"
}

run_stage release release
run_stage budget budget
run_stage ab ab
run_stage format bash scripts/format.sh --check
run_stage asan asan
run_stage fuzz fuzz
run_stage tsan tsan
printf 'test.sh: %s\n' "${timings[@]}" >&2
