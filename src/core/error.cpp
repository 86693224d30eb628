#include "core/error.hpp"

#include <fmt/format.h>

namespace llmsa {

std::string format_location(const SourceLocation& where) {
  std::string out = where.file;
  if (where.line >= 0) out += fmt::format("{}line {}", out.empty() ? "" : ":", where.line);
  if (where.byte_offset >= 0) out += fmt::format("{}byte {}", out.empty() ? "" : ":", where.byte_offset);
  if (!where.field.empty()) out += fmt::format("{}field '{}'", out.empty() ? "" : ": ", where.field);
  return out;
}

static std::string compose(const SourceLocation& where, const std::string& message) {
  std::string loc = format_location(where);
  return loc.empty() ? message : loc + ": " + message;
}

Error::Error(ErrorKind kind, SourceLocation where, const std::string& message)
    : std::runtime_error(compose(where, message)),
      kind_(kind),
      where_(std::move(where)),
      message_(message) {}

void throw_bad_input(SourceLocation where, const std::string& message) {
  throw Error(ErrorKind::kBadInput, std::move(where), message);
}

void throw_internal(const std::string& message) {
  throw Error(ErrorKind::kInternal, {}, message);
}

}  // namespace llmsa
