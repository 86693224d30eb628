#include "trace/ascend/db_readers.hpp"

#include <algorithm>
#include <unordered_map>

#include "trace/ascend/sqlite_db.hpp"

namespace llmsa::trace::ascend {

void read_profiler_db(const std::filesystem::path& path, RankProfile& profile, FileReadReport& report) {
  report.path = path.string();
  report.format = kProfilerDbFormat;
  SqliteDb db(path.string());
  RankEvents& ev = profile.events;
  const std::uint16_t src = ev.add_source(path.string(), kProfilerDbFormat);

  std::unordered_map<std::int64_t, StringId> str;  // STRING_IDS id -> interned
  if (!db.has_table("STRING_IDS")) {
    report.error = "no STRING_IDS table: not a torch_npu profiler DB";
    return;
  }
  db.query("SELECT id, value FROM STRING_IDS", [&](sqlite3_stmt* s) {
    str[sqlite3_column_int64(s, 0)] = ev.strings.intern(col_text(s, 1));
  });
  auto sid = [&](sqlite3_stmt* s, int i) -> StringId {
    if (col_null(s, i)) return kEmptyString;
    auto it = str.find(sqlite3_column_int64(s, i));
    return it == str.end() ? kEmptyString : it->second;
  };

  std::vector<StepWindow> steps;
  if (db.has_table("STEP_TIME")) {
    std::uint64_t row = 0;
    db.query("SELECT id, startNs, endNs FROM STEP_TIME ORDER BY rowid", [&](sqlite3_stmt* s) {
      ++report.rows_read;
      const std::uint64_t r = row++;
      if (col_null(s, 1) || col_null(s, 2) || sqlite3_column_int64(s, 2) < sqlite3_column_int64(s, 1)) {
        report.reject({r, -1, -1, "STEP_TIME row without valid bounds"});
        return;
      }
      steps.push_back({{src, r}, col_text(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2)});
      ++report.events;
    });
  } else {
    report.notes.push_back("no STEP_TIME table: events carry no step id");
  }
  auto step_of = [&](std::int64_t t) -> std::int64_t {
    for (auto& w : steps)
      if (t >= w.start_ns && t <= w.end_ns) {
        char* end = nullptr;
        long long v = std::strtoll(w.step.c_str(), &end, 10);
        return end && *end == '\0' && !w.step.empty() ? v : kMissing;
      }
    return kMissing;
  };

  std::unordered_map<std::int64_t, std::uint32_t> event_of_task;
  if (db.has_table("COMPUTE_TASK_INFO") && db.has_table("TASK")) {
    std::uint64_t row = 0;
    // Optional columns differ between torch_npu versions (waitNs is absent in the level0/level2 samples).
    auto opt = [&](const char* table, const char* alias, const char* col) {
      return db.has_column(table, col) ? std::string(alias) + "." + col : std::string("NULL");
    };
    const std::string sql =
        "SELECT t.startNs, t.endNs, " + opt("TASK", "t", "deviceId") + ", " + opt("TASK", "t", "streamId") + ", " +
        opt("TASK", "t", "connectionId") + ", c.globalTaskId, c.name, " + opt("COMPUTE_TASK_INFO", "c", "opType") +
        ", " + opt("COMPUTE_TASK_INFO", "c", "taskType") + ", " + opt("COMPUTE_TASK_INFO", "c", "inputShapes") + ", " +
        opt("COMPUTE_TASK_INFO", "c", "inputDataTypes") + ", " + opt("COMPUTE_TASK_INFO", "c", "outputShapes") + ", " +
        opt("COMPUTE_TASK_INFO", "c", "blockDim") + ", " + opt("COMPUTE_TASK_INFO", "c", "mixBlockDim") + ", " +
        opt("COMPUTE_TASK_INFO", "c", "waitNs") +
        " FROM COMPUTE_TASK_INFO c LEFT JOIN TASK t ON t.globalTaskId = c.globalTaskId ORDER BY c.rowid";
    if (!db.has_column("COMPUTE_TASK_INFO", "waitNs"))
      report.notes.push_back("COMPUTE_TASK_INFO has no waitNs column: per-kernel wait time unavailable");
    db.query(sql,
        [&](sqlite3_stmt* s) {
          ++report.rows_read;
          const std::uint64_t r = row++;
          if (col_null(s, 0) || col_null(s, 1)) {
            report.reject({r, -1, -1, "compute task without a TASK row (no timing)"});
            return;
          }
          std::int64_t start = sqlite3_column_int64(s, 0), end = sqlite3_column_int64(s, 1);
          if (end < start || start < 0) {
            report.reject({r, -1, -1, "absurd TASK bounds (end before start)"});
            return;
          }
          StringId core = sid(s, 8);
          std::string_view core_text = ev.strings.view(core);
          EventKind k = core_text == "AI_CPU" ? EventKind::kAicpu : EventKind::kKernel;
          std::uint32_t e = ev.add_event(k, Side::kDevice, start, end - start, sid(s, 6), src, r);
          ev.core[e] = core;
          ev.type[e] = sid(s, 7);
          ev.input_shapes[e] = sid(s, 9);
          ev.input_dtypes[e] = sid(s, 10);
          ev.output_shapes[e] = sid(s, 11);
          if (!col_null(s, 2)) ev.device[e] = static_cast<std::int32_t>(sqlite3_column_int64(s, 2));
          if (!col_null(s, 3)) ev.stream[e] = static_cast<std::int32_t>(sqlite3_column_int64(s, 3));
          if (!col_null(s, 4)) ev.correlation[e] = sqlite3_column_int64(s, 4);
          if (!col_null(s, 14)) ev.wait_ns[e] = sqlite3_column_int64(s, 14);
          ev.step[e] = step_of(start);
          if (!col_null(s, 12)) ev.set_metric(ev.metric("Block Dim"), e, static_cast<double>(sqlite3_column_int64(s, 12)));
          if (!col_null(s, 13))
            ev.set_metric(ev.metric("Mix Block Dim"), e, static_cast<double>(sqlite3_column_int64(s, 13)));
          event_of_task[sqlite3_column_int64(s, 5)] = e;
          ++report.events;
        });
  } else {
    report.notes.push_back("no COMPUTE_TASK_INFO/TASK tables: no compute kernels in this DB");
  }

  if (db.has_table("TASK_PMU_INFO")) {
    std::uint64_t row = 0;
    std::unordered_map<StringId, std::size_t> metric_slot;
    db.query("SELECT globalTaskId, name, value FROM TASK_PMU_INFO ORDER BY rowid", [&](sqlite3_stmt* s) {
      ++report.rows_read;
      const std::uint64_t r = row++;
      auto it = event_of_task.find(sqlite3_column_int64(s, 0));
      if (it == event_of_task.end()) {
        report.reject({r, -1, -1, "PMU value for a task that is not a compute task"});
        return;
      }
      if (col_null(s, 2)) {
        report.reject({r, -1, -1, "PMU value is NULL"});
        return;
      }
      StringId name = sid(s, 1);
      auto slot = metric_slot.find(name);
      if (slot == metric_slot.end()) {
        ev.metric(ev.strings.view(name));
        std::size_t k = 0;
        while (ev.metrics[k].name != name) ++k;
        slot = metric_slot.emplace(name, k).first;
      }
      ev.set_metric(ev.metrics[slot->second], it->second, sqlite3_column_double(s, 2));
      ++report.events;
    });
    // Values were set by task id, out of event order, into plain columns: pack them again.
    for (auto& m : ev.metrics) m.compact();
    report.notes.push_back(
        "PMU metric names are the DB's (e.g. aic_mac_time, no '(us)' suffix as in kernel_details.csv)");
  } else {
    report.notes.push_back("no TASK_PMU_INFO table: bound classification (mac/mte2/vec ratios) is unavailable");
  }

  if (db.has_table("COMMUNICATION_OP")) {
    std::uint64_t row = 0;
    const StringId core = ev.strings.intern("COMMUNICATION");
    auto opt = [&](const char* col) { return db.has_column("COMMUNICATION_OP", col) ? std::string(col) : "NULL"; };
    db.query(
        "SELECT opName, startNs, endNs, " + opt("connectionId") + ", " + opt("groupName") + ", " + opt("opType") +
            ", " + opt("waitNs") + ", " + opt("dataType") + ", " + opt("algType") + ", " + opt("count") +
            " FROM COMMUNICATION_OP ORDER BY rowid",
        [&](sqlite3_stmt* s) {
          ++report.rows_read;
          const std::uint64_t r = row++;
          if (col_null(s, 1) || col_null(s, 2) || sqlite3_column_int64(s, 2) < sqlite3_column_int64(s, 1)) {
            report.reject({r, -1, -1, "communication op without valid bounds"});
            return;
          }
          std::int64_t start = sqlite3_column_int64(s, 1);
          std::uint32_t e = ev.add_event(EventKind::kCommunication, Side::kDevice, start,
                                         sqlite3_column_int64(s, 2) - start, sid(s, 0), src, r);
          ev.core[e] = core;
          ev.type[e] = sid(s, 5);
          if (!col_null(s, 3)) ev.correlation[e] = sqlite3_column_int64(s, 3);
          if (!col_null(s, 6)) ev.wait_ns[e] = sqlite3_column_int64(s, 6);
          ev.step[e] = step_of(start);
          ev.add_arg(e, "group", ev.strings.view(sid(s, 4)));
          if (!col_null(s, 9)) ev.add_arg(e, "count", std::to_string(sqlite3_column_int64(s, 9)));
          ++report.events;
        });
  } else {
    report.notes.push_back("no COMMUNICATION_OP table: no collectives (single-card or Level0 without HCCL)");
  }
  report.notes.push_back(
      "task-level HCCL records (COMMUNICATION_TASK_INFO) and non-compute TASK rows (memcpy, event record/wait) "
      "are not read: link-level analyses use communication_matrix / analysis.db");
  profile.steps.insert(profile.steps.end(), steps.begin(), steps.end());
}

}  // namespace llmsa::trace::ascend
