#include "det/split_plan.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace llmsa::det {

std::vector<std::size_t> fixed_size_split(std::size_t total, std::size_t chunk) {
  if (chunk == 0) throw_internal("fixed_size_split: chunk size must be positive");
  std::vector<std::size_t> plan;
  for (std::size_t done = 0; done < total; done += chunk) plan.push_back(std::min(chunk, total - done));
  return plan;
}

std::vector<std::size_t> fixed_count_split(std::size_t total, std::size_t count) {
  if (count == 0) throw_internal("fixed_count_split: chunk count must be positive");
  count = std::min(count, total);
  std::vector<std::size_t> plan;
  if (count == 0) return plan;
  std::size_t base = total / count, extra = total % count;
  for (std::size_t i = 0; i < count; ++i) plan.push_back(base + (i < extra ? 1 : 0));
  return plan;
}

}  // namespace llmsa::det
