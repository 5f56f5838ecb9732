#!/usr/bin/env bash
# The main job on the bundled sample corpus: installs what is missing, builds
# Release, and prints the statistics of data/sample. Extra arguments are
# passed to `imr stats` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMR_BUILD_TESTS=OFF >/dev/null
cmake --build build --target imr
build/bin/imr stats "$@" data/sample
