// analysis.json written streaming: the columnar layer and block tables hold exactly the analysis'
// LayerSpan / BlockSpan values (row i = element i of every column, analysis_json.hpp), the file and
// the in-memory text are the same bytes, and the text parses whatever the names hold.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "report/analysis_json.hpp"
#include "report/json_pretty.hpp"
#include "report_test_support.hpp"

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Two layers on the one step of a three-kernel capture: the first with two blocks, the second with
// none and no events (kNoEvent must read back as null), and a family name that needs escaping.
std::unique_ptr<test::Analysed> with_layers() {
  auto a = test::analyse(test::capture_with_kernels({"MatMulV2", "FlashAttentionScore", "Add"}));
  auto& step = a->analysis.ranks[0].steps[0];
  step.layers.clear();
  analysis::LayerSpan l0;
  l0.index = 0;
  l0.anchor_kind = "attention";
  l0.first_event = 0;
  l0.last_event = 2;
  l0.start_ns = 1'000'000;
  l0.end_ns = 1'040'000;
  l0.busy_ns = 30'000;
  l0.event_count = 3;
  l0.blocks.push_back({"attention", "gqa_or_mha", 0, 1, 1'000'000, 1'025'000, 20'000, 2});
  l0.blocks.push_back({"ffn", "odd \"family\"\n", 2, 2, 1'030'000, 1'040'000, 10'000, 1});
  analysis::LayerSpan l1;
  l1.index = 1;
  l1.anchor_kind = "matmul";
  l1.start_ns = 1'040'000;
  l1.end_ns = 1'050'000;
  step.layers = {l0, l1};
  return a;
}

TEST(AnalysisJson, LayersAndBlocksAreColumnsOfTheSpans) {
  auto a = with_layers();
  const fs::path dir = test::fresh_dir("analysis_json_columns");
  write_analysis_json(dir / "analysis.json", a->analysis);
  const std::string text = test::read_all(dir / "analysis.json");
  fs::remove_all(dir);
  EXPECT_EQ(text, render_analysis_json(a->analysis));
  const json doc = json::parse(text);
  EXPECT_EQ(doc["schema"], kAnalysisJsonSchema);
  const auto& step = doc["ranks"][0]["steps"][0];
  const auto& spans = a->analysis.ranks[0].steps[0].layers;
  const auto& L = step["layers"];
  ASSERT_EQ(L["count"], spans.size());
  for (const char* col : {"index", "anchor_kind", "first_event", "last_event", "start_ns", "end_ns", "busy_ns",
                          "event_count", "block_count"})
    ASSERT_EQ(L[col].size(), spans.size()) << col;
  std::size_t row = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& l = spans[i];
    EXPECT_EQ(L["index"][i], l.index);
    EXPECT_EQ(L["anchor_kind"][i], l.anchor_kind);
    EXPECT_EQ(L["start_ns"][i], l.start_ns);
    EXPECT_EQ(L["end_ns"][i], l.end_ns);
    EXPECT_EQ(L["busy_ns"][i], l.busy_ns);
    EXPECT_EQ(L["event_count"][i], l.event_count);
    EXPECT_EQ(L["block_count"][i], l.blocks.size());
    if (l.first_event == analysis::kNoEvent) EXPECT_TRUE(L["first_event"][i].is_null());
    else EXPECT_EQ(L["first_event"][i], l.first_event);
    if (l.last_event == analysis::kNoEvent) EXPECT_TRUE(L["last_event"][i].is_null());
    else EXPECT_EQ(L["last_event"][i], l.last_event);
    for (const auto& b : l.blocks) {
      const auto& B = step["blocks"];
      EXPECT_EQ(B["layer"][row], i);
      EXPECT_EQ(B["kind"][row], b.kind);
      EXPECT_EQ(B["family"][row], b.family);  // the quote and newline survive the round trip
      EXPECT_EQ(B["first_event"][row], b.first_event);
      EXPECT_EQ(B["last_event"][row], b.last_event);
      EXPECT_EQ(B["start_ns"][row], b.start_ns);
      EXPECT_EQ(B["end_ns"][row], b.end_ns);
      EXPECT_EQ(B["busy_ns"][row], b.busy_ns);
      EXPECT_EQ(B["event_count"][row], b.event_count);
      ++row;
    }
  }
  EXPECT_EQ(step["blocks"]["count"], row);
  EXPECT_EQ(step["blocks"]["kind"].size(), row);
  // The second layer has no events: null, not 4294967295.
  EXPECT_TRUE(L["first_event"][1].is_null());
}

TEST(AnalysisJson, StreamedTextMatchesTheDomLayoutOutsideTheColumns) {
  // Everything but the columns is laid out like nlohmann's dump(2): the parsed document dumped again
  // gives the same lines except the one-line column arrays, which dump(2) would spread over lines.
  auto a = test::analyse(test::capture_with_kernels({"MatMulV2", "Add"}));
  const std::string text = render_analysis_json(a->analysis);
  const json doc = json::parse(text);
  json no_columns = doc;
  for (auto& r : no_columns["ranks"])
    for (auto& s : r["steps"]) s.erase("layers"), s.erase("blocks");
  std::string streamed_without;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"layers\": {") != std::string::npos || line.find("\"blocks\": {") != std::string::npos) {
      // skip the table object to its closing brace at the same indent
      const std::size_t indent = line.find('"');
      while (std::getline(in, line) && !(line.size() > indent && line[indent] == '}' && line.find_first_not_of(' ') == indent)) {}
      continue;
    }
    streamed_without += line + "\n";
  }
  // The tables come first and in the middle of a step's keys, so removing them leaves valid JSON
  // laid out exactly as dump(2) lays out the same document without them.
  EXPECT_EQ(streamed_without, no_columns.dump(2) + "\n");
}

TEST(AnalysisJson, DoublesPrintAsNlohmannDoes) {
  // nlohmann::json::dump's own output is the reference for each value.
  for (double v : {0.0, 1.0, 100.0, 0.1, 1.0 / 3.0, 1e-5, 1e21, -2.5, 123456789.0}) {
    std::string out;
    append_json_double(out, v);
    EXPECT_EQ(out, json(v).dump()) << v;
  }
  std::string nan;
  append_json_double(nan, std::nan(""));
  EXPECT_EQ(nan, "null");
}

}  // namespace
}  // namespace llmsa::report
