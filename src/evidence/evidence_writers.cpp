#include "evidence/evidence_writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/error.hpp"
#include "evidence/chain_validator.hpp"

namespace llmsa::evidence {

namespace {

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  SourceLocation where;
  where.file = path.string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw_bad_input(where, "cannot open the file for writing");
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw_bad_input(where, "could not write the whole file");
}

}  // namespace

std::vector<Finding> sorted_findings(std::span<const Finding> findings) {
  std::vector<std::pair<std::string, Finding>> keyed;
  keyed.reserve(findings.size());
  for (Finding f : findings) {
    sort_unique(f.ranks);
    sort_unique(f.evidence_ids);
    std::string id = finding_id(f);
    keyed.emplace_back(std::move(id), std::move(f));
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    const Finding& x = a.second;
    const Finding& y = b.second;
    return std::make_tuple(-static_cast<int>(x.severity), -static_cast<int>(x.confidence), std::string_view(x.type),
                           std::string_view(a.first)) <
           std::make_tuple(-static_cast<int>(y.severity), -static_cast<int>(y.confidence), std::string_view(y.type),
                           std::string_view(b.first));
  });
  std::vector<Finding> out;
  out.reserve(keyed.size());
  for (auto& [id, f] : keyed) out.push_back(std::move(f));
  return out;
}

std::string render_findings_json(std::span<const Finding> findings, const EvidenceIndex& index) {
  require_valid_chain(findings, index);
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["schema_version"] = 1;
  doc["tool"] = "llmsa";
  ordered_json list = ordered_json::array();
  std::map<std::string, std::int64_t> by_type;
  std::map<std::string, std::int64_t> by_severity;
  for (const Finding& f : sorted_findings(findings)) {
    ordered_json j;
    j["id"] = finding_id(f);
    j["type"] = f.type;
    j["scope"] = f.scope;
    j["title"] = f.title;
    j["severity"] = severity_name(f.severity);
    j["confidence"] = confidence_name(f.confidence);
    j["ranks"] = f.ranks;
    ordered_json metrics = ordered_json::array();
    for (const Metric& m : f.metrics) metrics.push_back({{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
    j["metrics"] = std::move(metrics);
    j["evidence_ids"] = f.evidence_ids;
    j["limitation"] = f.limitation;
    list.push_back(std::move(j));
    ++by_type[f.type];
    ++by_severity[severity_name(f.severity)];
  }
  doc["findings"] = std::move(list);
  ordered_json counts;
  counts["finding_count"] = findings.size();
  counts["by_type"] = by_type;
  counts["by_severity"] = by_severity;
  doc["counts"] = std::move(counts);
  return doc.dump(2) + "\n";
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string render_evidence_index_csv(const EvidenceIndex& index) {
  require_valid_chain({}, index);
  std::string out = "evidence_id,kind,rank_id,source_path,source_format,row_start,row_end,event_count,event_rows,summary\n";
  for (const auto& [id, ref] : index.sorted_entries()) {
    std::string rows;
    const std::size_t n = ref->event_indices.size();
    for (std::size_t i = 0; i < n && i < kMaxListedEventRows; ++i) {
      if (i) rows += ';';
      rows += std::to_string(ref->event_indices[i]);
    }
    if (n > kMaxListedEventRows) rows += fmt::format(";…(+{})", n - kMaxListedEventRows);
    out += id;
    out += ',';
    out += evidence_kind_name(ref->kind);
    out += ',';
    if (ref->rank >= 0) out += std::to_string(ref->rank);
    out += ',' + csv_field(ref->source_path) + ',' + csv_field(ref->source_format) + ',';
    out += std::to_string(ref->rows.first) + ',' + std::to_string(ref->rows.last) + ',' + std::to_string(n) + ',';
    out += csv_field(rows) + ',' + csv_field(ref->summary) + '\n';
  }
  return out;
}

void write_findings_json(const std::filesystem::path& path, std::span<const Finding> findings,
                         const EvidenceIndex& index) {
  write_file(path, render_findings_json(findings, index));
}

void write_evidence_index_csv(const std::filesystem::path& path, const EvidenceIndex& index) {
  write_file(path, render_evidence_index_csv(index));
}

}  // namespace llmsa::evidence
