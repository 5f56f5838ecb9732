#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds Release with tests,
# and runs every test with ctest. Tests that read ../shared skip cleanly when
# it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIMR_BUILD_TESTS=ON >/dev/null
cmake --build build
cd build
ctest --output-on-failure -j "$(nproc)"
