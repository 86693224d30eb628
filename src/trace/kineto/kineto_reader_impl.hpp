#pragma once
// The per-instruction-set entry points of the Kineto reader (see kineto_reader_impl.inl).
#include <string>

#include "trace/kineto/json_input.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace kineto_generic {
void read_parsed(kineto::JsonInput& input, const std::string& display, RankEvents& out, FileReadReport& report,
                 KinetoTraceInfo* info, const KinetoReadOptions& options);
}  // namespace kineto_generic
}  // namespace llmsa::trace
