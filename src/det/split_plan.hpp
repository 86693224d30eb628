#pragma once
// How a reduction of `total` elements is cut into chunks. A plan with a fixed chunk *size* keeps the
// chunk boundaries of a row independent of everything else in the batch; a plan with a fixed chunk
// *count* (chosen to fill the machine) moves them whenever the count changes (reference §1.2).
#include <cstddef>
#include <vector>

namespace llmsa::det {

// Chunks of exactly `chunk` elements, the last one holding the remainder: 1000 by 256 is
// [256, 256, 256, 232]. Empty for total == 0.
std::vector<std::size_t> fixed_size_split(std::size_t total, std::size_t chunk);

// `count` chunks as equal as possible, the first ones one larger when it does not divide:
// 1000 by 4 is [250, 250, 250, 250]. Never more chunks than elements.
std::vector<std::size_t> fixed_count_split(std::size_t total, std::size_t count);

}  // namespace llmsa::det
