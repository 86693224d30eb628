#include "core/json_document.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

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

}  // namespace llmsa
