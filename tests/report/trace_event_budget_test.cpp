// trace.json's event budget (trace_event_budget.hpp): a capture that fits is written whole and
// unchanged; one that does not keeps whole steps, the same on every rank, the finding's step among
// them, says so in the file and in report.md; category spans cover their events' time up to the
// stated gap tolerance. The capture is the demo's (synth/demo_capture.hpp: 4 ranks, one prefill and
// six decode steps, injected straggler, host bubble and AICPU operator with findings).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <cstring>
#include <sstream>
#include <map>
#include <set>

#include "evidence/evidence_writers.hpp"
#include "report/markdown_report.hpp"
#include "report/trace_category_spans.hpp"
#include "report/trace_event_budget.hpp"
#include "report/trace_json.hpp"
#include "report_test_support.hpp"
#include "synth/demo_capture.hpp"

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::unique_ptr<test::Analysed> analysed_demo() {
  const fs::path root = test::fresh_dir("budget_demo");
  synth::write_demo_capture(root);
  trace::IngestOptions opt;
  opt.threads = 1;
  auto a = test::analyse(trace::ingest({root}, opt).capture);
  fs::remove_all(root);  // the capture is in memory; evidence keeps only paths
  return a;
}

std::string trace_text(const test::Analysed& a, const TraceSelection& sel, unsigned threads = 1,
                       TraceJsonCounts* counts = nullptr) {
  const fs::path dir = test::fresh_dir("budget_trace");
  const TraceJsonCounts c = write_trace_json(dir / "trace.json", a.capture, a.analysis, a.classifier, a.evidence, sel, threads);
  if (counts) *counts = c;
  std::string text = test::read_all(dir / "trace.json");
  fs::remove_all(dir);
  return text;
}

// The step (label) of rank position r whose window holds t, "" for none.
std::string step_at(const analysis::RankAnalysis& ra, std::int64_t t) {
  for (const auto& s : ra.steps)
    if (t >= s.time.window_start_ns && t < s.time.window_end_ns) return s.step;
  return "";
}

// One trace.json event per line (the writer's layout), with ts and dur read exactly from the text:
// decimal µs with 3 decimals, which a double cannot hold for epoch-ns timestamps.
struct Event {
  json j;
  std::int64_t ts = 0, dur = 0;
};

std::int64_t exact_ns(const std::string& line, const char* key) {
  std::size_t p = line.find(key);
  if (p == std::string::npos) return 0;
  p += std::strlen(key);
  const bool neg = line[p] == '-';
  if (neg) ++p;
  std::int64_t v = 0;
  while (p < line.size() && std::isdigit(static_cast<unsigned char>(line[p]))) v = v * 10 + (line[p++] - '0');
  if (p < line.size() && line[p] == '.') {
    ++p;
    for (int k = 0; k < 3; ++k) v = v * 10 + (line[p++] - '0');
  } else {
    v *= 1000;
  }
  return neg ? -v : v;
}

std::vector<Event> events_of(const std::string& text) {
  std::vector<Event> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("{\"ph\"", 0) != 0) continue;
    if (line.back() == ',') line.pop_back();
    out.push_back({json::parse(line), exact_ns(line, "\"ts\":"), exact_ns(line, "\"dur\":")});
  }
  return out;
}

TEST(TraceEventBudget, ParsesCountOrAll) {
  EXPECT_EQ(parse_trace_event_budget("all"), kTraceEventsAll);
  EXPECT_EQ(parse_trace_event_budget("250000"), 250000);
  for (const char* bad : {"", "0", "-3", "12x", "abc", "1e6", "ALL"}) EXPECT_FALSE(parse_trace_event_budget(bad)) << bad;
}

TEST(TraceEventBudget, CaptureThatFitsIsWrittenWhole) {
  // The demo has a few thousand events, far under the default budget: the default file and the
  // unbudgeted one are the same bytes, with no cut stated.
  auto a = analysed_demo();
  const TraceSelection all = select_trace_events(a->capture, a->analysis, a->evidence, kTraceEventsAll);
  const TraceSelection dflt = select_trace_events(a->capture, a->analysis, a->evidence, kDefaultTraceEventBudget);
  EXPECT_FALSE(dflt.cut);
  EXPECT_EQ(dflt.kept_events, dflt.total_events);
  const std::string text = trace_text(*a, dflt);
  EXPECT_EQ(text, trace_text(*a, all));
  // A budget of exactly the event count still fits.
  EXPECT_FALSE(select_trace_events(a->capture, a->analysis, a->evidence, dflt.total_events).cut);
  EXPECT_EQ(text.find("trace_cut"), std::string::npos);
  EXPECT_EQ(text.find("llmsa_trace_cut"), std::string::npos);
}

TEST(TraceEventBudget, CutKeepsWholeStepsOnEveryRankAndSaysSo) {
  auto a = analysed_demo();
  const std::int64_t total = select_trace_events(a->capture, a->analysis, a->evidence, kTraceEventsAll).total_events;
  const std::int64_t budget = total / 3;
  const TraceSelection sel = select_trace_events(a->capture, a->analysis, a->evidence, budget);
  ASSERT_TRUE(sel.cut);
  EXPECT_TRUE(sel.partial.empty());  // a demo step (~1/28 of the events) fits easily
  ASSERT_FALSE(sel.steps.empty());
  TraceJsonCounts counts;
  const std::string text = trace_text(*a, sel, 1, &counts);
  const json doc = json::parse(text);
  EXPECT_EQ(text, trace_text(*a, sel, 3));  // same bytes for any thread count

  // Per rank, the steps of the written original events, and how many per step.
  std::map<int, std::size_t> position;
  for (std::size_t r = 0; r < a->capture.ranks.size(); ++r) position[a->capture.ranks[r].events.rank] = r;
  std::map<int, std::map<std::string, std::int64_t>> per_step;
  std::int64_t originals = 0;
  bool meta = false, marker = false;
  for (const Event& ev : events_of(text)) {
    const json& e = ev.j;
    const std::string cat = e.value("cat", "");
    if (e["ph"] == "M" && e["name"] == "llmsa_trace_cut") {
      meta = true;
      EXPECT_EQ(e["args"]["omitted_events"].get<std::int64_t>(), total - sel.kept_events);
      EXPECT_EQ(e["args"]["steps"].size(), sel.steps.size());
    }
    if (cat == "llmsa.trace_cut") marker = true;
    if (e["ph"] != "X") continue;
    const int pid = e["pid"].get<int>();
    const auto& ra = a->analysis.ranks[position.at(pid)];
    if (cat.rfind("llmsa.", 0) != 0) {
      const std::string step = step_at(ra, ev.ts);
      ASSERT_FALSE(step.empty()) << e.dump();  // nothing outside the kept steps
      ++per_step[pid][step];
      ++originals;
    } else if (cat == "llmsa.layer" || cat == "llmsa.block" || cat == "llmsa.bubble" || cat == "llmsa.category") {
      // Overlays within the kept steps only.
      const std::string step = step_at(ra, ev.ts);
      EXPECT_TRUE(std::find(sel.steps.begin(), sel.steps.end(), step) != sel.steps.end()) << e.dump();
    }
  }
  EXPECT_TRUE(meta);
  EXPECT_TRUE(marker);
  EXPECT_EQ(originals, sel.kept_events);
  EXPECT_EQ(counts.original_events, sel.kept_events);
  EXPECT_EQ(counts.omitted_by_budget, total - sel.kept_events);
  EXPECT_LE(originals, budget);
  EXPECT_EQ(doc["otherData"]["trace_cut"]["kept_events"].get<std::int64_t>(), sel.kept_events);
  // Every rank shows exactly the kept steps, each whole: as many events as the uncut file has there.
  TraceJsonCounts whole_counts;
  const std::string whole_text =
      trace_text(*a, select_trace_events(a->capture, a->analysis, a->evidence, kTraceEventsAll), 1, &whole_counts);
  const json whole = json::parse(whole_text);
  std::map<int, std::map<std::string, std::int64_t>> whole_per_step;
  for (const Event& ev : events_of(whole_text)) {
    const json& e = ev.j;
    if (e["ph"] != "X" || e.value("cat", "").rfind("llmsa.", 0) == 0) continue;
    const int pid = e["pid"].get<int>();
    const std::string step = step_at(a->analysis.ranks[position.at(pid)], ev.ts);
    if (!step.empty()) ++whole_per_step[pid][step];
  }
  const std::set<std::string> kept(sel.steps.begin(), sel.steps.end());
  ASSERT_EQ(per_step.size(), a->capture.ranks.size());
  for (const auto& [pid, steps] : per_step) {
    std::set<std::string> seen;
    for (const auto& [step, n] : steps) {
      seen.insert(step);
      EXPECT_EQ(n, whole_per_step[pid][step]) << "rank " << pid << " step " << step;
    }
    EXPECT_EQ(seen, kept) << "rank " << pid;
  }
  // The step where the most severe timed finding starts (on the first rank that has it) is kept:
  // its async slice begins there.
  const std::vector<Event> events = events_of(text);
  std::map<std::string, const Event*> first_begin;  // finding id -> its first "b" (ranks in capture order)
  for (const Event& e : events)
    if (e.j["ph"] == "b") first_begin.emplace(e.j["args"]["finding"].get<std::string>(), &e);
  bool checked = false;
  for (const auto& f : evidence::sorted_findings(a->analysis.findings)) {
    auto it = first_begin.find(evidence::finding_id(f));
    if (it == first_begin.end()) continue;
    const json& e = it->second->j;
    const auto& ra = a->analysis.ranks[position.at(e["pid"].get<int>())];
    const std::string step = step_at(ra, it->second->ts);
    EXPECT_TRUE(kept.count(step)) << e["name"] << " starts in step " << step;
    checked = true;
    break;
  }
  EXPECT_TRUE(checked);
  // Findings and steps cover the whole capture: the same async slices and step spans as uncut.
  auto count_cat = [](const json& d, const std::string& cat) {
    std::int64_t n = 0;
    for (const auto& e : d["traceEvents"]) n += e.value("cat", "") == cat;
    return n;
  };
  EXPECT_EQ(count_cat(doc, "llmsa.finding"), count_cat(whole, "llmsa.finding"));
  EXPECT_EQ(count_cat(doc, "llmsa.step"), count_cat(whole, "llmsa.step"));

  // report.md's limitations say it.
  const std::string md = render_report_md(a->capture, a->analysis, a->evidence, {},
                                          {{"file trace.json", "events left out", trace_cut_sentence(sel), {}}});
  EXPECT_NE(md.find("--trace-events all"), std::string::npos);
  EXPECT_NE(md.find(std::to_string(sel.kept_events) + " of the capture's " + std::to_string(total)), std::string::npos);
}

TEST(TraceEventBudget, StepBiggerThanTheBudgetIsCutInTimeOnEveryRank) {
  auto a = analysed_demo();
  const TraceSelection sel = select_trace_events(a->capture, a->analysis, a->evidence, 40);
  ASSERT_TRUE(sel.cut);
  EXPECT_FALSE(sel.partial.empty());
  ASSERT_EQ(sel.steps.size(), 1u);
  EXPECT_GT(sel.kept_events, 0);
  EXPECT_LE(sel.kept_events, 40);
  // The same leading length of the step on every rank.
  std::set<std::int64_t> lengths;
  for (std::size_t r = 0; r < sel.windows.size(); ++r) {
    ASSERT_EQ(sel.windows[r].size(), 1u);
    lengths.insert(sel.windows[r].total_length());
    EXPECT_EQ(step_at(a->analysis.ranks[r], sel.windows[r].hull().start), sel.steps[0]);
  }
  EXPECT_EQ(lengths.size(), 1u);
  EXPECT_TRUE(json::accept(trace_text(*a, sel)));
}

TEST(TraceCategorySpans, MergesOverlapsTouchingAndSubToleranceGaps) {
  // Hand-made intervals; the expected spans follow from the definition (tolerance 1000 ns).
  const std::vector<Interval> spans =
      merge_category_spans({{5000, 6000}, {0, 100}, {100, 200}, {150, 180}, {1199, 1300}, {2300, 2400}, {3000, 3000}});
  const std::vector<Interval> expected = {{0, 1300}, {2300, 2400}, {5000, 6000}};
  EXPECT_EQ(spans, expected);
  // Tolerance 0: the exact union.
  EXPECT_EQ(merge_category_spans({{0, 10}, {10, 20}, {21, 30}}, 0), (std::vector<Interval>{{0, 20}, {21, 30}}));
}

TEST(TraceCategorySpans, SpansCoverTheirRolesEventsUpToTheTolerance) {
  // On the demo's trace: per rank and category track, the union of the events of that op role
  // (classified by the analysis) is inside the spans, and what the spans add are gaps under the
  // tolerance, each span starting and ending on event time.
  auto a = analysed_demo();
  const std::vector<Event> events =
      events_of(trace_text(*a, select_trace_events(a->capture, a->analysis, a->evidence, kTraceEventsAll)));
  std::map<std::pair<int, int>, std::string> track;
  std::map<std::pair<int, std::string>, std::vector<Interval>> spans;
  for (const Event& ev : events)
    if (ev.j["ph"] == "M" && ev.j["name"] == "thread_name") track[{ev.j["pid"].get<int>(), ev.j["tid"].get<int>()}] = ev.j["args"]["name"];
  for (const Event& ev : events) {
    const json& e = ev.j;
    if (e.value("cat", "") != "llmsa.category") continue;
    spans[{e["pid"].get<int>(), e["name"].get<std::string>()}].push_back({ev.ts, ev.ts + ev.dur});
    EXPECT_EQ(track.at({e["pid"].get<int>(), e["tid"].get<int>()}), "llmsa · category · " + e["name"].get<std::string>());
  }
  ASSERT_FALSE(spans.empty());
  for (std::size_t r = 0; r < a->capture.ranks.size(); ++r) {
    const trace::RankEvents& ev = a->capture.ranks[r].events;
    const analysis::EventClasses& cls = a->analysis.event_classes[r];
    std::map<std::string, std::vector<Interval>> by_role;
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (cls.counts(i) && ev.dur_ns[i] > 0)
        by_role[analysis::op_role_name(cls.of(i).role)].push_back({ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]});
    for (auto& [role, events] : by_role) {
      const IntervalSet u = IntervalSet::from_unsorted(events);
      const auto& s = spans[{ev.rank, role}];
      ASSERT_FALSE(s.empty()) << role;
      const IntervalSet covered = IntervalSet::from_unsorted(s);
      EXPECT_TRUE(set_difference(u, covered).empty()) << role;
      const IntervalSet added = set_difference(covered, u);
      for (const Interval& gap : added.intervals()) EXPECT_LT(gap.end - gap.start, kCategoryGapToleranceNs);
      std::set<std::int64_t> starts, ends;
      for (const Interval& iv : u.intervals()) starts.insert(iv.start), ends.insert(iv.end);
      for (const Interval& iv : s) {
        EXPECT_TRUE(starts.count(iv.start)) << role;
        EXPECT_TRUE(ends.count(iv.end)) << role;
      }
    }
  }
}

}  // namespace
}  // namespace llmsa::report
