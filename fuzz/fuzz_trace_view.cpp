// libFuzzer target for trace_view.json (bare array, string timestamps, truncation repair, flows).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "trace/ascend/trace_view_reader.hpp"

using namespace llmsa::trace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    auto in = InputBuffer::from_memory(bytes, "fuzz/trace_view.json");
    RankEvents ev;
    std::vector<CounterSample> counters;
    FileReadReport rep;
    ascend::read_trace_view(in, ev, counters, rep);
    if (rep.rows_read != rep.events + rep.rejected) __builtin_trap();
    for (std::size_t i = 0; i < ev.flows.from.size(); ++i)
      if (ev.flows.from[i] >= ev.size() || ev.flows.to[i] >= ev.size()) __builtin_trap();
  } catch (const llmsa::Error&) {
  }
  return 0;
}
