#pragma once
// Interns strings to dense uint32 ids. Event names repeat millions of times in a trace; storing
// each once keeps the event store small and makes grouping by name an integer comparison.
// Id 0 is always the empty string, so a zero-initialised column means "no value".
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace llmsa {

using StringId = std::uint32_t;
inline constexpr StringId kEmptyString = 0;

class StringPool {
 public:
  StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;

  StringId intern(std::string_view s);
  // Id of `s` if already interned, else nullopt-like kNotFound.
  static constexpr StringId kNotFound = 0xFFFFFFFFu;
  StringId find(std::string_view s) const;
  std::string_view view(StringId id) const { return views_[id]; }
  std::size_t size() const { return views_.size(); }

 private:
  // Storage with stable addresses: string_views into it stay valid as the pool grows.
  std::deque<std::string> storage_;
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, StringId> index_;
};

}  // namespace llmsa
