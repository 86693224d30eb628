#pragma once
// Short constructors for SourceLocation, so call sites name only what they know and stay
// warning-free under -Wmissing-field-initializers (designated initializers that skip fields warn).
#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace llmsa {

// A location in `file` (may be empty) at JSON path / column / option `field` (may be empty).
inline SourceLocation at(std::string file, std::string field) {
  SourceLocation loc;
  loc.file = std::move(file);
  loc.field = std::move(field);
  return loc;
}

// A location at a 0-based byte offset of `file`.
inline SourceLocation at_byte(std::string file, std::int64_t byte_offset) {
  SourceLocation loc;
  loc.file = std::move(file);
  loc.byte_offset = byte_offset;
  return loc;
}

}  // namespace llmsa
