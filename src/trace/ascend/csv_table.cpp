#include "trace/ascend/csv_table.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "trace/ascend/column_aliases.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

std::string_view CsvRowView::get(std::string_view canonical) const {
  int i = col(canonical);
  return i < 0 ? std::string_view{} : trim_field(rec->fields[static_cast<std::size_t>(i)]);
}

OptDouble CsvRowView::number(std::string_view canonical, bool& bad) const {
  std::string_view f = get(canonical);
  if (is_missing_field(f)) return std::nullopt;
  auto v = parse_double_field(f);
  if (!v) bad = true;
  return v;
}

void read_csv_table(InputBuffer& in, const char* format, const std::vector<std::string_view>& required,
                    FileReadReport& report, const CsvRowHandler& on_row) {
  report.path = in.name();
  report.format = format;
  CsvTokenizer tok(in.bytes());
  CsvRecord rec;
  auto st = tok.next(rec);
  if (st == CsvStatus::kEnd) throw_bad_input({in.name(), 1, 0, ""}, "empty file: no header row");
  if (st == CsvStatus::kUnterminatedQuote || !is_valid_utf8(rec.raw))
    throw_bad_input({in.name(), 1, 0, ""}, "unreadable header row (unterminated quote or invalid UTF-8)");
  const std::vector<std::string> header = canonical_header(rec.fields);
  for (auto r : required)
    if (find_column(header, r) < 0)
      throw_bad_input({in.name(), 1, 0, std::string(r)}, fmt::format("header lacks required column '{}'", r));
  std::uint64_t row = 0;
  for (;;) {
    st = tok.next(rec);
    if (st == CsvStatus::kEnd) break;
    ++report.rows_read;
    const std::uint64_t this_row = row++;
    auto reject = [&](std::string reason) {
      report.reject({this_row, static_cast<std::int64_t>(rec.line), static_cast<std::int64_t>(rec.offset),
                     std::move(reason)});
    };
    if (st == CsvStatus::kUnterminatedQuote) {
      reject("unterminated quoted field (rest of file)");
      break;
    }
    if (rec.fields.size() != header.size()) {
      reject(rec.fields.size() < header.size() ? "fewer fields than the header (truncated row?)"
                                               : "more fields than the header");
      continue;
    }
    if (rec.maybe_non_ascii && !is_valid_utf8(rec.raw)) {
      reject("invalid UTF-8");
      continue;
    }
    CsvRowView v{&header, &rec, this_row};
    if (auto why = on_row(v)) {
      reject(*why);
      continue;
    }
    ++report.events;
  }
}

}  // namespace llmsa::trace::ascend
