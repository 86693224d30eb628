// trace.json parses as Chrome trace JSON, holds the original events with their source rows and the
// overlay tracks, and keeps every name as text.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "report/trace_json.hpp"
#include "report_test_support.hpp"

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string write_text(test::Analysed& a, const std::string& name, unsigned threads, TraceJsonCounts* counts = nullptr) {
  const fs::path dir = test::fresh_dir(name);
  const TraceJsonCounts c = write_trace_json(dir / "trace.json", a.capture, a.analysis, a.classifier, a.evidence, threads);
  if (counts) *counts = c;
  std::string text = test::read_all(dir / "trace.json");
  fs::remove_all(dir);
  return text;
}

json write_and_parse(test::Analysed& a, const std::string& name, TraceJsonCounts* counts = nullptr) {
  return json::parse(write_text(a, name, 1, counts));
}

// (pid, tid) -> thread name.
std::map<std::pair<int, int>, std::string> thread_name_of(const json& doc) {
  std::map<std::pair<int, int>, std::string> out;
  for (const auto& e : doc["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name") out[{e["pid"].get<int>(), e["tid"].get<int>()}] = e["args"]["name"];
  return out;
}

std::set<std::string> thread_names(const json& doc, int pid) {
  std::set<std::string> names;
  for (const auto& e : doc["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == pid) names.insert(e["args"]["name"].get<std::string>());
  return names;
}

TEST(TraceJson, Level1HasOriginalEventsAndOverlayTracks) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto a = test::analyse_sample(test::kLevel1);
  TraceJsonCounts counts;
  const json doc = write_and_parse(*a, "trace_level1", &counts);
  ASSERT_TRUE(doc["traceEvents"].is_array());
  std::map<int, std::int64_t> original;
  std::int64_t overlay = 0, begins = 0, ends = 0;
  const auto threads = thread_name_of(doc);
  for (const auto& e : doc["traceEvents"]) {
    const std::string ph = e["ph"];
    if (ph == "M") continue;
    const std::string cat = e.value("cat", "");
    if (cat.rfind("llmsa.", 0) == 0) {
      ++overlay;
      begins += ph == "b";
      ends += ph == "e";
      continue;
    }
    ASSERT_EQ(ph, "X");
    // The raw row, and its file: in args, or (one file per thread) at the end of the thread's name.
    ASSERT_TRUE(e["args"].contains("row")) << e.dump();
    const std::string thread = threads.at({e["pid"].get<int>(), e["tid"].get<int>()});
    const std::string file = e["args"].contains("file") ? e["args"]["file"].get<std::string>()
                                                        : thread.substr(thread.rfind(" · ") + 4);
    ASSERT_TRUE(file == "kernel_details.csv" || file == "trace_view.json") << e.dump() << " on " << thread;
    ++original[e["pid"].get<int>()];
  }
  // Rank 1 of level1 has kernel_details.csv (191 rows, SOURCES.md) and no trace_view.json.
  EXPECT_EQ(original[1], 191);
  EXPECT_EQ(original[0] + original[1], doc["otherData"]["original_events"].get<std::int64_t>());
  EXPECT_EQ(counts.original_events, original[0] + original[1]);
  EXPECT_EQ(begins, ends);
  EXPECT_GT(begins, 0);  // level1 has findings with evidence rows
  EXPECT_EQ(overlay - ends, counts.overlay_events);  // a b/e pair counts once
  const auto names = thread_names(doc, 0);
  for (const char* t : {"llmsa · steps", "llmsa · layers", "llmsa · blocks", "llmsa · bubbles", "llmsa · findings",
                        "llmsa · category · communication", "host · Python · tid 3096504 · trace_view.json"})
    EXPECT_TRUE(names.count(t)) << t;
}

TEST(TraceJson, NamesAreEscapedAndStructureOverlaysAppear) {
  const std::vector<std::string> names = {"q\"uote\\back\nline\x01", "<img src=x onerror=alert(1)>", "bad\xFF" "byte"};
  auto a = test::analyse(test::capture_with_kernels(names));
  auto& step = a->analysis.ranks[0].steps[0];
  analysis::LayerSpan l;
  l.index = 0;
  l.anchor_kind = "attention";
  l.first_event = 0;
  l.last_event = 2;
  l.start_ns = 1'000'000;
  l.end_ns = 1'040'000;
  step.layers.push_back(l);
  step.bubbles.push_back({1'010'000, 1'015'000, 0, 1, "main", false, "", "", "", -1, -1});
  a->evidence = build_report_evidence(a->capture, a->analysis);
  const json doc = write_and_parse(*a, "trace_escape");
  std::vector<std::string> seen;
  std::set<std::string> overlay_names;
  for (const auto& e : doc["traceEvents"]) {
    if (e["ph"] != "X") continue;
    if (e["cat"] == "kernel") seen.push_back(e["name"]);
    else overlay_names.insert(e["cat"].get<std::string>() + ":" + e["name"].get<std::string>());
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], names[0]);
  EXPECT_EQ(seen[1], names[1]);
  EXPECT_EQ(seen[2], "bad\xEF\xBF\xBD" "byte");
  EXPECT_TRUE(overlay_names.count("llmsa.layer:layer 0 · attention"));
  EXPECT_TRUE(overlay_names.count("llmsa.bubble:bubble · main"));
  EXPECT_TRUE(overlay_names.count("llmsa.step:step all"));
  // The three kernels share one op role (their type is MatMulV2), so one category track name.
  std::size_t category = 0;
  for (const auto& n : overlay_names) category += n.rfind("llmsa.category:", 0) == 0;
  EXPECT_EQ(category, 1u);
}

TEST(TraceJson, SameBytesForAnyThreadCount) {
  // Level1's two ranks rendered one at a time (streamed), side by side, and with more threads than
  // ranks: the file must not depend on the scheduling.
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  auto a = test::analyse_sample(test::kLevel1);
  const std::string one = write_text(*a, "trace_threads1", 1);
  EXPECT_EQ(write_text(*a, "trace_threads2", 2), one);
  EXPECT_EQ(write_text(*a, "trace_threads5", 5), one);
  EXPECT_EQ(write_text(*a, "trace_threads0", 0), one);
  EXPECT_TRUE(json::accept(one));
}

}  // namespace
}  // namespace llmsa::report
