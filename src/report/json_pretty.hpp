#pragma once
// Pretty-printed JSON written piece by piece, in the layout of nlohmann's dump(2) (two-space indent,
// "key": value, empty containers as [] and {}), so that a file too large to hold as a DOM
// (analysis.json of 8 ranks x 1M kernels) keeps the look of the small ones. Long arrays of numbers
// or short strings can be written on one line (inline_array), the columnar form analysis.json uses
// for per-layer data. Text goes to a sink in chunks of about 1 MiB; strings are escaped by
// append_json_string (invalid UTF-8 becomes U+FFFD). Doubles are printed like nlohmann does
// (shortest round trip, "1.0" for integral values, null when not finite).
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::report {

// A double as nlohmann::json::dump prints it, appended to `out`.
void append_json_double(std::string& out, double v);

class PrettyJson {
 public:
  // `sink` receives each chunk of text (and the last one from finish()).
  explicit PrettyJson(std::function<void(std::string_view)> sink);

  PrettyJson& key(std::string_view k);  // inside an object, before its value
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void value(std::int64_t v);
  void value(int v) { value(static_cast<std::int64_t>(v)); }
  void value(std::size_t v) { value(static_cast<std::int64_t>(v)); }
  void value(double v);
  void value(bool v);
  void value(std::string_view v);
  void value(const char* v) { value(std::string_view(v)); }
  void value(const std::string& v) { value(std::string_view(v)); }
  void null();
  // A DOM value (small parts: presets, operators, findings), laid out as dump(2) at this depth.
  void dom(const nlohmann::json& v);
  // An array of `n` elements on one line; `element(out, i)` appends element i's JSON text. A template,
  // not a std::function: analysis.json writes tens of millions of elements this way, and the indirect
  // call per element was a quarter of its cost.
  template <class Element>
  void inline_array(std::size_t n, Element&& element) {
    before_value();
    buf_.push_back('[');
    for (std::size_t i = 0; i < n; ++i) {
      if (i) buf_.push_back(',');
      element(buf_, i);
      if (buf_.size() >= kChunkBytes) maybe_flush();
    }
    buf_.push_back(']');
  }
  // Flushes the rest (with a final newline) to the sink.
  void finish();

 private:
  struct Level {
    bool object = false;
    bool empty = true;
  };
  void open(char bracket, bool object);
  void close(char bracket);
  void before_value();  // separator and indent of a new element (nothing right after a key)
  void indent(std::size_t depth);
  void maybe_flush();

  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
  std::function<void(std::string_view)> sink_;
  std::string buf_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace llmsa::report
