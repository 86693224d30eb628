// libFuzzer target for the Ascend JSON side files: communication.json, communication_matrix.json,
// cluster_communication(.matrix).json (both layouts), profiler_info and profiler_metadata.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "trace/ascend/comm_json_readers.hpp"
#include "trace/ascend/profiler_info_reader.hpp"

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
  auto in = InputBuffer::from_memory(bytes, "fuzz/input.json");
  guarded([&] {
    std::vector<CommOpRow> ops;
    std::vector<CommBandwidthRow> bw;
    FileReadReport rep;
    ascend::read_communication_json(in, 0, ops, bw, rep);
    if (rep.rows_read != rep.events + rep.rejected) __builtin_trap();
  });
  guarded([&] {
    std::vector<CommLinkRow> links;
    FileReadReport rep;
    ascend::read_communication_matrix_json(in, 0, links, rep);
    if (rep.rows_read != rep.events + rep.rejected) __builtin_trap();
  });
  guarded([&] {
    std::vector<ClusterCommRow> rows;
    FileReadReport rep;
    ascend::read_cluster_communication_json(in, 0, rows, rep);
    if (rep.rows_read != rep.events + rep.rejected) __builtin_trap();
  });
  guarded([&] {
    ProfilerConfig cfg;
    FileReadReport rep, rep2;
    ascend::read_profiler_info(in, cfg, rep);
    ascend::read_profiler_metadata(in, cfg, rep2);
  });
  return 0;
}
