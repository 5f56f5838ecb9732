#!/usr/bin/env bash
# A/B in one command: scripts/bench.sh --compare REV (this script does the
# work). A is REV, built Release beside the working tree in
# build-compare/<sha>/ (its source from `git archive`; an existing build of
# that sha is reused). B is the working tree's build/bin/imr, brought up to
# date first (or --imr PATH). From one run it prints:
#   1. output identity: stdout, stderr and exit status of imr extract (JSON
#      Lines and --format csv), extract --no-text, stats --format json,
#      stats --format md and stats --partial, A against B, on
#      ../shared/real/{layout,default,raw}, ../shared/seeds,
#      tests/testdata/letters and a generated corpus: identical or DIFFERENT,
#      with the first differing line of each side;
#   2. throughput: imr stats at 1 thread and at every core on the generated
#      corpus, runs interleaved A, B, A, B, ... after one warm-up each:
#      median wall seconds, MB/s, median CPU seconds and the ratio B/A;
#   3. instructions: the budget rows of scripts/budget.sh (instructions per
#      byte under callgrind, per command and corpus, and per stage) for both.
#
# Usage: scripts/bench.sh --compare REV [--imr PATH] [--letters N] [--runs N]
#                         [--seed S] [--shared DIR] [--work DIR] [--no-instructions]
#   REV              any git revision (main, HEAD~3, a sha)
#   --imr PATH       B's binary (default: build/bin/imr, rebuilt first)
#   --letters N      letters in the generated corpus (default 20000, ~70 MB)
#   --runs N         timed runs per build and thread count (default 5)
#   --seed S         generator seed (default 42)
#   --shared DIR     real letters and seeds (default ../shared; skipped if absent)
#   --work DIR       outputs and corpora go here and are kept (default: a
#                    temp dir in B's build directory, build*/ or else build/,
#                    removed at exit)
#   --no-instructions  skip part 3 (callgrind, about a minute)
#
# Exit status: 0 when every output is identical, 1 when one differs (so it
# can gate a refactoring), 2 for usage errors or a failed build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev=""
imr_b=""
letters=20000
runs=5
seed=42
shared="$root/../shared"
work=""
instructions=1

die() {
  echo "compare: $*" >&2
  exit 2
}
usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

while (($#)); do
  case "$1" in
    --compare) rev="${2:?--compare needs a revision}"; shift ;;
    --imr) imr_b="${2:?--imr needs a value}"; shift ;;
    --letters) letters="${2:?--letters needs a value}"; shift ;;
    --runs) runs="${2:?--runs needs a value}"; shift ;;
    --seed) seed="${2:?--seed needs a value}"; shift ;;
    --shared) shared="${2:?--shared needs a value}"; shift ;;
    --work) work="${2:?--work needs a value}"; shift ;;
    --no-instructions) instructions=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "compare: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$rev" ]] || { usage >&2; die "--compare needs a revision"; }
[[ "$letters" =~ ^[1-9][0-9]*$ ]] || die "--letters must be a positive integer"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer"
for tool in git cmake ninja cmp awk sort nproc realpath; do command -v "$tool" >/dev/null || die "$tool is missing"; done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time (scripts/setup.sh installs it)"

# --- A: REV, built beside the tree.
sha="$(git -C "$root" rev-parse --verify --quiet "$rev^{commit}")" || die "'$rev' is not a revision of $root"
dir_a="$root/build-compare/${sha:0:12}"
imr_a="$dir_a/build/bin/imr"
if [[ ! -f "$dir_a/built" || ! -x "$imr_a" ]]; then
  echo "compare: building $rev (${sha:0:12}) in $dir_a" >&2
  rm -rf "$dir_a"
  mkdir -p "$dir_a/src"
  git -C "$root" archive "$sha" | tar -x -C "$dir_a/src"
  cmake -S "$dir_a/src" -B "$dir_a/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMR_BUILD_TESTS=OFF \
    -DIMR_BUILD_BENCH=OFF >"$dir_a/build.log" 2>&1 || die "configuring $rev failed (see $dir_a/build.log)"
  cmake --build "$dir_a/build" --target imr >>"$dir_a/build.log" 2>&1 || die "building $rev failed (see $dir_a/build.log)"
  touch "$dir_a/built"
fi

# --- B: the working tree.
if [[ -z "$imr_b" ]]; then
  if [[ ! -f "$root/build/build.ninja" ]]; then
    cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null || die "configuring build/ failed"
  fi
  cmake --build "$root/build" --target imr >/dev/null || die "building the working tree (build/) failed"
  imr_b="$root/build/bin/imr"
fi
[[ -x "$imr_b" ]] || die "'$imr_b' is not executable"
imr_b="$(realpath "$imr_b")"
b_name="working tree ($(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown))"
[[ "$imr_b" == "$root/build/bin/imr" ]] || b_name="$imr_b"

temporary=0
if [[ -z "$work" ]]; then
  source "$root/scripts/build_dir.sh"
  work="$(mktemp -d "$(build_dir_of "$root" "$imr_b")/compare-work.XXXXXX")"
  temporary=1
fi
mkdir -p "$work/out"
work="$(realpath "$work")"
cleanup() {
  if ((temporary)); then rm -rf "$work"; fi
}
trap cleanup EXIT

echo "A: $rev (${sha:0:12}) $imr_a"
echo "B: $b_name $imr_b"

# --- The generated corpus, written by B (both read the same bytes).
gen="$work/gen-$letters-$seed"
if [[ ! -f "$gen.done" ]]; then
  rm -rf "$gen"
  "$imr_b" gen --letters "$letters" --seed "$seed" --format concat --per-file "$letters" --out "$gen" \
    >"$work/gen.log" 2>&1 || die "imr gen failed (see $work/gen.log)"
  touch "$gen.done"
fi
gen_file="$gen/letters-00000.txt"
gen_bytes="$(stat -c %s "$gen_file")"

# --- 1. Output identity.
inputs=()  # "name<TAB>path"
if [[ -d "$shared/real" && -d "$shared/seeds" ]]; then
  shared="$(realpath "$shared")"
  for a in layout default raw; do inputs+=("real-$a"$'\t'"$shared/real/$a"); done
  inputs+=("seeds"$'\t'"$shared/seeds")
else
  echo "compare: note: $shared is absent: the real letters and seeds are not compared"
fi
inputs+=("testdata"$'\t'"$root/tests/testdata/letters")
inputs+=("generated"$'\t'"$gen_file")
outputs=("extract" "extract --format csv" "extract --no-text" "stats --format json" "stats --format md" "stats --partial")

# FILE_A FILE_B: the first differing line of each, shortened.
first_difference() {
  local line
  line="$(cmp "$1" "$2" 2>/dev/null | awk '{print $NF}')" || true
  if [[ -z "$line" ]]; then  # one is a prefix of the other
    echo "      one output ends early: A $(wc -l <"$1") lines, B $(wc -l <"$2") lines"
    return
  fi
  echo "      first difference at line $line:"
  echo "      A: $(sed -n "${line}p" "$1" | cut -c1-300)"
  echo "      B: $(sed -n "${line}p" "$2" | cut -c1-300)"
}

different=0
echo
echo "1. outputs (stdout, stderr, exit status), A vs B:"
printf '  %-12s %-22s %s\n' "input" "output" "result"
for entry in "${inputs[@]}"; do
  name="${entry%%$'\t'*}"
  path="${entry#*$'\t'}"
  for o in "${outputs[@]}"; do
    read -r -a args <<<"$o"
    tag="$name.${o// /_}"
    for side in a b; do
      bin="$imr_a"
      if [[ "$side" == b ]]; then bin="$imr_b"; fi
      set +e
      "$bin" "${args[@]}" "$path" >"$work/out/$tag.$side.out" 2>"$work/out/$tag.$side.err"
      echo $? >"$work/out/$tag.$side.rc"
      set -e
    done
    verdict="identical"
    details=()
    if ! cmp -s "$work/out/$tag.a.out" "$work/out/$tag.b.out"; then
      verdict="DIFFERENT"
      details+=("    stdout:" "$(first_difference "$work/out/$tag.a.out" "$work/out/$tag.b.out")")
    fi
    if ! cmp -s "$work/out/$tag.a.err" "$work/out/$tag.b.err"; then
      verdict="DIFFERENT"
      details+=("    stderr:" "$(first_difference "$work/out/$tag.a.err" "$work/out/$tag.b.err")")
    fi
    if ! cmp -s "$work/out/$tag.a.rc" "$work/out/$tag.b.rc"; then
      verdict="DIFFERENT"
      details+=("    exit status: A $(cat "$work/out/$tag.a.rc"), B $(cat "$work/out/$tag.b.rc")")
    fi
    printf '  %-12s %-22s %s (%s bytes)\n' "$name" "$o" "$verdict" "$(stat -c %s "$work/out/$tag.b.out")"
    if [[ "$verdict" == DIFFERENT ]]; then
      different=$((different + 1))
      printf '%s\n' "${details[@]}"
    fi
    if ((temporary)); then rm -f "$work/out/$tag".*; fi  # the generated corpus's outputs are large
  done
done

# --- 2. Throughput, interleaved so that both builds see the same machine.
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
cat "$gen_file" >/dev/null  # warm the page cache
cores="$(nproc)"
thread_counts=(1)
if ((cores > 1)); then thread_counts+=("$cores"); fi
echo
echo "2. throughput: imr stats --format json on the generated corpus ($letters letters, $gen_bytes bytes, seed $seed);"
echo "   $runs interleaved runs per build after one warm-up; median; MB = 10^6 bytes; $cores cores"
printf '  %7s %10s %8s %9s %10s %8s %9s %9s %9s\n' threads "A wall s" "A MB/s" "A cpu s" "B wall s" "B MB/s" "B cpu s" "B/A MB/s" "B/A cpu"
for t in "${thread_counts[@]}"; do
  : >"$work/a.times"
  : >"$work/b.times"
  for ((i = 0; i <= runs; i++)); do
    for side in a b; do
      bin="$imr_a"
      if [[ "$side" == b ]]; then bin="$imr_b"; fi
      /usr/bin/time -f '%e %U %S' -o "$work/time.out" "$bin" stats --threads "$t" --format json "$gen_file" \
        >/dev/null 2>"$work/time.err" || die "imr stats failed ($side): $(tail -2 "$work/time.err")"
      if ((i == 0)); then continue; fi  # warm-up
      awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time.out" >>"$work/$side.times"
    done
  done
  wa="$(awk '{print $1}' "$work/a.times" | median)"
  ca="$(awk '{print $2}' "$work/a.times" | median)"
  wb="$(awk '{print $1}' "$work/b.times" | median)"
  cb="$(awk '{print $2}' "$work/b.times" | median)"
  awk -v t="$t" -v wa="$wa" -v ca="$ca" -v wb="$wb" -v cb="$cb" -v bytes="$gen_bytes" 'BEGIN {
    ma = wa > 0 ? bytes / wa / 1e6 : 0; mb = wb > 0 ? bytes / wb / 1e6 : 0
    printf "  %7d %10.3f %8.0f %9.2f %10.3f %8.0f %9.2f %8.2fx %8.2fx\n", t, wa, ma, ca, wb, mb, cb,
      (ma > 0 ? mb / ma : 0), (cb > 0 ? ca / cb : 0) }'
done
echo "   (B/A > 1: B is faster; cpu: user + system seconds, steadier than wall time on a shared machine)"

# --- 3. Instructions: the budget's rows for both builds, on the same corpora.
if ((instructions)); then
  echo
  echo "3. instructions (scripts/budget.sh rows: callgrind, --threads 1 --serial; corpora written by B):"
  budget_args=(--measure --parts ir,stage --gen-imr "$imr_b" --shared "$shared" --work "$work/budget")
  bash "$root/scripts/budget.sh" "${budget_args[@]}" --imr "$imr_a" --results "$work/ir.a.tsv" >"$work/budget.a.log" 2>&1 ||
    die "scripts/budget.sh failed for A (see $work/budget.a.log)"
  bash "$root/scripts/budget.sh" "${budget_args[@]}" --imr "$imr_b" --results "$work/ir.b.tsv" >"$work/budget.b.log" 2>&1 ||
    die "scripts/budget.sh failed for B (see $work/budget.b.log)"
  grep '^budget: note' "$work/budget.b.log" | sed 's/^/  /' || true
  printf '  %-30s %-13s %12s %12s %8s\n' row corpus "A Ir/byte" "B Ir/byte" "B/A"
  awk -F'\t' '
    FNR == 1 { file++; next }
    file == 1 { a[$1 FS $2 FS $3] = $6; next }
    { k = $1 FS $2 FS $3; rows[++n] = k; b[k] = $6; bytes[k] = $4 }
    END {
      for (i = 1; i <= n; i++) {
        k = rows[i]; split(k, f, FS)
        unit = bytes[k] > 0 ? "" : " (Ir)"
        ratio = (k in a && a[k] > 0 && b[k] > 0) ? sprintf("%.3f", b[k] / a[k]) : "n/a"
        printf "  %-30s %-13s %12s %12s %8s%s\n", f[2], f[3], (k in a ? a[k] : "-"), b[k], ratio, unit
      }
    }' "$work/ir.a.tsv" "$work/ir.b.tsv"
  echo "   (B/A < 1: B runs fewer instructions; n/a: a stage pattern matches no function in one build)"
fi

echo
if ((different)); then
  echo "compare: $different output(s) DIFFERENT between A ($rev) and B ($b_name)"
  exit 1
fi
echo "compare: every output identical"
