#include "trace/kineto/kineto_reader.hpp"

#include "trace/kineto/json_input.hpp"
#include "trace/kineto/kineto_reader_impl.hpp"

namespace llmsa::trace {
namespace {

void dispatch(kineto::JsonInput& input, const std::string& display, RankEvents& out, FileReadReport& report,
              KinetoTraceInfo* info, const KinetoReadOptions& options) {
  // simdjson's On-Demand stage 1 (structural indexing) is dispatched at run time to the CPU's
  // best kernel; the navigation compiled here uses the build's baseline instruction set.
  kineto_generic::read_parsed(input, display, out, report, info, options);
}

}  // namespace

void read_kineto_trace(const std::filesystem::path& path, RankEvents& out, FileReadReport& report,
                       KinetoTraceInfo* info, const KinetoReadOptions& options) {
  kineto::JsonInput input = kineto::load_json_file(path);
  dispatch(input, path.string(), out, report, info, options);
}

void read_kineto_buffer(std::string_view bytes, const std::string& display_path, RankEvents& out,
                        FileReadReport& report, KinetoTraceInfo* info, const KinetoReadOptions& options) {
  kineto::JsonInput input = kineto::load_json_bytes(bytes, display_path);
  dispatch(input, display_path, out, report, info, options);
}

}  // namespace llmsa::trace
