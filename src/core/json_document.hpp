#pragma once
// Parses a small JSON document (configs, data files, rule files) with nlohmann/json and turns
// every way it can fail — syntax errors, but also numbers out of range such as 2e878, which
// nlohmann reports as a different exception type — into one bad-input llmsa::Error naming the file.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa {

nlohmann::json parse_json_document(std::string_view text, const std::string& file);

// The optional array of strings `key` of object `j` in a data or rule file: empty when absent;
// anything but an array of strings (of non-empty strings when `non_empty`) is bad input at `file`,
// field "<base>.<key>".
std::vector<std::string> json_string_array(const nlohmann::json& j, const char* key, const std::string& file,
                                           const std::string& base, bool non_empty = false);

// The array `key` at the top of a data or rule file ({"<key>": [ ... ]}); anything else is bad input
// at `file`, field `key`.
const nlohmann::json& json_top_level_array(const nlohmann::json& doc, const char* key, const std::string& file);

}  // namespace llmsa
