#!/usr/bin/env bash
# Installs the Debian 12 packages imr builds with, if any is missing.
# Everything comes from Debian's archive; nothing is downloaded at build time.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config
          libtbb-dev libsimdjson-dev libabsl-dev libbenchmark-dev libgtest-dev libgmock-dev
          libsqlite3-dev  # the store (--db)
          libarchive-dev  # tar, zip and compressed input (loaded when an archive is read)
          zstd  # scripts/bench.sh: the archive section's zstd -dc | imr stats - comparison
          libpoppler-cpp-dev  # PDF input (CMake option IMR_PDF, on by default)
          poppler-utils  # pdftotext: the baseline of the PDF rows of scripts/bench.sh
          ripgrep time valgrind  # valgrind: callgrind for scripts/budget.sh
          python3  # its json module: scripts/bench.sh reads imr's JSON and writes its results
          clang libclang-rt-14-dev  # clang + its sanitizer and libFuzzer runtimes: scripts/fuzz.sh
          clang-format  # scripts/format.sh, the format stage of scripts/test.sh
          chromium fonts-dejavu-core  # the HTML report's browser test (tests/report/browser_test.py)
          libopenmpi-dev openmpi-bin  # imr --mpi (bin/libimr_mpi.so) and its test
          slurm-wlm munge)  # the Slurm recipe's test (tests/cluster/slurm_test.sh) starts them
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
