#!/usr/bin/env bash
# Builds everything with -Werror, runs the fuzz smoke under ASan+UBSan, then every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/fuzz_smoke.sh
ctest --test-dir build/release --output-on-failure -j "${LLMSA_JOBS:-$(nproc)}"
