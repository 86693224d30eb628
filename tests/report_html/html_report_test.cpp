// report.html as bytes: self-contained, hostile trace names only ever inside escaped JSON, the same
// bytes on every run, bounded on big captures, and finding cards whose raw rows are the rows of the
// input file (checked against the sample's kernel_details.csv read here independently).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/key_findings.hpp"
#include "analysis/kernel_classifier.hpp"
#include "report/html_report.hpp"
#include "report/report_set.hpp"
#include "report_page.hpp"
#include "support/samples.hpp"
#include "synthetic_capture.hpp"
#include "trace/ingest.hpp"

namespace llmsa::report {
namespace {

constexpr const char* kHostile = "<img src=x onerror=alert(1)>";
constexpr const char* kScriptBreak = "</script><script>alert(2)</script>";

struct Built {
  trace::Capture capture;
  analysis::ProfileAnalysis analysis;
  analysis::KernelClassifier classifier = analysis::KernelClassifier::builtin();
};

Built hostile_capture(std::size_t kernels = 2000) {
  Built b;
  test::SyntheticCaptureSpec spec;
  spec.kernels = kernels;
  spec.kernel_name = kScriptBreak;
  spec.aicpu_name = kHostile;
  b.capture = test::make_synthetic_capture(spec);
  b.analysis = analysis::analyze_capture(b.capture);
  return b;
}

TEST(HtmlReport, HostileNamesStayInsideEscapedJson) {
  const Built b = hostile_capture();
  const std::string page = render_html_report({b.capture, b.analysis, b.classifier});
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("alert(2)</script>"), std::string::npos);
  EXPECT_EQ(page.find("onerror=alert(1)>"), std::string::npos);
  // The data element is closed by the page's own tag, not by a name.
  const std::string data = test::embedded_data_text(page);
  EXPECT_EQ(data.find('<'), std::string::npos);
  const nlohmann::json d = nlohmann::json::parse(data);
  const auto& names = d["names"];
  EXPECT_NE(std::find(names.begin(), names.end(), kHostile), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), kScriptBreak), names.end());
  // The exposed AICPU op with the hostile name is a finding whose title carries the name verbatim.
  bool titled = false;
  for (const auto& f : d["findings"]) titled = titled || f["title"].get<std::string>().find(kHostile) != std::string::npos;
  EXPECT_TRUE(titled);
}

TEST(HtmlReport, InvalidUtf8NamesAreReplacedNotFatal) {
  // Trace names are bytes; a name that is not UTF-8 becomes U+FFFD (EF BF BD) in the page rather than
  // failing the report (nlohmann error_handler_t::replace, RFC 8259 requires UTF-8).
  Built b;
  test::SyntheticCaptureSpec spec;
  spec.kernel_name = "bad\xFF\xFEname";
  b.capture = test::make_synthetic_capture(spec);
  b.analysis = analysis::analyze_capture(b.capture);
  const std::string page = render_html_report({b.capture, b.analysis, b.classifier});
  const nlohmann::json d = test::embedded_data(page);
  const auto& names = d["names"];
  EXPECT_NE(std::find(names.begin(), names.end(), "bad\xEF\xBF\xBD\xEF\xBF\xBDname"), names.end());
}

TEST(HtmlReport, SelfContainedAndDeterministic) {
  const Built b = hostile_capture();
  const std::string one = render_html_report({b.capture, b.analysis, b.classifier});
  const std::string two = render_html_report({b.capture, b.analysis, b.classifier});
  EXPECT_EQ(one, two);
  EXPECT_NE(one.find("default-src 'none'"), std::string::npos);  // CSP: the browser fetches nothing
  for (const char* external : {"<link", "src=\"http", "href=\"http", "url(", "@import", "fetch(", "XMLHttpRequest"})
    EXPECT_EQ(one.find(external), std::string::npos) << external;
  // The only URL is the SVG namespace name, which is an identifier, not a request.
  std::size_t at = 0, urls = 0;
  while ((at = one.find("://", at)) != std::string::npos) {
    EXPECT_EQ(one.compare(at - 4, 26, "http://www.w3.org/2000/svg"), 0) << one.substr(at - 8, 40);
    ++urls;
    at += 3;
  }
  EXPECT_EQ(urls, 1u);
}

TEST(HtmlReport, BigCaptureIsDownsampledWithinTheCaps) {
  const Built b = hostile_capture(200'000);  // 2 ranks x ~200k device events
  HtmlReportCaps caps;
  caps.timeline_boxes = 5000;
  const nlohmann::json d = html_report_data({b.capture, b.analysis, b.classifier}, caps);
  const auto& tl = d["timeline"];
  EXPECT_GT(tl["events"].get<std::int64_t>(), 400'000);
  const std::int64_t kept = d["caps"]["kept_events_used"].get<std::int64_t>();
  EXPECT_LE(kept, static_cast<std::int64_t>(caps.kept_events));
  EXPECT_LE(tl["boxes"].get<std::int64_t>(), static_cast<std::int64_t>(caps.timeline_boxes) + kept);
  std::int64_t counted = 0;
  for (const auto& r : tl["ranks"])
    for (const auto& lane : r["lanes"])
      for (const auto& c : lane["c"]) counted += c.get<std::int64_t>();
  EXPECT_EQ(counted, tl["events"].get<std::int64_t>());  // merged, never dropped
  // Every event a finding points at is drawn as its own (kept) box, however dense its stream.
  std::set<std::pair<std::size_t, std::uint32_t>> kept_boxes;
  for (std::size_t p = 0; p < tl["ranks"].size(); ++p)
    for (const auto& lane : tl["ranks"][p]["lanes"])
      for (const auto& k : lane["kept"]) {
        EXPECT_EQ(lane["c"][k.get<std::size_t>()], 1);
        kept_boxes.insert({p, lane["e"][k.get<std::size_t>()].get<std::uint32_t>()});
      }
  std::size_t finding_events = 0;
  for (const auto& f : d["findings"])
    for (const auto& pe : f["events"]) {
      ++finding_events;
      EXPECT_TRUE(kept_boxes.count({pe[0].get<std::size_t>(), pe[1].get<std::uint32_t>()})) << pe.dump();
    }
  EXPECT_GT(finding_events, 0u);  // the exposed AICPU ops of every step
  for (const auto& o : d["operators"]) EXPECT_LE(o["rows"].size(), caps.operators_per_rank);
}

// Minimal RFC 4180 line split (quotes, doubled quotes), enough for kernel_details.csv.
std::vector<std::string> csv_split(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

TEST(HtmlReport, FindingRowsAreTheRowsOfTheSourceFile) {
  const std::string rel = "Ascend-msinsight/test/data/pytorch/text/level1";
  LLMSA_REQUIRE_SAMPLE(rel);
  trace::IngestResult in = trace::ingest({test::sample_path(rel)});
  const analysis::ProfileAnalysis a = analysis::analyze_capture(in.capture);
  const auto classifier = analysis::KernelClassifier::builtin();
  const nlohmann::json d = html_report_data({in.capture, a, classifier});
  ASSERT_FALSE(d["findings"].empty());
  std::size_t checked = 0;
  for (const auto& [id, ev] : d["evidence"].items()) {
    if (ev["format"] != "ascend.kernel_details.csv") continue;
    // Evidence paths are relative to the profile root (evidence/profile_root.hpp).
    std::ifstream f(std::filesystem::path(a.profile_root) / ev["source"].get<std::string>());
    ASSERT_TRUE(f) << ev["source"];
    std::vector<std::string> lines;
    for (std::string line; std::getline(f, line);) lines.push_back(line);
    const std::vector<std::string> header = csv_split(lines.at(0));
    const std::size_t name_col = static_cast<std::size_t>(std::find(header.begin(), header.end(), "Name") - header.begin());
    ASSERT_LT(name_col, header.size());
    const std::size_t start_col =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), "Start Time(us)") - header.begin());
    ASSERT_LT(start_col, header.size());
    ASSERT_FALSE(ev["raw"].empty()) << id;
    for (const auto& row : ev["raw"]) {
      const std::size_t r = row["source_row"].get<std::size_t>();  // 0-based data row: line r + 1
      std::string name, start;
      for (const auto& kv : row["fields"]) {
        // Field names are name-table indices (as on the operator cards).
        const std::string key = d["names"][kv[0].get<std::size_t>()].get<std::string>();
        if (key == "name") name = kv[1].get<std::string>();
        if (key == "start_us") start = kv[1].get<std::string>();
      }
      const std::vector<std::string> cells = csv_split(lines.at(r + 1));
      EXPECT_EQ(name, cells.at(name_col)) << id << " row " << r;
      // The file prints "1736408883704643.212\t" (a tab after the value); the page shows the same µs.
      std::string file_start = cells.at(start_col);
      file_start.erase(file_start.find_last_not_of(" \t") + 1);
      EXPECT_EQ(start, file_start) << id << " row " << r;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
}

TEST(HtmlReport, KeyFindingsAreTheAnalysisRanking) {
  // The page shows analysis::key_findings() (the ranking's own rules are tested in tests/analysis), in
  // its order, each with the reason; it does not rank findings itself.
  const Built b = hostile_capture();
  const nlohmann::json d = html_report_data({b.capture, b.analysis, b.classifier});
  const auto key = analysis::key_findings(b.analysis);
  ASSERT_EQ(d["key_findings"].size(), key.size());
  ASSERT_FALSE(key.empty());
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto& k = d["key_findings"][i];
    EXPECT_EQ(k["reason"], key[i].reason);
    if (key[i].kind == analysis::KeyItemKind::kFinding) EXPECT_EQ(k["id"], key[i].finding_id);
    else EXPECT_EQ(k["kind"], "fact");
  }
  // The synthetic capture's exposed AICPU op (nothing overlaps it) is a high-severity finding: first.
  EXPECT_NE(b.analysis.findings[key[0].finding].title.find(kHostile), std::string::npos);
}

TEST(HtmlReport, OperatorCardsAreTheRowsOfTheSourceFile) {
  // Each operator's card is one of its calls, field by field; its name and start time are the ones the
  // sample's kernel_details.csv prints on that row (read here independently).
  const std::string rel = "Ascend-msinsight/test/data/pytorch/text/level1";
  LLMSA_REQUIRE_SAMPLE(rel);
  trace::IngestResult in = trace::ingest({test::sample_path(rel)});
  const analysis::ProfileAnalysis a = analysis::analyze_capture(in.capture);
  const auto classifier = analysis::KernelClassifier::builtin();
  const nlohmann::json d = html_report_data({in.capture, a, classifier});
  const auto& names = d["names"];
  std::size_t checked = 0;
  for (const auto& o : d["operators"]) {
    ASSERT_EQ(o["cards"].size(), o["rows"].size());
    for (std::size_t i = 0; i < o["rows"].size(); ++i) {
      const auto& card = o["cards"][i];
      if (card.is_null() || card["format"] != "ascend.kernel_details.csv") continue;
      std::ifstream f(std::filesystem::path(a.profile_root) / card["source"].get<std::string>());
      ASSERT_TRUE(f) << card["source"];
      std::vector<std::string> lines;
      for (std::string line; std::getline(f, line);) lines.push_back(line);
      const std::vector<std::string> header = csv_split(lines.at(0));
      const auto col = [&](const char* h) { return static_cast<std::size_t>(std::find(header.begin(), header.end(), h) - header.begin()); };
      const std::vector<std::string> cells = csv_split(lines.at(card["row"].get<std::size_t>() + 1));
      std::map<std::string, nlohmann::json> fields;
      for (const auto& kv : card["fields"]) fields[names[kv[0].get<std::size_t>()].get<std::string>()] = kv[1];
      // The card is of this operator (the table's name column is an index into the same name table).
      EXPECT_EQ(fields["name"], names[o["rows"][i][0].get<std::size_t>()]);
      EXPECT_EQ(fields["name"].get<std::string>(), cells.at(col("Name")));
      std::string start = cells.at(col("Start Time(us)"));
      start.erase(start.find_last_not_of(" \t") + 1);
      EXPECT_EQ(fields["start_us"].get<std::string>(), start);
      ++checked;
    }
  }
  EXPECT_GT(checked, 10u);
}

TEST(HtmlReport, WriteAllReportsWritesTheHtml) {
  const Built b = hostile_capture();
  const auto dir = std::filesystem::temp_directory_path() / "llmsa_report_html_set";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto files = write_all_reports(dir, {b.capture, b.analysis, b.classifier});
  EXPECT_NE(std::find(files.begin(), files.end(), dir / "report.html"), files.end());
  std::ifstream f(dir / "report.html", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str(), render_html_report({b.capture, b.analysis, b.classifier}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace llmsa::report
