#pragma once
// Runs `items` independent work items on `threads` std::threads, each thread taking one contiguous
// block fixed by (items, threads) alone. The kernels built on this give every output to exactly one
// work item with a fixed internal order, so their results never depend on the thread count.
#include <cstddef>
#include <functional>

namespace llmsa::det {

void run_fixed_partition(std::size_t threads, std::size_t items,
                         const std::function<void(std::size_t item)>& work);

}  // namespace llmsa::det
