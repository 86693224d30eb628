#pragma once
// An immutable name shared by every result row that repeats it: a bubble names the kernels on both
// sides, and a capture can hold hundreds of thousands of bubbles between a few dozen distinct kernels.
// A std::string per row cost two heap blocks per bubble (most kernel names exceed the small-string
// buffer) and dominated the analysis's peak memory; a SharedName is one pointer to a string built once
// per distinct name. It reads like a string (string_view conversion, comparison, JSON, streams) so the
// report writers need no change. Copies share the text; it lives as long as any copy does.
#include <iosfwd>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace llmsa::analysis {

class SharedName {
 public:
  SharedName() = default;
  explicit SharedName(std::string text) : text_(std::make_shared<const std::string>(std::move(text))) {}
  // From a literal, so that aggregate initialisers of result rows (tests, report fixtures) read as before.
  SharedName(const char* text) : SharedName(std::string(text ? text : "")) {}  // NOLINT: implicit on purpose

  const std::string& str() const { return text_ ? *text_ : empty_text(); }
  operator std::string_view() const { return str(); }  // NOLINT: reads like a string on purpose
  bool empty() const { return str().empty(); }

  friend bool operator==(const SharedName& a, const SharedName& b) { return a.str() == b.str(); }
  friend bool operator==(const SharedName& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const SharedName& a, const char* b) { return a.str() == std::string_view(b ? b : ""); }

 private:
  static const std::string& empty_text() {
    static const std::string kEmpty;
    return kEmpty;
  }
  std::shared_ptr<const std::string> text_;
};

void to_json(nlohmann::json& j, const SharedName& n);
std::ostream& operator<<(std::ostream& os, const SharedName& n);

}  // namespace llmsa::analysis
