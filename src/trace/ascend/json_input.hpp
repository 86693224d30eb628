#pragma once
// Parses a small JSON input (communication*.json, profiler_info, cluster files) with nlohmann,
// turning syntax errors, invalid UTF-8 and empty files into llmsa::Error with the byte offset.
#include <nlohmann/json.hpp>

#include "trace/input_buffer.hpp"

namespace llmsa::trace::ascend {

nlohmann::json parse_json_input(const InputBuffer& in);

// Optional number from an object member: absent, null or non-numeric give nullopt. Numbers
// written as strings ("1.5") are accepted, as some Ascend writers quote them.
std::optional<double> json_number(const nlohmann::json& obj, const char* key);

}  // namespace llmsa::trace::ascend
