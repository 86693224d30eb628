#pragma once
// What is being run: a prefill of `seq` new tokens after `prefix` cached ones (chunked prefill;
// prefix 0 is a plain prefill), then one decode token with prefix+seq tokens in context, for
// `batch` sequences. `images` per sequence are encoded by the vision tower during prefill.
#include <cstdint>

namespace llmsa::model {

struct Workload {
  std::int64_t seq = 4096;
  std::int64_t prefix = 0;
  std::int64_t batch = 1;
  std::int64_t images = 0;
  std::int64_t decode_context() const { return prefix + seq; }
};

}  // namespace llmsa::model
