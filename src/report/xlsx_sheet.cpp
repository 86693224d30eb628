#include "report/xlsx_sheet.hpp"

#include <cmath>

#include "core/error.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {

XlsxFormats::XlsxFormats(lxw_workbook* wb) {
  header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0x1F3864);
  format_set_font_color(header, LXW_COLOR_WHITE);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
  format_set_bottom(header, LXW_BORDER_THIN);
  integer = workbook_add_format(wb);
  format_set_num_format(integer, "#,##0");
  number = workbook_add_format(wb);
  format_set_num_format(number, "#,##0.000");
  share = workbook_add_format(wb);
  format_set_num_format(share, "0.0%");
  wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  marker = workbook_add_format(wb);
  format_set_italic(marker);
  format_set_font_color(marker, 0xC00000);
}

std::string xlsx_text(std::string_view s) {
  std::string t = valid_utf8(s);
  constexpr std::size_t kMax = 32767;
  if (t.size() <= kMax) return t;
  // Count characters (UTF-8 lead bytes) and cut at the 32,767th.
  std::size_t chars = 0, i = 0;
  for (; i < t.size(); ++i)
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80 && ++chars > kMax) break;
  t.resize(i);
  return t;
}

XlsxSheet::XlsxSheet(lxw_workbook* wb, const XlsxFormats& formats, const std::string& name,
                     std::vector<XlsxColumn> columns)
    : f_(formats), columns_(std::move(columns)) {
  ws_ = workbook_add_worksheet(wb, name.c_str());
  if (!ws_) throw_internal("report.xlsx: cannot add worksheet '" + name + "'");
  for (lxw_col_t c = 0; c < columns_.size(); ++c) {
    double width = 12;
    lxw_format* fmt = nullptr;
    switch (columns_[c].kind) {
      case XlsxKind::kText: width = 18; break;
      case XlsxKind::kWideText: width = 48; break;
      case XlsxKind::kInteger: width = 11; fmt = f_.integer; break;
      case XlsxKind::kNumber: width = 13; fmt = f_.number; break;
      case XlsxKind::kShare: width = 10; fmt = f_.share; break;
    }
    // A header longer than the column wraps (the header row is tall enough for two lines).
    worksheet_set_column(ws_, c, c, width, fmt);
  }
  worksheet_set_row(ws_, 0, 30, nullptr);
  for (lxw_col_t c = 0; c < columns_.size(); ++c)
    worksheet_write_string(ws_, 0, c, xlsx_text(columns_[c].header).c_str(), f_.header);
  worksheet_freeze_panes(ws_, 1, 0);
}

XlsxSheet& XlsxSheet::text(std::string_view s) {
  if (!s.empty()) {
    const bool wide = col_ < columns_.size() && columns_[col_].kind == XlsxKind::kWideText;
    worksheet_write_string(ws_, row_, col_, xlsx_text(s).c_str(), wide ? f_.wrap : nullptr);
  }
  ++col_;
  return *this;
}

XlsxSheet& XlsxSheet::checked_text(const std::string& s) {
  if (!s.empty()) {
    const bool wide = col_ < columns_.size() && columns_[col_].kind == XlsxKind::kWideText;
    worksheet_write_string(ws_, row_, col_, s.c_str(), wide ? f_.wrap : nullptr);
  }
  ++col_;
  return *this;
}

XlsxSheet& XlsxSheet::integer(std::int64_t v) {
  worksheet_write_number(ws_, row_, col_++, static_cast<double>(v), f_.integer);
  return *this;
}

XlsxSheet& XlsxSheet::number(double v) {
  if (std::isfinite(v)) worksheet_write_number(ws_, row_, col_, v, f_.number);
  ++col_;
  return *this;
}

XlsxSheet& XlsxSheet::number(const std::optional<double>& v) { return v ? number(*v) : blank(); }

XlsxSheet& XlsxSheet::share(double v) {
  if (std::isfinite(v)) worksheet_write_number(ws_, row_, col_, v, f_.share);
  ++col_;
  return *this;
}

XlsxSheet& XlsxSheet::flag(bool v) { return text(v ? "yes" : "no"); }

XlsxSheet& XlsxSheet::blank() {
  ++col_;
  return *this;
}

XlsxSheet& XlsxSheet::ids(const std::vector<std::string>& evidence_ids) {
  constexpr std::size_t kMaxIds = 50;
  std::string s;
  for (std::size_t i = 0; i < evidence_ids.size() && i < kMaxIds; ++i) {
    if (i) s.push_back(' ');
    s.append(evidence_ids[i]);
  }
  if (evidence_ids.size() > kMaxIds) s += " (+" + std::to_string(evidence_ids.size() - kMaxIds) + " more)";
  return text(s);
}

void XlsxSheet::end_row() {
  ++row_;
  col_ = 0;
}

void XlsxSheet::note(std::string_view s) {
  if (col_ != 0) end_row();
  worksheet_write_string(ws_, row_, 0, xlsx_text(s).c_str(), f_.marker);
  end_row();
}

void XlsxSheet::finish() {
  if (!columns_.empty())
    worksheet_autofilter(ws_, 0, 0, row_ > 1 ? row_ - 1 : 0, static_cast<lxw_col_t>(columns_.size() - 1));
}

}  // namespace llmsa::report
