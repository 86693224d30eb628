// op_statistic.csv: OP Type,Core Type,Count,Total/Min/Avg/Max Time(us),Ratio(%) [+ leading Device_id].
#include "trace/ascend/csv_table.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

void read_op_statistic(InputBuffer& in, std::uint16_t source, std::vector<OpStatisticRow>& out,
                       FileReadReport& report) {
  read_csv_table(in, kOpStatisticFormat, {"Type", "Count"}, report, [&](const CsvRowView& v) -> std::optional<std::string> {
    OpStatisticRow r;
    r.from = {source, v.row};
    r.op_type = v.get("Type");
    r.core_type = v.get("Core Type");
    auto count = parse_int_field(v.get("Count"));
    if (!count || *count < 0) return "bad Count";
    r.count = *count;
    if (v.col("Device_id") >= 0 && !is_missing_field(v.get("Device_id"))) {
      auto d = parse_int_field(v.get("Device_id"));
      if (!d || *d < 0 || *d > 1'000'000) return "bad Device_id";
      r.device_id = static_cast<int>(*d);
    }
    bool bad = false;
    r.total_us = v.number("Total Time(us)", bad);
    r.min_us = v.number("Min Time(us)", bad);
    r.avg_us = v.number("Avg Time(us)", bad);
    r.max_us = v.number("Max Time(us)", bad);
    r.ratio_pct = v.number("Ratio(%)", bad);
    if (bad) return "non-numeric time or ratio";
    out.push_back(std::move(r));
    return std::nullopt;
  });
}

}  // namespace llmsa::trace::ascend
