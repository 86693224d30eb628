#pragma once
// One error type for the whole library. It carries where the problem is (file, line or byte
// offset, field) so that every message a user sees can point at the offending input.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace llmsa {

enum class ErrorKind {
  kBadInput,  // the user's input is wrong: exit code 2
  kInternal,  // a fault of ours: exit code 1
};

struct SourceLocation {
  std::string file;              // empty when not from a file
  std::int64_t line = -1;        // 1-based; -1 when unknown
  std::int64_t byte_offset = -1; // 0-based; -1 when unknown
  std::string field;             // JSON path, column name or option; empty when not applicable
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, SourceLocation where, const std::string& message);

  ErrorKind kind() const { return kind_; }
  const SourceLocation& where() const { return where_; }
  const std::string& message() const { return message_; }  // without the location prefix
  int exit_code() const { return kind_ == ErrorKind::kBadInput ? 2 : 1; }

 private:
  ErrorKind kind_;
  SourceLocation where_;
  std::string message_;
};

// "file:line: field 'x': message" with the parts that are known.
std::string format_location(const SourceLocation& where);

[[noreturn]] void throw_bad_input(SourceLocation where, const std::string& message);
[[noreturn]] void throw_internal(const std::string& message);

}  // namespace llmsa
