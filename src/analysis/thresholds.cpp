#include "analysis/thresholds.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "core/json_document.hpp"

namespace llmsa::analysis {

bool Threshold::tripped_by(double measured) const {
  if (comparator == ">=") return measured >= value;
  if (comparator == ">") return measured > value;
  if (comparator == "<=") return measured <= value;
  return measured < value;  // "<", the only other comparator from_json accepts
}

Thresholds Thresholds::from_json(std::string_view json, const std::string& file) {
  try {
    nlohmann::json doc = parse_json_document(json, file);
    const nlohmann::json& entries = json_top_level_array(doc, "thresholds", file);
    Thresholds out;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& j = entries[i];
      const std::string base = fmt::format("thresholds[{}]", i);
      for (const char* key : {"id", "unit", "comparator", "rule", "source"})
        if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
          throw_bad_input(at(file, base + "." + key), "expected a non-empty string");
      if (!j.contains("value") || !j["value"].is_number())
        throw_bad_input(at(file, base + ".value"), "expected a number");
      Threshold t{j["id"].get<std::string>(),         j["value"].get<double>(),     j["unit"].get<std::string>(),
                  j["comparator"].get<std::string>(), j["rule"].get<std::string>(), j["source"].get<std::string>()};
      if (t.comparator != ">=" && t.comparator != ">" && t.comparator != "<=" && t.comparator != "<")
        throw_bad_input(at(file, base + ".comparator"), "expected >=, >, <= or <, found '" + t.comparator + "'");
      if (!ids.insert(t.id).second) throw_bad_input(at(file, base + ".id"), "duplicate id '" + t.id + "'");
      out.thresholds_.push_back(std::move(t));
    }
    if (doc.contains("rule_confidence"))
      for (std::size_t i = 0; i < doc["rule_confidence"].size(); ++i) {
        const auto& j = doc["rule_confidence"][i];
        const std::string field = fmt::format("rule_confidence[{}].max_confidence", i);
        out.caps_.emplace_back(j.at("rule").get<std::string>(),
                               evidence::parse_confidence(j.at("max_confidence").get<std::string>(), field));
      }
    return out;
  } catch (const nlohmann::json::exception& e) {
    // Wrong JSON types (a number where a string belongs...) are the file's fault, reported as such.
    throw_bad_input(at(file, ""), fmt::format("unexpected JSON content: {}", e.what()));
  }
}

const Thresholds& Thresholds::builtin() {
  static const Thresholds t = from_json(require_embedded_file("thresholds.json"), "data/thresholds.json");
  return t;
}

const Threshold& Thresholds::get(std::string_view id) const {
  for (const auto& t : thresholds_)
    if (t.id == id) return t;
  throw_internal(fmt::format("threshold '{}' is not in data/thresholds.json", id));
}

std::optional<evidence::Confidence> Thresholds::max_confidence(std::string_view rule) const {
  for (const auto& [r, c] : caps_)
    if (r == rule) return c;
  return std::nullopt;
}

}  // namespace llmsa::analysis
