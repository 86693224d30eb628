// step_trace_time.csv (per rank) and cluster_step_trace_time.csv (msprof-analyze), both in µs.
#include "trace/ascend/csv_table.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

namespace {
template <class Row>
bool fill_breakdown(const CsvRowView& v, Row& r) {
  bool bad = false;
  r.computing_us = v.number("Computing", bad);
  r.comm_not_overlapped_us = v.number("Communication(Not Overlapped)", bad);
  r.overlapped_us = v.number("Overlapped", bad);
  r.communication_us = v.number("Communication", bad);
  r.free_us = v.number("Free", bad);
  r.stage_us = v.number("Stage", bad);
  r.bubble_us = v.number("Bubble", bad);
  r.comm_not_overlapped_exclude_receive_us = v.number("Communication(Not Overlapped and Exclude Receive)", bad);
  r.preparing_us = v.number("Preparing", bad);
  return !bad;
}
}  // namespace

void read_step_trace_time(InputBuffer& in, std::uint16_t source, std::vector<StepTraceRow>& out,
                          FileReadReport& report) {
  read_csv_table(in, kStepTraceFormat, {"Step", "Computing"}, report, [&](const CsvRowView& v) -> std::optional<std::string> {
    StepTraceRow r;
    r.from = {source, v.row};
    r.step = v.get("Step");
    if (v.col("Device_id") >= 0 && !is_missing_field(v.get("Device_id"))) {
      auto d = parse_int_field(v.get("Device_id"));
      if (!d || *d < 0 || *d > 1'000'000) return "bad Device_id";
      r.device_id = static_cast<int>(*d);
    }
    if (!fill_breakdown(v, r)) return "non-numeric time value";
    out.push_back(std::move(r));
    return std::nullopt;
  });
  if (in.bytes().find("Preparing") == std::string_view::npos)
    report.notes.push_back("no Preparing column (older export): step time before the first device op is not split out");
}

void read_cluster_step_trace_time(InputBuffer& in, std::uint16_t source, std::vector<ClusterStepTraceRow>& out,
                                  FileReadReport& report) {
  read_csv_table(in, kClusterStepTraceFormat, {"Step", "Type", "Index", "Computing"}, report,
                 [&](const CsvRowView& v) -> std::optional<std::string> {
                   ClusterStepTraceRow r;
                   r.from = {source, v.row};
                   r.step = v.get("Step");
                   r.type = v.get("Type");
                   r.index = v.get("Index");
                   if (!fill_breakdown(v, r)) return "non-numeric time value";
                   out.push_back(std::move(r));
                   return std::nullopt;
                 });
}

}  // namespace llmsa::trace::ascend
