#include "core/json_document.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa {

nlohmann::json parse_json_document(std::string_view text, const std::string& file) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann counts bytes from 1 and points just past the offending character.
    std::int64_t offset = e.byte > 0 ? static_cast<std::int64_t>(e.byte) - 1 : 0;
    throw_bad_input({file, -1, offset, ""}, fmt::format("not valid JSON ({})", e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw_bad_input({file, -1, -1, ""}, fmt::format("not usable JSON ({})", e.what()));
  }
}

std::vector<std::string> json_string_array(const nlohmann::json& j, const char* key, const std::string& file,
                                           const std::string& base, bool non_empty) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  const std::string field = base + "." + key;
  if (!j[key].is_array()) throw_bad_input(at(file, field), "expected an array of strings");
  for (const auto& v : j[key]) {
    if (!v.is_string() || (non_empty && v.get<std::string>().empty()))
      throw_bad_input(at(file, field), non_empty ? "expected non-empty strings" : "expected strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

const nlohmann::json& json_top_level_array(const nlohmann::json& doc, const char* key, const std::string& file) {
  if (!doc.is_object() || !doc.contains(key) || !doc[key].is_array())
    throw_bad_input(at(file, key), fmt::format("expected an object with a '{}' array", key));
  return doc[key];
}

}  // namespace llmsa
