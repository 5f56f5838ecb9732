#!/usr/bin/env bash
# Self-test of scripts/budget.sh (ctest `budget_selftest`, label bench): on a
# fabricated budget over a tiny generated corpus, --update records numbers
# and profiles; --check passes on them and regenerates the same corpus bytes
# (imr gen is deterministic); a budget set below the measurement fails and
# names the functions that grew; one set above it passes with a reminder; a
# stage pattern that matches nothing fails; rows on ../shared are skipped,
# not failed, when it is absent; and the memory checks fail on a ceiling or a
# growth limit that cannot be met.
#
# Usage: scripts/budget_selftest.sh [--imr PATH]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
imr="$root/build/bin/imr"
while (($#)); do
  case "$1" in
    --imr) imr="${2:?--imr needs a value}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "budget_selftest: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

source "$root/scripts/build_dir.sh"
t="$(mktemp -d "$(build_dir_of "$root" "$imr")/budget-selftest.XXXXXX")"
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/budget"
failed=0

fail() {
  echo "budget_selftest: FAIL: $*" >&2
  failed=1
}
# EXPECTED_RC NAME ARGS...: runs budget.sh on the fabricated budget, checks
# its exit status and leaves its output in $t/NAME.out.
run() {
  local want=$1 name=$2 rc
  shift 2
  set +e
  bash "$root/scripts/budget.sh" --imr "$imr" --budget "$t/budget" --shared "$t/no-shared" "$@" >"$t/$name.out" 2>&1
  rc=$?
  set -e
  if ((rc != want)); then
    fail "$name: budget.sh $* exited $rc, expected $want; its output:"
    sed 's/^/    /' "$t/$name.out" >&2
  fi
}
expect() {  # NAME REGEX WHAT
  grep -E -q -- "$2" "$t/$1.out" || fail "$1: $3 (no line matches /$2/)"
}
expect_not() {  # NAME REGEX WHAT
  if grep -E -q -- "$2" "$t/$1.out"; then fail "$1: $3 (a line matches /$2/)"; fi
}
# FIELD_INDEX FACTOR: multiplies that field of the `ir stats tiny` row.
scale_ir_row() {
  awk -F'\t' -v OFS='\t' -v i="$1" -v f="$2" '$1 == "ir" && $2 == "stats" && $3 == "tiny" {$i = $i * f} {print}' \
    "$t/budget/budget.tsv" >"$t/budget/budget.tsv.new"
  mv "$t/budget/budget.tsv.new" "$t/budget/budget.tsv"
}

printf '%s\n' \
  "set	tolerance_pct	3" \
  "set	mem_small_letters	100" \
  "set	mem_big_letters	400" \
  "set	mem_seed	3" \
  "set	mem_runs	1" \
  "set	growth_runs	1" \
  "set	growth_factor	1.25" \
  "set	growth_slack_mib	4" \
  "set	growth_chunk	262144" \
  "corpus	tiny	gen:60:5	0	-" \
  "corpus	real	shared:real/layout:1	0	-" \
  "ir	stats	tiny	0	0" \
  "ir	stats	real	0	0" \
  "stage	split	stats	tiny	imr::split::SplitRange*	0	0" \
  "rss	stats	256	0	0	0" >"$t/budget/budget.tsv"
cp "$t/budget/budget.tsv" "$t/fabricated.tsv"

# 1. --update records the tiny rows and keeps the ones that need ../shared.
run 0 update --update --parts ir,stage --work "$t/work-update"
awk -F'\t' '$1 == "ir" && $3 == "tiny" && $4 > 10 && $5 > 1000000 {ok = 1} END {exit !ok}' "$t/budget/budget.tsv" ||
  fail "update: the ir row of the tiny corpus was not recorded"
grep -q -P '^ir\tstats\treal\t0\t0$' "$t/budget/budget.tsv" || fail "update: the row on ../shared changed without it"
(($(grep -c -v '^#' "$t/budget/profiles/stats.tiny.tsv" 2>/dev/null || echo 0) >= 10)) ||
  fail "update: no reference profile of 10+ functions in profiles/stats.tiny.tsv"
[[ -f "$t/budget/profiles/stage.split.tsv" ]] || fail "update: no reference profile for the split stage"
expect update "keep their old numbers" "says which rows were not re-recorded"

# 2. --check on what was just recorded passes; the corpus is generated again
# in a new work dir and must be the same bytes.
run 0 check --check --parts ir,stage --work "$t/work-check"
expect check "within budget" "reports the budget met"
expect check "rows on real not checked" "notes the skipped ../shared rows"
expect_not check "is not the one the budget was recorded on" "imr gen gave other bytes for the same seed"

# 3. A budget half the measurement fails and names the functions that grew.
scale_ir_row 4 0.5
awk -F'\t' -v OFS='\t' '/^#/ {print; next} {$1 = int($1 / 2); print}' "$t/budget/profiles/stats.tiny.tsv" \
  >"$t/profile.half" && mv "$t/profile.half" "$t/budget/profiles/stats.tiny.tsv"
run 1 over --check --parts ir --work "$t/work-check"
expect over "FAIL: imr stats on tiny: .* \(\+100\.[0-9]%, tolerance 3%\)" "reports the row over budget"
expect over "functions that grew" "explains where the instructions went"
expect over "^      imr::.*: [0-9.]+ M -> [0-9.]+ M \(\+(99\.9|100\.0)%\)" "lists a function at twice its reference"

# 4. A budget twice the measurement passes with a reminder to lower it.
scale_ir_row 4 4
run 0 under --check --parts ir --work "$t/work-check"
expect under "faster: imr stats on tiny is -50\.0% against its budget" "reminds to lower the budget"
expect under "within budget" "passes"

# 5. A stage pattern that matches nothing fails --check and --update.
sed -i 's/imr::split::SplitRange\*/imr::NoSuchFunction*/' "$t/budget/budget.tsv"
run 1 nostage --check --parts stage --work "$t/work-check"
expect nostage "matched no instruction" "names the stage whose pattern matched nothing"
run 2 nostage-update --update --parts ir,stage --work "$t/work-check"
expect nostage-update "matches no function" "refuses to record an empty stage"

# 6. Memory: a 1 MiB ceiling and a growth limit below 1 x both fail; the
# real limits pass.
cp "$t/fabricated.tsv" "$t/budget/budget.tsv"
sed -i -e 's/^rss\tstats\t256\t/rss\tstats\t1\t/' -e 's/^set\tgrowth_factor\t1.25$/set\tgrowth_factor\t0.5/' \
  -e 's/^set\tgrowth_slack_mib\t4$/set\tgrowth_slack_mib\t0/' "$t/budget/budget.tsv"
run 1 memory-over --check --parts mem --work "$t/work-mem"
expect memory-over "FAIL: memory: imr stats peaked at [0-9.]+ MiB on .*over its ceiling of 1 MiB" "fails the ceiling"
expect memory-over "FAIL: memory grows with the corpus: imr stats" "fails the growth limit"
cp "$t/fabricated.tsv" "$t/budget/budget.tsv"
run 0 memory-ok --check --parts mem --work "$t/work-mem"
expect memory-ok "within budget" "passes the real limits"

if ((failed)); then exit 1; fi
echo "budget_selftest: all checks passed"
