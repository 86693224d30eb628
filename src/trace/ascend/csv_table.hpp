#pragma once
// Shared driver for the small Ascend statistics CSVs (op_statistic, step_trace_time, api_statistic,
// cluster_step_trace_time): header by canonical name, one callback per data record, and the
// accounting (field-count mismatch, invalid UTF-8, unterminated quotes) done once here.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/csv_tokenizer.hpp"
#include "trace/input_buffer.hpp"
#include "trace/profile.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace::ascend {

struct CsvRowView {
  const std::vector<std::string>* header;
  const CsvRecord* rec;
  std::uint64_t row;
  int col(std::string_view canonical) const { return find_column(*header, canonical); }
  // The trimmed field of a column, empty when the column is absent.
  std::string_view get(std::string_view canonical) const;
  // nullopt for absent or N/A; sets `bad` when present but not a number.
  OptDouble number(std::string_view canonical, bool& bad) const;
};

// Returns the rejection reason, or nullopt when the row was kept.
using CsvRowHandler = std::function<std::optional<std::string>(const CsvRowView&)>;

// Throws llmsa::Error when the file is empty or a required column is missing.
void read_csv_table(InputBuffer& in, const char* format, const std::vector<std::string_view>& required,
                    FileReadReport& report, const CsvRowHandler& on_row);

}  // namespace llmsa::trace::ascend
