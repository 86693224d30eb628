// step_trace_time.csv of a SynthRank (ascend-profiling.md C.4), derived from the tasks: the device
// runs one task at a time here, so nothing overlaps and Communication(Not Overlapped) is all of
// Communication; Free is the rest of the device span of the step; Preparing is the step start to
// the first device task.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "synth/ascend_capture.hpp"

namespace llmsa::synth {

WrittenFile write_step_trace_time_csv(const std::filesystem::path& file, const SynthRank& r, const RankWriteOptions& o) {
  WrittenFile wf{file, "ascend.step_trace_time.csv", {}};
  std::string text = o.device_id_column ? "Device_id," : "";
  text +=
      "Step,Computing,Communication(Not Overlapped),Overlapped,Communication,Free,Stage,Bubble,"
      "Communication(Not Overlapped and Exclude Receive),Preparing\n";
  auto us = [](std::int64_t ns) { return static_cast<double>(ns) / 1000.0; };
  for (const auto& s : r.steps) {
    std::int64_t compute = 0, comm = 0, first = INT64_MAX, last = INT64_MIN;
    for (const auto& t : r.tasks) {
      if (t.step != s.id) continue;
      (t.collective ? comm : compute) += t.dur_ns;
      first = std::min(first, t.start_ns);
      last = std::max(last, t.start_ns + t.dur_ns);
    }
    if (first == INT64_MAX) continue;
    const std::int64_t span = last - first;
    auto it = std::back_inserter(text);
    if (o.device_id_column) fmt::format_to(it, "{},", r.device_id);
    fmt::format_to(it, "{},{:.3f},{:.3f},0.0,{:.3f},{:.3f},{:.3f},0,{:.3f},{:.3f}\n", s.id, us(compute), us(comm), us(comm),
                   us(span - compute - comm), us(span), us(comm), us(first - s.host_start_ns));
  }
  write_text_file(file, text);
  return wf;
}

}  // namespace llmsa::synth
