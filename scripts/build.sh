#!/usr/bin/env bash
# Configures and builds the release tree in build/release (incremental on later runs).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${LLMSA_JOBS:-$(nproc)}
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLMSA_WERROR=ON "$@" >/dev/null
cmake --build build/release -j "$jobs"
