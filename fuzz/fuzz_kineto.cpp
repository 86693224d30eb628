// libFuzzer target for the Kineto reader: any bytes (plain or gzip) must either read with a
// consistent account or throw llmsa::Error; never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.hpp"
#include "trace/kineto/kineto_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmsa::trace;
  RankEvents ev;
  FileReadReport rep;
  KinetoTraceInfo info;
  try {
    read_kineto_buffer(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json", ev, rep, &info);
  } catch (const llmsa::Error&) {
    return 0;
  }
  // The account must balance and every index must point at an event.
  if (rep.rows_read != rep.events + rep.rejected) std::abort();
  const std::size_t n = ev.size();
  if (ev.dur_ns.size() != n || ev.name.size() != n || ev.source_row.size() != n || ev.step.size() != n) std::abort();
  for (std::size_t i = 0; i < n; ++i)
    if (ev.dur_ns[i] < 0) std::abort();
  for (const auto& m : ev.metrics)
    if (m.value.size() != n || m.present.size() != n) std::abort();
  for (auto e : ev.args.event)
    if (e >= n) std::abort();
  for (std::size_t i = 0; i < ev.flows.from.size(); ++i)
    if (ev.flows.from[i] >= n || ev.flows.to[i] >= n) std::abort();
  return 0;
}
