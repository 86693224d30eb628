#include "det/fixed_partition.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace llmsa::det {

void run_fixed_partition(std::size_t threads, std::size_t items,
                         const std::function<void(std::size_t item)>& work) {
  threads = std::max<std::size_t>(1, std::min(threads, items));
  if (threads <= 1) {
    for (std::size_t i = 0; i < items; ++i) work(i);
    return;
  }
  const std::size_t base = items / threads, extra = items % threads;
  auto block = [&](std::size_t t, std::size_t& begin, std::size_t& end) {
    begin = t * base + std::min(t, extra);
    end = begin + base + (t < extra ? 1 : 0);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::size_t b = 0, e = 0;
      block(t, b, e);
      for (std::size_t i = b; i < e; ++i) work(i);
    });
  }
  std::size_t b = 0, e = 0;
  block(0, b, e);
  for (std::size_t i = b; i < e; ++i) work(i);
  for (auto& th : pool) th.join();
}

}  // namespace llmsa::det
