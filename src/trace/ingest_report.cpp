#include "trace/ingest_report.hpp"

#include <fmt/format.h>

namespace llmsa::trace {

namespace {

nlohmann::json file_json(const FileReadReport& f, const std::string& rank_source, bool cluster) {
  nlohmann::json j;
  j["path"] = f.path;
  j["format"] = f.format;
  j["rank"] = cluster ? nlohmann::json(nullptr) : nlohmann::json(f.rank);
  if (!cluster) j["rank_source"] = rank_source;
  j["rows_read"] = f.rows_read;
  j["events"] = f.events;
  j["rejected"] = f.rejected;
  j["rejected_by_reason"] = nlohmann::json::object();
  for (auto& [k, v] : f.rejected_by_reason) j["rejected_by_reason"][k] = v;
  j["rejected_examples"] = nlohmann::json::array();
  for (auto& r : f.rejected_examples) {
    nlohmann::json e{{"row", r.row}, {"reason", r.reason}};
    e["line"] = r.line >= 0 ? nlohmann::json(r.line) : nlohmann::json(nullptr);
    e["byte_offset"] = r.byte_offset >= 0 ? nlohmann::json(r.byte_offset) : nlohmann::json(nullptr);
    j["rejected_examples"].push_back(std::move(e));
  }
  j["read"] = f.read;
  j["error"] = f.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.error);
  j["notes"] = f.notes;
  return j;
}

}  // namespace

nlohmann::json ingest_report_json(const IngestResult& result) {
  nlohmann::json out;
  out["files"] = nlohmann::json::array();
  out["ranks"] = nlohmann::json::array();
  for (auto& r : result.capture.ranks) {
    for (auto& f : r.files) out["files"].push_back(file_json(f, r.events.rank_source, false));
    std::size_t kernels = 0, comm = 0;
    for (auto k : r.events.kind) {
      kernels += k == EventKind::kKernel || k == EventKind::kAicpu;
      comm += k == EventKind::kCommunication;
    }
    out["ranks"].push_back({{"rank", r.events.rank},
                            {"rank_source", r.events.rank_source},
                            {"root", r.root},
                            {"events", r.events.size()},
                            {"device_kernels", kernels},
                            {"communication_events", comm},
                            {"profiler_level", r.config.profiler_level},
                            {"aic_metrics", r.config.aic_metrics},
                            {"notes", r.notes}});
  }
  for (auto& f : result.capture.cluster_files) out["files"].push_back(file_json(f, "", true));
  out["problems"] = result.problems;
  out["usable"] = result.usable();
  return out;
}

std::string ingest_report_table(const IngestResult& result) {
  std::string s;
  auto line = [&](const FileReadReport& f, const std::string& rank) {
    s += fmt::format("{:<6} {:<36} {:>10} {:>10} {:>9}  {}\n", rank, f.format, f.rows_read, f.events, f.rejected,
                     f.path);
    for (auto& [k, v] : f.rejected_by_reason) s += fmt::format("{:>8} rejected: {} x{}\n", "", k, v);
    for (std::size_t i = 0; i < f.rejected_examples.size() && i < 3; ++i) {
      auto& e = f.rejected_examples[i];
      s += fmt::format("{:>8} e.g. row {} (line {}, byte {}): {}\n", "", e.row, e.line, e.byte_offset, e.reason);
    }
    if (!f.error.empty()) s += fmt::format("{:>8} ERROR: {}\n", "", f.error);
    for (auto& n : f.notes) s += fmt::format("{:>8} note: {}\n", "", n);
  };
  s += fmt::format("{:<6} {:<36} {:>10} {:>10} {:>9}  {}\n", "rank", "format", "rows_read", "events", "rejected",
                   "path");
  for (auto& r : result.capture.ranks) {
    for (auto& f : r.files) line(f, std::to_string(r.events.rank));
    s += fmt::format("-- rank {} ({}), {} events, root {}\n", r.events.rank,
                     r.events.rank_source.empty() ? "?" : r.events.rank_source, r.events.size(), r.root);
    for (auto& n : r.notes) s += fmt::format("{:>8} missing: {}\n", "", n);
  }
  for (auto& f : result.capture.cluster_files) line(f, "-");
  for (auto& p : result.problems) s += "problem: " + p + "\n";
  if (!result.usable()) s += "nothing usable was found\n";
  return s;
}

}  // namespace llmsa::trace
