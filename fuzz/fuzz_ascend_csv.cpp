// libFuzzer target for the Ascend CSV readers: kernel_details.csv and the statistics CSVs
// (op_statistic, step_trace_time, api_statistic, cluster_step_trace_time). Bad input may throw
// llmsa::Error; anything else (crash, sanitizer report, other exception, hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/ascend/stat_csv_readers.hpp"

using namespace llmsa::trace;

template <class F>
static void guarded(F&& f) {
  try {
    f();
  } catch (const llmsa::Error&) {
  }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  guarded([&] {
    auto in = InputBuffer::from_memory(bytes, "fuzz/kernel_details.csv");
    RankEvents ev;
    FileReadReport rep;
    ascend::read_kernel_details(in, ev, rep);
    if (rep.rows_read != rep.events + rep.rejected || ev.size() != rep.events) __builtin_trap();
    // The same bytes cut into byte ranges read by 3 threads must give the one-thread result.
    RankEvents ev3;
    FileReadReport rep3;
    ascend::read_kernel_details(in, ev3, rep3, {3, 0});
    if (rep3.rows_read != rep.rows_read || rep3.rejected != rep.rejected || rep3.events != rep.events ||
        ev3.start_ns != ev.start_ns || ev3.name != ev.name || ev3.source_row != ev.source_row ||
        ev3.strings.size() != ev.strings.size() || rep3.rejected_by_reason != rep.rejected_by_reason ||
        !(ev3.step == ev.step) || !(ev3.wait_ns == ev.wait_ns) || ev3.metrics.size() != ev.metrics.size())
      __builtin_trap();
    // Packed PMU columns: as long as the store, and the same values whichever way the file was cut.
    for (std::size_t k = 0; k < ev.metrics.size(); ++k)
      if (ev.metrics[k].size() != ev.size() || !(ev3.metrics[k] == ev.metrics[k])) __builtin_trap();
  });
  guarded([&] {
    auto in = InputBuffer::from_memory(bytes, "fuzz/op_statistic.csv");
    std::vector<OpStatisticRow> rows;
    FileReadReport rep;
    ascend::read_op_statistic(in, 0, rows, rep);
  });
  guarded([&] {
    auto in = InputBuffer::from_memory(bytes, "fuzz/step_trace_time.csv");
    std::vector<StepTraceRow> rows;
    FileReadReport rep;
    ascend::read_step_trace_time(in, 0, rows, rep);
  });
  guarded([&] {
    auto in = InputBuffer::from_memory(bytes, "fuzz/api_statistic.csv");
    std::vector<ApiStatisticRow> rows;
    FileReadReport rep;
    ascend::read_api_statistic(in, 0, rows, rep);
  });
  guarded([&] {
    auto in = InputBuffer::from_memory(bytes, "fuzz/cluster_step_trace_time.csv");
    std::vector<ClusterStepTraceRow> rows;
    FileReadReport rep;
    ascend::read_cluster_step_trace_time(in, 0, rows, rep);
  });
  return 0;
}
