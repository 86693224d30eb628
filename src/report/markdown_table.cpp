#include "report/markdown_table.hpp"

#include <algorithm>
#include <cmath>

namespace llmsa::report {

MdTable::MdTable(std::vector<std::string> headers) {
  for (auto& h : headers) {
    const bool right = !h.empty() && h.back() == ':';
    if (right) h.pop_back();
    right_.push_back(right);
    headers_.push_back(std::move(h));
  }
}

MdTable& MdTable::row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  for (auto& c : cells)
    if (c.empty()) c.push_back(' ');
  rows_.push_back(std::move(cells));
  return *this;
}

std::string MdTable::render() const {
  // append() rather than operator+ chains: fewer temporaries, and gcc 12's -Wrestrict false positive
  // on `" " + s + " |"` stays away.
  std::string out = "|";
  auto cell = [&out](const std::string& c) {
    out.append(" ").append(c).append(" |");
  };
  for (const auto& h : headers_) cell(h);
  out.append("\n|");
  for (bool r : right_) out.append(r ? " ---: |" : " --- |");
  out.append("\n");
  for (const auto& row : rows_) {
    out.append("|");
    for (const auto& c : row) cell(c);
    out.append("\n");
  }
  out.append("\n");
  return out;
}

std::string share_bar(double share, int width) {
  if (!std::isfinite(share)) share = 0;
  share = std::clamp(share, 0.0, 1.0);
  const int eighths = static_cast<int>(std::lround(share * width * 8));
  static const char* const kPartial[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  std::string out;
  int full = eighths / 8;
  for (int i = 0; i < full; ++i) out += "█";
  int cells = full;
  if (eighths % 8) {
    out += kPartial[eighths % 8];
    ++cells;
  }
  for (; cells < width; ++cells) out += "░";
  return out;
}

}  // namespace llmsa::report
