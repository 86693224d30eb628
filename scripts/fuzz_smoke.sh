#!/usr/bin/env bash
# Builds every libFuzzer target with clang under AddressSanitizer and UBSan, then runs each
# briefly on seeds taken from the samples folder (never copied into the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${LLMSA_FUZZ_SECONDS:-20}
jobs=${LLMSA_JOBS:-$(nproc)}
samples=${LLMSA_SAMPLES_DIR:-$(cd .. && pwd)/shared/samples}
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLLMSA_FUZZ=ON >/dev/null
cmake --build build/fuzz -j "$jobs"
shopt -s nullglob
targets=(build/fuzz/fuzz/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no targets"
  exit 0
fi
work=$(mktemp -d)
artifacts="$PWD/build/fuzz/artifacts"
mkdir -p "$artifacts"
trap 'rm -rf "$work"' EXIT
for t in "${targets[@]}"; do
  name=$(basename "$t")
  corpus="$work/$name"
  mkdir -p "$corpus"
  if [ -f "fuzz/$name.seeds" ] && [ -d "$samples" ]; then
    while IFS= read -r pattern; do
      [ -z "$pattern" ] || [[ "$pattern" == \#* ]] && continue
      for f in $samples/$pattern; do
        [ -f "$f" ] && cp "$f" "$corpus/$(echo "$f" | md5sum | cut -c1-16)"
      done
    done <"fuzz/$name.seeds"
  fi
  # Optional extra libFuzzer flags for one target, one line in fuzz/<name>.flags.
  extra=()
  [ -f "fuzz/$name.flags" ] && read -r -a extra <"fuzz/$name.flags"
  echo "fuzz: $name for ${seconds}s on $(ls "$corpus" | wc -l) seeds ${extra[*]:-}"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "$t" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=4096 -timeout=20 \
         -artifact_prefix="$artifacts/$name-" \
         -print_final_stats=0 ${extra[@]+"${extra[@]}"} "$corpus" >"$work/$name.log" 2>&1 || {
    tail -60 "$work/$name.log"
    echo "fuzz: $name FAILED (reproducer under $artifacts)"
    exit 1
  }
  grep -E '^#[0-9]+.*DONE' "$work/$name.log" | tail -1 || true
done
echo "fuzz: all targets ran clean"
