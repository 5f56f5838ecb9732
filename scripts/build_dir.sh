# Sourced by the benchmark scripts (bench.sh, bench_compare.sh, budget.sh,
# budget_selftest.sh): where their scratch files and results go, so that
# nothing lands in the caller's current folder or outside the tree.
#
# build_dir_of ROOT IMR: prints the build directory under ROOT that holds the
# imr binary IMR (ROOT/build*/bin/imr), else ROOT/build; creates it if
# missing.
build_dir_of() {
  local root bin_dir dir
  root="$(realpath "$1")"
  bin_dir="$(realpath "$(dirname "$2")")"
  dir="$root/build"
  if [[ "$bin_dir" == "$root"/build*/bin ]]; then dir="${bin_dir%/bin}"; fi
  mkdir -p "$dir"
  echo "$dir"
}
