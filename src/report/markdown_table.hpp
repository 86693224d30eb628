#pragma once
// A GitHub-flavoured Markdown table: header cells, then rows; numeric columns right-aligned. Cells are
// given already escaped (md_cell) or formatted, so the table never re-escapes.
#include <string>
#include <vector>

namespace llmsa::report {

class MdTable {
 public:
  // A header ending in ':' (e.g. "wall ms:") marks a right-aligned (numeric) column; the ':' is dropped.
  explicit MdTable(std::vector<std::string> headers);
  MdTable& row(std::vector<std::string> cells);  // padded or cut to the header count
  bool empty() const { return rows_.empty(); }
  std::size_t size() const { return rows_.size(); }
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

// A bar of `width` cells for a share in [0, 1] ("████▌░░░░░"), for a table cell.
std::string share_bar(double share, int width = 10);

}  // namespace llmsa::report
