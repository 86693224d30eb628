#pragma once
// Parses a small JSON document (configs, data files, rule files) with nlohmann/json and turns
// every way it can fail — syntax errors, but also numbers out of range such as 2e878, which
// nlohmann reports as a different exception type — into one bad-input llmsa::Error naming the file.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace llmsa {

nlohmann::json parse_json_document(std::string_view text, const std::string& file);

}  // namespace llmsa
