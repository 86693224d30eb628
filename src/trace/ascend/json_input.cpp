#include "trace/ascend/json_input.hpp"

#include "core/error.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

nlohmann::json parse_json_input(const InputBuffer& in) {
  auto b = in.bytes();
  if (trim_field(b).empty()) throw_bad_input({in.name(), 1, 0, ""}, "empty file");
  try {
    return nlohmann::json::parse(b.begin(), b.end());
  } catch (const nlohmann::json::parse_error& e) {
    auto off = static_cast<std::int64_t>(e.byte > 0 ? e.byte - 1 : 0);
    std::int64_t line = 1;
    for (std::int64_t i = 0; i < off && i < static_cast<std::int64_t>(b.size()); ++i)
      if (b[static_cast<std::size_t>(i)] == '\n') ++line;
    throw_bad_input({in.name(), line, off, ""}, std::string("JSON syntax error: ") + e.what());
  }
}

std::optional<double> json_number(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) return parse_double_field(it->get_ref<const std::string&>());
  return std::nullopt;
}

}  // namespace llmsa::trace::ascend
