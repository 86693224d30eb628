#pragma once
// Each pooled string of a rank in an output's escaped form (CSV field, XLSX cell, JSON literal), made
// the first time it is used. Writers that emit one row per event (millions) repeat a few thousand
// distinct names, so escaping once per StringId instead of once per row is most of their speed.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/string_pool.hpp"

namespace llmsa::report {

template <class Escape>  // std::string(std::string_view)
class EscapedStrings {
 public:
  EscapedStrings(const StringPool& pool, Escape escape)
      : pool_(pool), escape_(std::move(escape)), done_(pool.size(), 0), text_(pool.size()) {}

  const std::string& operator()(StringId id) {
    if (!done_[id]) {
      text_[id] = escape_(pool_.view(id));
      done_[id] = 1;
    }
    return text_[id];
  }

 private:
  const StringPool& pool_;
  Escape escape_;
  std::vector<char> done_;
  std::vector<std::string> text_;
};

}  // namespace llmsa::report
