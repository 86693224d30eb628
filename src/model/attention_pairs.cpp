#include "model/attention_pairs.hpp"

#include <algorithm>

namespace llmsa::model {

double attended_pairs(std::int64_t prefix, std::int64_t new_tokens, std::int64_t window, CausalCounting c) {
  const double P = static_cast<double>(prefix);
  const double T = static_cast<double>(new_tokens);
  if (new_tokens <= 0) return 0;
  const bool windowed = window > 0 && window < prefix + new_tokens;
  const double W = static_cast<double>(window);
  switch (c) {
    case CausalCounting::kFullSquare:
      return T * (windowed ? W : P + T);
    case CausalCounting::kHalfSquare: {
      const double half = T * P + T * T / 2;
      return windowed ? std::min(half, T * W) : half;
    }
    case CausalCounting::kExactPairs:
      break;
  }
  if (!windowed) return T * P + T * (T + 1) / 2;
  // Queries i with P + i <= W see P + i keys; the rest see W.
  const std::int64_t n1 = std::clamp<std::int64_t>(window - prefix, 0, new_tokens);
  const double N1 = static_cast<double>(n1);
  return N1 * P + N1 * (N1 + 1) / 2 + (T - N1) * W;
}

std::int64_t decode_keys(std::int64_t context, std::int64_t window) {
  return window > 0 ? std::min(context, window) : context;
}

}  // namespace llmsa::model
