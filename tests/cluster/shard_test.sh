#!/usr/bin/env bash
# `--shard I/N` runs, merged or concatenated, equal one run (see
# shard_equivalence.sh) on: the seeds and the real letters of ../shared when
# present (with a folder of PDFs, a tar and a large text file), and the
# generated corpora of make_corpus.sh: concatenated letters,
# JSON Lines, and one huge file with runs of junk that shard edges cut (some
# shards lie wholly inside one); more shards than files.
# Then `imr merge` must refuse a missing shard, a duplicated one and shards
# of another corpus, naming them.
# Usage: shard_test.sh IMR SHARED_DIR
set -euo pipefail
imr=$1 shared=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { bash "$here/shard_equivalence.sh" "$imr" "$tmp/work" "$@"; }

bash "$here/make_corpus.sh" "$imr" "$tmp"

# Few shard counts, as every shard is a process (and slow under the sanitizers).
check "2 9" "65536 1000000" "$tmp/huge.txt"  # 9 shards: some lie inside a run of junk
check "3 7" "65536" "$tmp/concat"
check "5" "65536" "$tmp/jsonl"
check "2 13" "4194304" "$tmp/concat" "$tmp/jsonl" "$tmp/missing-path"  # 13 shards, 6 files
if [[ -d $shared/seeds ]]; then
  check "1 25" "65536" "$shared/seeds"  # more shards than files
  [[ -d $shared/real/layout ]] && check "7" "65536" "$shared/real/layout"
  # PDFs and an archive are never cut: each belongs whole to one shard,
  # beside a large text file that shard edges do cut.
  if [[ -d $shared/real/pdf ]]; then
    mkdir -p "$tmp/mixed/pdf"
    cp "$shared"/real/pdf/CM16-02*.pdf "$tmp/mixed/pdf/"
    tar -C "$shared/real" -cf "$tmp/mixed/real.tar" layout
    cat "$shared"/real/layout/*.txt >"$tmp/mixed/zz_all.txt"
    check "3 11" "65536" "$tmp/mixed"
  fi
else
  echo "shard_test: $shared/seeds absent, the shared corpora are not checked"
fi

# imr merge refuses what is not the shards of one corpus, each once.
for i in 0 1 2; do "$imr" stats --partial --shard "$i/3" --out "$tmp/p$i.json" "$tmp/concat" 2>/dev/null; done
"$imr" stats --partial --shard 0/3 --chunk-size 65536 --out "$tmp/other.json" "$tmp/concat" 2>/dev/null
expect_error() {
  local want=$1
  shift
  if "$imr" merge "$@" >/dev/null 2>"$tmp/err"; then
    echo "FAIL: imr merge $* succeeded"
    exit 1
  fi
  if ! grep -qF "$want" "$tmp/err"; then
    echo "FAIL: imr merge $*: expected '$want', got: $(cat "$tmp/err")"
    exit 1
  fi
}
expect_error "shard 1/3 of corpus" "$tmp/p0.json" "$tmp/p2.json"
expect_error "shard 1/3 given twice: $tmp/p1.json and $tmp/p1.json" "$tmp/p0.json" "$tmp/p1.json" "$tmp/p1.json" "$tmp/p2.json"
expect_error "$tmp/other.json: shard 0/3 of corpus" "$tmp/p0.json" "$tmp/p1.json" "$tmp/p2.json" "$tmp/other.json"
"$imr" stats --partial --out "$tmp/plain.json" "$tmp/concat" 2>/dev/null
expect_error "$tmp/plain.json: not a shard" "$tmp/p0.json" "$tmp/p1.json" "$tmp/p2.json" "$tmp/plain.json"
if "$imr" stats --shard 3/3 "$tmp/concat" >/dev/null 2>"$tmp/err" || ! grep -q "0 <= I < N" "$tmp/err"; then
  echo "FAIL: --shard 3/3 accepted"
  exit 1
fi
echo "shard_test: merge errors name the shard"
