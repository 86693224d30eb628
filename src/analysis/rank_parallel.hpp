#pragma once
// The per-rank analyses are independent: run them on several threads, as ingestion reads ranks. Each
// call writes only its own slot (index i), so the output never depends on the thread count.
#include <cstddef>
#include <functional>

namespace llmsa::analysis {

// Calls body(i) for every i in [0, n), on up to `threads` threads (0: the hardware's concurrency; never
// more threads than items). After every item has run, the exception of the lowest-index item that
// threw (if any) is rethrown.
void for_each_rank(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& body);

}  // namespace llmsa::analysis
