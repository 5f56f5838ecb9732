#!/usr/bin/env bash
# Formats the C++ sources with clang-format (.clang-format: Google style, 120
# columns). --check changes nothing and fails, naming the files, when one is
# not formatted (the `format` stage of scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
format=$(command -v clang-format-14 || command -v clang-format || true)
if [[ -z $format ]]; then
  echo "format.sh: clang-format is not installed (bash scripts/setup.sh installs it)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files -- 'lib/*.cc' 'lib/*.h' 'apps/*.cc' 'apps/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'bench/*.h')
if [[ $mode == --check ]]; then
  bad=()
  for f in "${files[@]}"; do
    "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if ((${#bad[@]})); then
    echo "format.sh: not formatted (run bash scripts/format.sh): ${bad[*]}" >&2
    exit 1
  fi
  echo "format.sh: ${#files[@]} files formatted" >&2
else
  "$format" -i "${files[@]}"
fi
