#include "trace/ascend/db_readers.hpp"

#include "trace/ascend/sqlite_db.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

namespace {
OptDouble num(sqlite3_stmt* s, int i) {
  if (col_null(s, i)) return std::nullopt;
  if (sqlite3_column_type(s, i) == SQLITE_TEXT) return parse_double_field(col_text(s, i));
  return sqlite3_column_double(s, i);
}
}  // namespace

void read_analysis_db(const std::filesystem::path& path, RankProfile& profile, FileReadReport& report) {
  report.path = path.string();
  report.format = kAnalysisDbFormat;
  SqliteDb db(path.string());
  const std::uint16_t src = profile.events.add_source(path.string(), kAnalysisDbFormat);
  std::uint64_t row = 0;  // one running record index across the tables, in the order read below
  if (db.has_table("StepTraceTime")) {
    // Values are µs like step_trace_time.csv (the level1 sample: computing 8903.431 next to the
    // text export's 8873.756 µs for a sibling capture), not ms.
    db.query("SELECT step, computing, communication_not_overlapped, overlapped, communication, free, stage, bubble, "
             "communication_not_overlapped_and_exclude_receive, preparing FROM StepTraceTime ORDER BY rowid",
             [&](sqlite3_stmt* s) {
               ++report.rows_read;
               StepTraceRow r;
               r.from = {src, row++};
               r.step = col_text(s, 0);
               r.computing_us = num(s, 1);
               r.comm_not_overlapped_us = num(s, 2);
               r.overlapped_us = num(s, 3);
               r.communication_us = num(s, 4);
               r.free_us = num(s, 5);
               r.stage_us = num(s, 6);
               r.bubble_us = num(s, 7);
               r.comm_not_overlapped_exclude_receive_us = num(s, 8);
               r.preparing_us = num(s, 9);
               profile.step_trace.push_back(std::move(r));
               ++report.events;
             });
  }
  if (db.has_table("CommAnalyzerTime")) {
    db.query("SELECT hccl_op_name, group_name, start_timestamp, elapse_time, transit_time, wait_time, "
             "synchronization_time, idle_time, step, type FROM CommAnalyzerTime ORDER BY rowid",
             [&](sqlite3_stmt* s) {
               ++report.rows_read;
               CommOpRow r;
               r.from = {src, row++};
               r.op_name = col_text(s, 0);
               r.group = col_text(s, 1);
               if (auto ts = num(s, 2)) {
                 if (auto ns = double_us_to_ns(*ts)) r.start_ns = *ns;
               }
               r.elapse_ms = num(s, 3);
               r.transit_ms = num(s, 4);
               r.wait_ms = num(s, 5);
               r.sync_ms = num(s, 6);
               r.idle_ms = num(s, 7);
               r.step = col_text(s, 8);
               r.kind = col_text(s, 9);
               profile.comm_ops.push_back(std::move(r));
               ++report.events;
             });
  } else {
    report.notes.push_back("no CommAnalyzerTime table (Level0 or single card): no per-op wait/transit split");
  }
  if (db.has_table("CommAnalyzerBandwidth")) {
    db.query("SELECT hccl_op_name, group_name, transport_type, transit_size, transit_time, bandwidth, "
             "large_packet_ratio, step, type FROM CommAnalyzerBandwidth ORDER BY rowid",
             [&](sqlite3_stmt* s) {
               ++report.rows_read;
               CommBandwidthRow r;
               r.from = {src, row++};
               r.op_name = col_text(s, 0);
               r.group = col_text(s, 1);
               r.transport = col_text(s, 2);
               r.transit_size_mb = num(s, 3);
               r.transit_ms = num(s, 4);
               r.bandwidth_gbps = num(s, 5);
               r.large_packet_ratio = num(s, 6);
               r.step = col_text(s, 7);
               r.kind = col_text(s, 8);
               profile.comm_bandwidth.push_back(std::move(r));
               ++report.events;
             });
  }
  if (db.has_table("CommAnalyzerMatrix")) {
    db.query("SELECT hccl_op_name, group_name, src_rank, dst_rank, transport_type, transit_size, transit_time, "
             "bandwidth, step, type, op_name FROM CommAnalyzerMatrix ORDER BY rowid",
             [&](sqlite3_stmt* s) {
               ++report.rows_read;
               const std::uint64_t r0 = row++;
               auto src_rank = parse_int_field(col_text(s, 2));
               auto dst_rank = parse_int_field(col_text(s, 3));
               if (!src_rank || !dst_rank || *src_rank < 0 || *dst_rank < 0 || *src_rank > 1'000'000 ||
                   *dst_rank > 1'000'000) {
                 report.reject({r0, -1, -1, "CommAnalyzerMatrix rank is not a small integer"});
                 return;
               }
               CommLinkRow r;
               r.from = {src, r0};
               r.op_name = col_text(s, 0);
               r.group = col_text(s, 1);
               r.src_rank = static_cast<int>(*src_rank);
               r.dst_rank = static_cast<int>(*dst_rank);
               r.transport = col_text(s, 4);
               r.transit_size_mb = num(s, 5);
               r.transit_ms = num(s, 6);
               r.bandwidth_gbps = num(s, 7);
               r.step = col_text(s, 8);
               r.kind = col_text(s, 9);
               r.hccl_op_name = col_text(s, 10);
               profile.comm_links.push_back(std::move(r));
               ++report.events;
             });
  }
}

}  // namespace llmsa::trace::ascend
