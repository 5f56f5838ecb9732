#!/usr/bin/env bash
# Instruction and memory budgets: a slowdown or a memory regression fails
# CI. Wall times on shared machines are too noisy to gate on;
# instruction counts are not: callgrind counts the same instructions on every
# run of the same binary and input.
#
# Instructions. On fixed corpora (bench/budget/budget.tsv, `corpus` rows: one
# made by `imr gen` with a fixed seed; the real letters and the seeds of
# ../shared, concatenated, when that folder is there) it runs `imr stats` and
# `imr extract --no-text` with --threads 1 --serial under callgrind and
# divides the total instructions (Ir) by the corpus bytes. Start-up (dynamic
# linking, building the taxonomy: about 17 M instructions) is part of every
# run; the `empty` corpus measures it alone. Per-stage rows count only the
# instructions inside one function pattern (callgrind --toggle-collect), so a
# stage's cost is guarded even where it is a small share of the total.
# A row more than `tolerance_pct` (3%) over its budget fails, and the
# functions that grew are printed: each function's self Ir in the budget's
# reference profile (bench/budget/profiles/) against this run, top 10 by
# growth. A row more than 3% under budget prints a reminder to lower it.
#
# Memory. Peak RSS (/usr/bin/time) of imr stats, extract --no-text and
# extract at --threads 2 on a generated corpus of about 256 MB must stay under
# the `rss` ceilings (the largest of mem_runs peaks); and RSS must not grow
# with the corpus: the smallest of growth_runs peaks on about 1 GB may be at
# most growth_factor x that on 256 MB + growth_slack_mib. The growth runs use
# --chunk-size growth_chunk (256 KiB): the units in flight (up to 4 x threads,
# a chunk each, plus their output) add 0-60 MB depending on scheduling at the
# default 4 MiB and would hide a slow growth; at 256 KiB they add under 5 MB.
#
# Usage: scripts/budget.sh [--check | --update | --measure] [options]
#   --check          measure and compare with the budget (default); exit 1 if
#                    a row is over budget or memory grows
#   --update         measure and rewrite the budget's measured columns and its
#                    reference profiles (bench/budget/); rows that need
#                    ../shared keep their old numbers when it is absent.
#                    Commit the result with a message that says why.
#   --measure        measure and print, compare nothing (bench.sh --compare)
#   --imr PATH       the imr binary (default build/bin/imr)
#   --gen-imr PATH   the imr that generates the corpora (default: --imr)
#   --budget DIR     budget folder (default bench/budget): budget.tsv, profiles/
#   --shared DIR     the real letters and seeds (default ../shared)
#   --parts LIST     comma-separated subset of ir,stage,mem (default all)
#   --work DIR       corpora and callgrind files go here (default: a temp dir
#                    in the build directory of --imr, build*/ or else build/,
#                    removed at exit); corpora already there are reused
#   --results FILE   also write every measurement as TSV
#   -h, --help       this text
#
# Exit status: 0 within budget, 1 over budget (or memory grew), 2 for usage
# errors, a missing tool or a failed run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=check
imr="$root/build/bin/imr"
gen_imr=""
budget_dir="$root/bench/budget"
shared="$root/../shared"
parts="ir,stage,mem"
work=""
results=""

die() {
  echo "budget: $*" >&2
  exit 2
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

while (($#)); do
  case "$1" in
    --check) mode=check ;;
    --update) mode=update ;;
    --measure) mode=measure ;;
    --imr) imr="${2:?--imr needs a value}"; shift ;;
    --gen-imr) gen_imr="${2:?--gen-imr needs a value}"; shift ;;
    --budget) budget_dir="${2:?--budget needs a value}"; shift ;;
    --shared) shared="${2:?--shared needs a value}"; shift ;;
    --parts) parts="${2:?--parts needs a value}"; shift ;;
    --work) work="${2:?--work needs a value}"; shift ;;
    --results) results="${2:?--results needs a value}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "budget: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

want_part() { [[ ",$parts," == *",$1,"* ]]; }
for p in ${parts//,/ }; do
  [[ "$p" == ir || "$p" == stage || "$p" == mem ]] || die "--parts takes ir, stage and mem, got '$p'"
done

# --- Tools and inputs, all checked before anything runs.
[[ -x "$imr" ]] || die "imr is not built at '$imr': cmake --build build, or pass --imr PATH"
imr="$(realpath "$imr")"
[[ -n "$gen_imr" ]] || gen_imr="$imr"
[[ -x "$gen_imr" ]] || die "--gen-imr '$gen_imr' is not executable"
"$imr" --help >/dev/null 2>&1 || die "'$imr' does not run"
budget_file="$budget_dir/budget.tsv"
[[ -f "$budget_file" ]] || die "no budget at '$budget_file'"
if want_part ir || want_part stage; then
  command -v valgrind >/dev/null || die "valgrind is missing: apt-get install valgrind (scripts/setup.sh installs it)"
  command -v callgrind_annotate >/dev/null || die "callgrind_annotate is missing (package valgrind)"
fi
if want_part mem; then
  [[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time (scripts/setup.sh installs it)"
fi
for tool in awk sha256sum timeout realpath nproc; do command -v "$tool" >/dev/null || die "$tool is missing"; done
have_shared=0
if [[ -d "$shared/real" && -d "$shared/seeds" ]]; then
  have_shared=1
  shared="$(realpath "$shared")"
fi

temporary=0
if [[ -z "$work" ]]; then
  source "$root/scripts/build_dir.sh"
  work="$(mktemp -d "$(build_dir_of "$root" "$imr")/budget-work.XXXXXX")"
  temporary=1
fi
mkdir -p "$work/corpora" "$work/cg" "$work/mem"
work="$(realpath "$work")"
cleanup() {
  if ((temporary)); then rm -rf "$work"; fi
}
trap cleanup EXIT

# --- The budget file: tab-separated rows, '#' comments (see its header).
declare -A setting=() corpus_source=() corpus_bytes_budget=() corpus_sha_budget=()
ir_rows=()     # "command<TAB>corpus"
stage_rows=()  # "name"
rss_rows=()    # "command"
declare -A budget_metric=() stage_command=() stage_corpus=() stage_pattern=() rss_ceiling=()
while IFS=$'\t' read -r -a f; do
  [[ ${#f[@]} -eq 0 || "${f[0]}" == \#* ]] && continue
  case "${f[0]}" in
    set) setting[${f[1]}]="${f[2]}" ;;
    corpus) corpus_source[${f[1]}]="${f[2]}"; corpus_bytes_budget[${f[1]}]="${f[3]:-0}"; corpus_sha_budget[${f[1]}]="${f[4]:--}" ;;
    ir)
      key="${f[1]}"$'\t'"${f[2]}"
      ir_rows+=("$key"); budget_metric[ir:$key]="${f[3]}" ;;
    stage)
      stage_rows+=("${f[1]}"); stage_command[${f[1]}]="${f[2]}"; stage_corpus[${f[1]}]="${f[3]}"
      stage_pattern[${f[1]}]="${f[4]}"; budget_metric[stage:${f[1]}]="${f[5]}" ;;
    rss) rss_rows+=("${f[1]}"); rss_ceiling[${f[1]}]="${f[2]}" ;;
    *) die "$budget_file: unknown row type '${f[0]}'" ;;
  esac
done <"$budget_file"
tolerance="${setting[tolerance_pct]:-3}"
for c in "${!corpus_source[@]}"; do
  [[ "${corpus_source[$c]}" =~ ^(gen:[0-9]+:[0-9]+|shared:[A-Za-z0-9_/.-]+:[0-9]+|empty)$ ]] ||
    die "$budget_file: corpus $c: source must be gen:LETTERS:SEED, shared:DIR:REPEAT or empty, got '${corpus_source[$c]}'"
done

# The commands by the names the budget uses.
command_args() {
  case "$1" in
    stats) echo "stats --format json" ;;
    extract-no-text) echo "extract --no-text" ;;
    extract) echo "extract" ;;
    *) die "$budget_file: unknown command '$1' (stats, extract-no-text, extract)" ;;
  esac
}

# What callgrind's counts depend on besides imr: glibc picks its string
# functions by CPU features (valgrind passes AVX2 through, not AVX-512), and
# valgrind's version decides how it counts a few instructions.
valgrind_version="$(valgrind --version 2>/dev/null || echo none)"
cpu_isa="$(grep -o -w -E 'avx512f|avx2|sse4_2' /proc/cpuinfo 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//')"
cpu_isa="${cpu_isa:-unknown}"

failures=()
reminders=()
notes=()

# --- Corpora.
corpus_path() { echo "$work/corpora/$1.txt"; }
corpus_usable() {  # 0 if the corpus can be built here
  [[ "${corpus_source[$1]}" != shared:* ]] || ((have_shared))
}
declare -A corpus_bytes=() corpus_sha=()
make_corpus() {
  local name=$1 src="${corpus_source[$1]}" out tmp kind arg1 arg2 r f
  out="$(corpus_path "$name")"
  if [[ ! -f "$out.done" ]]; then
    tmp="$out.tmp"
    rm -rf "$tmp" "$out"
    IFS=: read -r kind arg1 arg2 <<<"$src"
    case "$kind" in
      gen)
        "$gen_imr" gen --letters "$arg1" --seed "$arg2" --format concat --per-file "$arg1" --out "$tmp.d" \
          >"$work/gen-$name.log" 2>&1 || die "imr gen for corpus $name failed (see $work/gen-$name.log)"
        mv "$tmp.d/letters-00000.txt" "$out"
        rm -rf "$tmp.d" ;;
      shared)
        # The folder's letters in name order, each followed by a form feed,
        # REPEAT times: enough bytes that start-up is a small share.
        local files=()
        mapfile -t files < <(find "$shared/$arg1" -maxdepth 1 -type f -name '*.txt' | LC_ALL=C sort)
        ((${#files[@]})) || die "no letters in $shared/$arg1"
        : >"$tmp"
        for ((r = 0; r < arg2; r++)); do
          for f in "${files[@]}"; do
            cat "$f" >>"$tmp"
            printf '\f' >>"$tmp"
          done
        done
        mv "$tmp" "$out" ;;
      empty) : >"$out" ;;
    esac
    touch "$out.done"
  fi
  corpus_bytes[$name]="$(stat -c %s "$out")"
  corpus_sha[$name]="$(sha256sum "$out" | cut -d' ' -f1)"
}

# Corpora the selected rows use; those that need ../shared are skipped
# (with a note) when it is absent, never failed.
declare -A needed=()
if want_part ir; then
  for key in "${ir_rows[@]}"; do needed[${key#*$'\t'}]=1; done
fi
if want_part stage; then
  for s in "${stage_rows[@]}"; do needed[${stage_corpus[$s]}]=1; done
fi
skipped_corpora=()
for c in "${!needed[@]}"; do
  [[ -n "${corpus_source[$c]:-}" ]] || die "$budget_file: corpus '$c' is used but has no corpus row"
  if corpus_usable "$c"; then make_corpus "$c"; else skipped_corpora+=("$c"); fi
done
if ((${#skipped_corpora[@]})); then
  mapfile -t skipped_corpora < <(printf '%s\n' "${skipped_corpora[@]}" | sort)
  notes+=("$shared is absent: rows on ${skipped_corpora[*]} not checked (they need the real letters and seeds)")
fi
for c in "${!needed[@]}"; do
  corpus_usable "$c" || continue
  if [[ "${corpus_sha_budget[$c]}" != "-" && "${corpus_sha[$c]}" != "${corpus_sha_budget[$c]}" ]]; then
    notes+=("corpus $c is not the one the budget was recorded on (sha256 ${corpus_sha[$c]:0:12}, budget ${corpus_sha_budget[$c]:0:12}; ${corpus_bytes[$c]} bytes, budget ${corpus_bytes_budget[$c]}): per-byte figures still compare, but re-record with --update")
  fi
done

# --- Callgrind runs, as many at once as there are cores: each is one thread
# (--threads 1 --serial) and its count does not depend on what else runs.
cores="$(nproc)"
run_started=$SECONDS
cg_queue() {  # ID PATTERN COMMAND CORPUS: queues one callgrind run
  local id=$1 pattern=$2 cmd=$3 corpus=$4 args
  read -r -a args <<<"$(command_args "$cmd")"
  local vg=(valgrind --tool=callgrind "--callgrind-out-file=$work/cg/$id.out")
  if [[ "$pattern" != "-" ]]; then vg+=(--collect-atstart=no "--toggle-collect=$pattern"); fi
  while (($(jobs -rp | wc -l) >= cores)); do wait -n || true; done
  # From the corpora's folder, by name: extract writes the path into every
  # record, so an absolute path would make the count depend on --work.
  (
    set +e
    cd "$work/corpora" &&
      timeout 600 "${vg[@]}" "$imr" "${args[@]}" --threads 1 --serial "$corpus.txt" >/dev/null 2>"$work/cg/$id.log"
    echo $? >"$work/cg/$id.rc"
  ) &
}
cg_total() {  # ID: the run's instruction count
  awk '/^totals:/ {t = $2} /^summary:/ {s = $2} END {print (t != "" ? t : s)}' "$work/cg/$1.out"
}
# ID: "self_Ir<TAB>function" for every function of the run, largest first.
# The source file is dropped (only debug builds have one) and so is the
# object when it is imr itself; long standard type names are shortened.
cg_profile() {
  callgrind_annotate --inclusive=no --threshold=100 "$work/cg/$1.out" 2>/dev/null | awk -v self="$imr" '
    function replace_all(s, from, to,   out, i) {
      out = ""
      while ((i = index(s, from)) > 0) { out = out substr(s, 1, i - 1) to; s = substr(s, i + length(from)) }
      return out s
    }
    /PROGRAM TOTALS/ { next }
    match($0, /^ *[0-9,]+ +\( *[0-9.]+%\) +/) {
      ir = $1; gsub(/,/, "", ir)
      rest = substr($0, RLENGTH + 1)
      obj = ""
      if (match(rest, / \[[^]]*\]$/)) { obj = substr(rest, RSTART + 2, RLENGTH - 3); rest = substr(rest, 1, RSTART - 1) }
      sub(/^[^:]*:/, "", rest)
      rest = replace_all(rest, "std::basic_string_view<char, std::char_traits<char> >", "std::string_view")
      rest = replace_all(rest, "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >", "std::string")
      rest = replace_all(rest, ", 18446744073709551615ul>", ">")
      rest = replace_all(rest, "absl::debian3::", "absl::")
      if (obj != "" && obj != self) { n = split(obj, parts, "/"); rest = rest " [" parts[n] "]" }
      cost[rest] += ir
    }
    END { for (f in cost) printf "%.0f\t%s\n", cost[f], f }' | sort -t$'\t' -k1,1nr -k2,2
}

declare -A run_id=()  # row key -> callgrind run id
n_runs=0
if want_part ir; then
  for key in "${ir_rows[@]}"; do
    corpus="${key#*$'\t'}"
    corpus_usable "$corpus" || continue
    id="ir-${key%%$'\t'*}-$corpus"
    run_id[ir:$key]="$id"
    cg_queue "$id" - "${key%%$'\t'*}" "$corpus"
    n_runs=$((n_runs + 1))
  done
fi
if want_part stage; then
  for s in "${stage_rows[@]}"; do
    corpus_usable "${stage_corpus[$s]}" || continue
    id="stage-$s"
    run_id[stage:$s]="$id"
    cg_queue "$id" "${stage_pattern[$s]}" "${stage_command[$s]}" "${stage_corpus[$s]}"
    n_runs=$((n_runs + 1))
  done
fi
wait
for id in "${run_id[@]}"; do
  rc="$(cat "$work/cg/$id.rc" 2>/dev/null || echo missing)"
  # imr: 1 means some input was skipped; the count is still the count.
  if [[ "$rc" != 0 && "$rc" != 1 ]]; then
    echo "budget: callgrind run $id failed (exit $rc):" >&2
    tail -5 "$work/cg/$id.log" >&2
    exit 2
  fi
done
cg_seconds=$((SECONDS - run_started))

# --- Instruction rows: measure, compare, explain.
fmt_m() { awk -v v="$1" 'BEGIN {printf "%.2f M", v / 1e6}'; }
per_byte() {  # IR BYTES: Ir per byte, or Ir itself for the empty corpus
  awk -v ir="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.4f", ir / b; else printf "%.0f", ir}'
}
# KIND KEY MEASURED BUDGET: "over", "under" or "ok" against the tolerance.
verdict() {
  awk -v m="$3" -v b="$4" -v t="$tolerance" 'BEGIN {
    if (b <= 0) { print "ok"; exit }
    if (m > b * (1 + t / 100)) print "over"; else if (m < b * (1 - t / 100)) print "under"; else print "ok" }'
}
change_pct() { awk -v m="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%+.1f%%", (m / b - 1) * 100; else print "-"}'; }

# PROFILE_NAME RUN_ID CORPUS: the functions that grew, top 10, against the
# budget's reference profile. Counts of this run are scaled to the budget's
# corpus bytes when the corpus changed size.
grown_functions() {
  local ref="$budget_dir/profiles/$1.tsv" id=$2 corpus=$3
  if [[ ! -f "$ref" ]]; then
    echo "      (no reference profile $ref: record one with --update)"
    return
  fi
  cg_profile "$id" >"$work/cg/$id.profile"
  awk -F'\t' -v scale="$(awk -v a="${corpus_bytes_budget[$corpus]:-0}" -v b="${corpus_bytes[$corpus]:-0}" \
    'BEGIN {print (a > 0 && b > 0) ? a / b : 1}')" '
    FNR == 1 { file++ }
    /^#/ { next }
    file == 1 { ref[$2] = $1; if (floor == "" || $1 < floor) floor = $1; next }
    { now[$2] = $1 * scale; if (++rank <= 40) top[$2] = 1 }
    END {
      for (f in ref) { g = now[f] - ref[f]; printf "%.0f\t%s\t%s\t%.0f\n", g, f, ref[f], now[f] }
      # Not in the reference top 40: its budget was below the 40th entry.
      for (f in top) if (!(f in ref)) printf "%.0f\t%s\t<%s\t%.0f\n", now[f] - floor, f, floor, now[f]
    }' "$ref" "$work/cg/$id.profile" | sort -t$'\t' -k1,1nr | awk -F'\t' '
    NR <= 10 && $1 > 0 {
      b = $3; lt = sub(/^</, "", b)
      pct = (b > 0 && !lt) ? sprintf("%+.1f%%", ($4 / b - 1) * 100) : "new in top 40"
      printf "      %s: %s%.2f M -> %.2f M (%s)\n", $2, lt ? "<" : "", b / 1e6, $4 / 1e6, pct
      shown++
    }
    END { if (!shown) print "      (no function grew: the growth is spread below the reference top 40)" }'
}

declare -A measured_metric=() measured_ir=()
result_lines=()
if want_part ir || want_part stage; then
  echo "budget: instructions (callgrind, imr --threads 1 --serial; $valgrind_version; CPU $cpu_isa;" \
    "tolerance ${tolerance}%; $n_runs runs in ${cg_seconds} s)"
  if [[ -n "${setting[valgrind]:-}" && "${setting[valgrind]}" != "$valgrind_version" ]] ||
    [[ -n "${setting[cpu]:-}" && "${setting[cpu]}" != "$cpu_isa" ]]; then
    notes+=("the budget was recorded with ${setting[valgrind]:-?} on a CPU with ${setting[cpu]:-?}; here $valgrind_version, $cpu_isa: counts can differ (glibc picks string functions by CPU)")
  fi
  printf '  %-30s %-13s %10s %12s %11s %11s %8s\n' "row" "corpus" "bytes" "Ir" "Ir/byte" "budget" "change"
fi
report_row() {  # KIND KEY LABEL CORPUS
  local kind=$1 key=$2 label=$3 corpus=$4 id ir metric b v shown
  id="${run_id[$kind:$key]:-}"
  if [[ -z "$id" ]]; then
    printf '  %-30s %-13s %10s %12s %11s %11s %8s\n' "$label" "$corpus" - - - "${budget_metric[$kind:$key]:-}" "skipped"
    return
  fi
  ir="$(cg_total "$id")"
  metric="$(per_byte "$ir" "${corpus_bytes[$corpus]}")"
  measured_metric[$kind:$key]="$metric"
  measured_ir[$kind:$key]="$ir"
  b="${budget_metric[$kind:$key]:-0}"
  v="$(verdict "$kind" "$key" "$metric" "$b")"
  # The empty corpus has no bytes: its rows compare instructions.
  local bshown="$b" unit="Ir/byte"
  shown="$metric"
  if [[ "${corpus_bytes[$corpus]}" == 0 ]]; then
    shown="$(fmt_m "$metric")"
    unit="Ir"
    if [[ "$b" != 0 ]]; then bshown="$(fmt_m "$b")"; fi
  fi
  printf '  %-30s %-13s %10s %12s %11s %11s %8s %s\n' "$label" "$corpus" "${corpus_bytes[$corpus]}" "$(fmt_m "$ir")" \
    "$shown" "$bshown" "$(change_pct "$metric" "$b")" "$([[ $mode == check ]] && echo "$v" || true)"
  result_lines+=("$kind"$'\t'"$label"$'\t'"$corpus"$'\t'"${corpus_bytes[$corpus]}"$'\t'"$ir"$'\t'"$metric")
  if [[ "$mode" == check ]]; then
    if [[ "$b" == 0 ]]; then
      failures+=("$label on $corpus has no budget recorded: run scripts/budget.sh --update and commit bench/budget/")
    elif [[ "$kind" == stage && "$ir" == 0 ]]; then
      failures+=("stage $key: the pattern '${stage_pattern[$key]}' matched no instruction (renamed or nested functions?): fix the stage row in $budget_file")
    elif [[ "$v" == over ]]; then
      local profile
      if [[ "$kind" == ir ]]; then profile="${key/$'\t'/.}"; else profile="stage.$key"; fi
      failures+=("$label on $corpus: $shown $unit, budget $bshown ($(change_pct "$metric" "$b"), tolerance ${tolerance}%)"$'\n'"    functions that grew (self Ir, budget -> now, top 10 by growth):"$'\n'"$(grown_functions "$profile" "$id" "$corpus")")
    elif [[ "$v" == under ]]; then
      reminders+=("$label on $corpus is $(change_pct "$metric" "$b") against its budget")
    fi
  fi
}
if want_part ir; then
  for key in "${ir_rows[@]}"; do report_row ir "$key" "imr ${key%%$'\t'*}" "${key#*$'\t'}"; done
fi
if want_part stage; then
  for s in "${stage_rows[@]}"; do
    report_row stage "$s" "stage $s (${stage_command[$s]})" "${stage_corpus[$s]}"
  done
  for s in "${stage_rows[@]}"; do
    if [[ -n "${run_id[stage:$s]:-}" ]]; then echo "    stage $s: ${stage_pattern[$s]}"; fi
  done
fi

# --- Memory: ceilings at the default chunk size, growth at a small one.
declare -A rss_peak=() rss_small=() rss_big=()
mem_seconds=0
if want_part mem && ((${#rss_rows[@]})); then
  mem_started=$SECONDS
  small_letters="${setting[mem_small_letters]:?budget: set mem_small_letters missing}"
  big_letters="${setting[mem_big_letters]:?budget: set mem_big_letters missing}"
  mem_seed="${setting[mem_seed]:-17}"
  mem_runs="${setting[mem_runs]:-2}"
  growth_runs="${setting[growth_runs]:-1}"
  growth_factor="${setting[growth_factor]:-1.25}"
  growth_slack="${setting[growth_slack_mib]:-4}"
  growth_chunk="${setting[growth_chunk]:-262144}"
  # Both helpers set a variable instead of printing, so that a failure
  # exits the script (exit status 2), not a command substitution.
  mem_corpus() {  # LETTERS: generates once; sets mem_path
    local out="$work/mem/gen-$1-$mem_seed"
    if [[ ! -f "$out.done" ]]; then
      rm -rf "$out"
      "$gen_imr" gen --letters "$1" --seed "$mem_seed" --format concat --per-file "$1" --out "$out" \
        >"$out.log" 2>&1 || die "imr gen --letters $1 failed (see $out.log)"
      touch "$out.done"
    fi
    mem_path="$out/letters-00000.txt"
  }
  peak_kib() {  # CMD CORPUS [FLAGS...]: one run; sets k to its peak RSS in KiB
    local cmd=$1 corpus=$2 args rc
    shift 2
    read -r -a args <<<"$(command_args "$cmd")"
    set +e
    /usr/bin/time -f '%M' -o "$work/mem/time.out" "$imr" "${args[@]}" --threads 2 "$@" "$corpus" \
      >/dev/null 2>"$work/mem/run.log"
    rc=$?
    set -e
    if ((rc > 1)); then
      echo "budget: imr $cmd failed (exit $rc) on $corpus:" >&2
      tail -5 "$work/mem/run.log" >&2
      exit 2
    fi
    k="$(tail -1 "$work/mem/time.out")"
    [[ "$k" =~ ^[0-9]+$ ]] || die "no peak RSS from /usr/bin/time for imr $cmd on $corpus"
  }
  mem_corpus "$small_letters"
  small="$mem_path"
  mem_corpus "$big_letters"
  big="$mem_path"
  small_mb="$(stat -c %s "$small" | awk '{printf "%.0f", $1 / 1e6}')"
  big_mb="$(stat -c %s "$big" | awk '{printf "%.0f", $1 / 1e6}')"
  mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
  for cmd in "${rss_rows[@]}"; do
    max=0
    for ((i = 0; i < mem_runs; i++)); do
      peak_kib "$cmd" "$small"
      if ((k > max)); then max=$k; fi
    done
    rss_peak[$cmd]=$max
    min_s=""
    min_b=""
    for ((i = 0; i < growth_runs; i++)); do
      peak_kib "$cmd" "$small" --chunk-size "$growth_chunk"
      if [[ -z "$min_s" || $k -lt $min_s ]]; then min_s=$k; fi
      peak_kib "$cmd" "$big" --chunk-size "$growth_chunk"
      if [[ -z "$min_b" || $k -lt $min_b ]]; then min_b=$k; fi
    done
    rss_small[$cmd]=$min_s
    rss_big[$cmd]=$min_b
  done
  mem_seconds=$((SECONDS - mem_started))
  echo "budget: memory (peak RSS, imr --threads 2; ${small_mb} MB and ${big_mb} MB generated, seed $mem_seed;" \
    "ceiling: largest of $mem_runs runs; growth: smallest of $growth_runs at --chunk-size $growth_chunk; ${mem_seconds} s)"
  printf '  %-18s %14s %9s %21s %21s %9s\n' "command" "${small_mb} MB" "ceiling" \
    "${small_mb} MB (growth)" "${big_mb} MB (growth)" "growth"
  for cmd in "${rss_rows[@]}"; do
    limit="$(awk -v s="${rss_small[$cmd]}" -v f="$growth_factor" -v m="$growth_slack" 'BEGIN {printf "%d", s * f + m * 1024}')"
    printf '  %-18s %10s MiB %5s MiB %17s MiB %17s MiB %8s\n' "$cmd" "$(mib "${rss_peak[$cmd]}")" "${rss_ceiling[$cmd]}" \
      "$(mib "${rss_small[$cmd]}")" "$(mib "${rss_big[$cmd]}")" "$(change_pct "${rss_big[$cmd]}" "${rss_small[$cmd]}")"
    result_lines+=("rss"$'\t'"$cmd"$'\t'"peak-${small_mb}MB"$'\t'0$'\t'"${rss_peak[$cmd]}"$'\t'"$(mib "${rss_peak[$cmd]}")")
    result_lines+=("rss"$'\t'"$cmd"$'\t'"growth-${small_mb}MB"$'\t'0$'\t'"${rss_small[$cmd]}"$'\t'"$(mib "${rss_small[$cmd]}")")
    result_lines+=("rss"$'\t'"$cmd"$'\t'"growth-${big_mb}MB"$'\t'0$'\t'"${rss_big[$cmd]}"$'\t'"$(mib "${rss_big[$cmd]}")")
    [[ "$mode" == check ]] || continue
    if ((rss_peak[$cmd] > rss_ceiling[$cmd] * 1024)); then
      failures+=("memory: imr $cmd peaked at $(mib "${rss_peak[$cmd]}") MiB on ${small_mb} MB, over its ceiling of ${rss_ceiling[$cmd]} MiB")
    fi
    if ((rss_big[$cmd] > limit)); then
      failures+=("memory grows with the corpus: imr $cmd (--chunk-size $growth_chunk) $(mib "${rss_small[$cmd]}") MiB on ${small_mb} MB but $(mib "${rss_big[$cmd]}") MiB on ${big_mb} MB (limit ${growth_factor} x + ${growth_slack} MiB = $(mib "$limit") MiB)")
    fi
  done
fi

if [[ -n "$results" ]]; then
  {
    printf 'kind\trow\tcorpus\tbytes\tvalue\tper_byte\n'
    printf '%s\n' "${result_lines[@]}"
  } >"$results"
fi
for n in "${notes[@]}"; do echo "budget: note: $n"; done

# --- Update: rewrite the measured columns, keep everything else.
if [[ "$mode" == update ]]; then
  if [[ -n "$(printf '%s\n' "${skipped_corpora[@]}")" ]]; then
    echo "budget: rows on ${skipped_corpora[*]} keep their old numbers ($shared is absent)"
  fi
  # A stage pattern that matches nothing, or functions that call each other
  # (callgrind toggles collection at every entry and exit), counts next to
  # nothing: refuse to record it.
  for s in "${stage_rows[@]}"; do
    [[ -n "${measured_ir[stage:$s]:-}" ]] || continue
    # Against the whole run when its ir row was measured too, else against 0.
    total="${measured_ir[ir:${stage_command[$s]}$'\t'${stage_corpus[$s]}]:-0}"
    if awk -v s="${measured_ir[stage:$s]}" -v t="$total" 'BEGIN {exit !(s == 0 || s < t / 1000)}'; then
      die "stage $s: '${stage_pattern[$s]}' counted ${measured_ir[stage:$s]} of $total instructions: it matches no function or functions that call each other; fix the pattern in $budget_file"
    fi
  done
  mkdir -p "$budget_dir/profiles"
  new="$budget_file.new"
  {
    while IFS= read -r line; do
      IFS=$'\t' read -r -a f <<<"$line"
      if [[ ${#f[@]} -eq 0 || "${f[0]}" == \#* ]]; then
        printf '%s\n' "$line"
        continue
      fi
      case "${f[0]}" in
        set)
          case "${f[1]}" in
            valgrind) printf 'set\tvalgrind\t%s\n' "$valgrind_version" ;;
            cpu) printf 'set\tcpu\t%s\n' "$cpu_isa" ;;
            recorded_with) printf 'set\trecorded_with\t%s\n' "$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" ;;
            *) printf '%s\n' "$line" ;;
          esac ;;
        corpus)
          if [[ -n "${corpus_bytes[${f[1]}]:-}" ]]; then
            printf 'corpus\t%s\t%s\t%s\t%s\n' "${f[1]}" "${f[2]}" "${corpus_bytes[${f[1]}]}" "${corpus_sha[${f[1]}]}"
          else printf '%s\n' "$line"; fi ;;
        ir)
          k="ir:${f[1]}"$'\t'"${f[2]}"
          if [[ -n "${measured_metric[$k]:-}" ]]; then
            printf 'ir\t%s\t%s\t%s\t%s\n' "${f[1]}" "${f[2]}" "${measured_metric[$k]}" "${measured_ir[$k]}"
          else printf '%s\n' "$line"; fi ;;
        stage)
          k="stage:${f[1]}"
          if [[ -n "${measured_metric[$k]:-}" ]]; then
            printf 'stage\t%s\t%s\t%s\t%s\t%s\t%s\n' "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]}" "${measured_metric[$k]}" "${measured_ir[$k]}"
          else printf '%s\n' "$line"; fi ;;
        rss)
          if [[ -n "${rss_peak[${f[1]}]:-}" ]]; then
            printf 'rss\t%s\t%s\t%s\t%s\t%s\n' "${f[1]}" "${f[2]}" "$(mib "${rss_peak[${f[1]}]}")" \
              "$(mib "${rss_small[${f[1]}]}")" "$(mib "${rss_big[${f[1]}]}")"
          else printf '%s\n' "$line"; fi ;;
        *) printf '%s\n' "$line" ;;
      esac
    done <"$budget_file"
  } >"$new"
  # Reference profiles: the top 40 functions by self Ir of every run.
  for k in "${!run_id[@]}"; do
    id="${run_id[$k]}"
    if [[ "$k" == ir:* ]]; then
      key="${k#ir:}"; name="${key/$'\t'/.}"; corpus="${key#*$'\t'}"; what="imr ${key%%$'\t'*} --threads 1 --serial"
    else
      name="stage.${k#stage:}"; corpus="${stage_corpus[${k#stage:}]}"
      what="imr ${stage_command[${k#stage:}]} --threads 1 --serial, only inside ${stage_pattern[${k#stage:}]}"
    fi
    cg_profile "$id" >"$work/cg/$id.profile"
    {
      printf '# %s on corpus %s (%s bytes): %s Ir; top 40 functions by self Ir (scripts/budget.sh --update)\n' \
        "$what" "$corpus" "${corpus_bytes[$corpus]}" "$(cg_total "$id")"
      head -40 "$work/cg/$id.profile"
    } >"$budget_dir/profiles/$name.tsv"
  done
  mv "$new" "$budget_file"
  echo "budget: recorded in $budget_file and $budget_dir/profiles/ (git diff shows old -> new);"
  echo "budget: commit them with a message that says why the budget moved"
  exit 0
fi

if [[ "$mode" == measure ]]; then exit 0; fi

for r in "${reminders[@]}"; do
  echo "budget: faster: $r; lower the budget deliberately: scripts/budget.sh --update, then commit bench/budget/ saying why"
done
if ((${#failures[@]})); then
  for f in "${failures[@]}"; do echo "budget: FAIL: $f"; done
  echo "budget: $((${#failures[@]})) row(s) over budget. If the cost is intended, re-record with scripts/budget.sh --update and commit saying why."
  exit 1
fi
echo "budget: within budget"
