#pragma once
// One worksheet of report.xlsx written row by row (libxlsxwriter's constant-memory mode, so a 200k-row
// raw kernel index never sits in memory as a cell tree): a bold header row that is frozen and
// autofiltered, column widths set from the column kind, numbers stored as numbers with a display format
// (units live in the headers), and every string made valid UTF-8 and cut to Excel's 32,767-character
// cell limit so the file opens without a repair prompt.
#include <xlsxwriter.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::report {

enum class XlsxKind { kText, kWideText, kInteger, kNumber, kShare };

struct XlsxColumn {
  std::string header;  // with its unit, e.g. "wall (ms)"
  XlsxKind kind = XlsxKind::kText;
};

// Formats shared by every sheet of one workbook.
struct XlsxFormats {
  explicit XlsxFormats(lxw_workbook* wb);
  lxw_format* header;
  lxw_format* integer;
  lxw_format* number;
  lxw_format* share;
  lxw_format* wrap;
  lxw_format* title;
  lxw_format* marker;
};

class XlsxSheet {
 public:
  XlsxSheet(lxw_workbook* wb, const XlsxFormats& formats, const std::string& name, std::vector<XlsxColumn> columns);
  // Cells of the current row, left to right.
  XlsxSheet& text(std::string_view s);
  // A string already passed through xlsx_text() (callers that cache repeated names).
  XlsxSheet& checked_text(const std::string& s);
  XlsxSheet& integer(std::int64_t v);
  XlsxSheet& number(double v);  // blank when not finite
  XlsxSheet& number(const std::optional<double>& v);
  XlsxSheet& share(double v);   // a ratio in [0, 1] shown as a percentage
  XlsxSheet& flag(bool v);      // "yes" / "no"
  XlsxSheet& blank();
  XlsxSheet& ids(const std::vector<std::string>& evidence_ids);  // "ev-a ev-b", capped
  void end_row();
  // A full-width note row (e.g. the truncation marker of the raw kernel index), in italics.
  void note(std::string_view s);
  std::size_t rows() const { return row_ - 1; }
  // Sets the autofilter over the written rows; call once, after the last row.
  void finish();

 private:
  lxw_worksheet* ws_;
  const XlsxFormats& f_;
  std::vector<XlsxColumn> columns_;
  lxw_row_t row_ = 1;
  lxw_col_t col_ = 0;
};

// Valid UTF-8, at most 32,767 characters (Excel's cell limit), cut on a character boundary.
std::string xlsx_text(std::string_view s);

}  // namespace llmsa::report
