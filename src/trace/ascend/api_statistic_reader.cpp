// api_statistic.csv: [Device_id,]Level,API Name,Time(us),Count,Avg(us),Min(us),Max(us),Variance.
#include "trace/ascend/csv_table.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

void read_api_statistic(InputBuffer& in, std::uint16_t source, std::vector<ApiStatisticRow>& out,
                        FileReadReport& report) {
  read_csv_table(in, kApiStatisticFormat, {"API Name", "Count"}, report, [&](const CsvRowView& v) -> std::optional<std::string> {
    ApiStatisticRow r;
    r.from = {source, v.row};
    r.device_id = v.get("Device_id");
    r.level = v.get("Level");
    r.api_name = v.get("API Name");
    auto count = parse_int_field(v.get("Count"));
    if (!count || *count < 0) return "bad Count";
    r.count = *count;
    bool bad = false;
    r.time_us = v.number("Time(us)", bad);
    r.avg_us = v.number("Avg(us)", bad);
    r.min_us = v.number("Min(us)", bad);
    r.max_us = v.number("Max(us)", bad);
    r.variance = v.number("Variance", bad);
    if (bad) return "non-numeric time value";
    out.push_back(std::move(r));
    return std::nullopt;
  });
}

}  // namespace llmsa::trace::ascend
