// Downsampling of the report.html timeline. Every expected box is worked out by hand from the
// events each test builds (bucket width = span / per-lane budget, see html_timeline.hpp).
#include <gtest/gtest.h>

#include <numeric>

#include "report/html_timeline.hpp"

namespace llmsa::report {
namespace {

using trace::EventKind;
using trace::Side;

std::uint32_t add(trace::RankEvents& ev, std::int64_t start, std::int64_t dur, int stream, const char* name = "k") {
  const std::uint32_t e = ev.add_event(EventKind::kKernel, Side::kDevice, start, dur, ev.strings.intern(name), 0, ev.size());
  ev.stream[e] = stream;
  return e;
}

std::vector<std::uint32_t> all(const trace::RankEvents& ev) {
  std::vector<std::uint32_t> v(ev.size());
  std::iota(v.begin(), v.end(), 0u);
  return v;
}

TEST(HtmlTimeline, NarrowEventsMergeWideOnesStay) {
  trace::RankEvents ev;
  ev.add_source("k.csv", "ascend.kernel_details.csv");
  // Span [0, 1600) with a budget of 16 boxes on one lane: bucket width 100 ns.
  add(ev, 0, 10, 0, "a");      // short: opens a run at 0
  add(ev, 20, 30, 0, "b");     // short, starts < 0 + 100: joins, and is the longest of the run
  add(ev, 90, 5, 0, "c");      // short, 90 < 100: joins
  add(ev, 150, 200, 0, "w");   // wide (200 >= 100): its own box
  add(ev, 400, 10, 0, "d");    // short: new run
  add(ev, 1590, 10, 0, "e");   // short, far away: new run; the span ends at 1600
  const DownsampledTimeline t = downsample_timeline(ev, all(ev), {}, 16);
  ASSERT_EQ(t.lanes.size(), 1u);
  EXPECT_EQ(t.bucket_ns, 100);
  EXPECT_EQ(t.events, 6);
  const auto& b = t.lanes[0].boxes;
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].start_ns, 0);
  EXPECT_EQ(b[0].end_ns, 95);
  EXPECT_EQ(b[0].count, 3u);
  EXPECT_EQ(b[0].busy_ns, 45);  // 10 + 30 + 5
  EXPECT_EQ(b[0].event, 1u);    // "b", the longest
  EXPECT_EQ(b[1].event, 3u);
  EXPECT_EQ(b[1].count, 1u);
  EXPECT_EQ(b[1].end_ns, 350);
  EXPECT_EQ(b[2].event, 4u);
  EXPECT_EQ(b[3].event, 5u);
  EXPECT_EQ(t.boxes, 4);
}

TEST(HtmlTimeline, KeptEventsAreNeverMerged) {
  trace::RankEvents ev;
  ev.add_source("k.csv", "ascend.kernel_details.csv");
  for (int i = 0; i < 10; ++i) add(ev, i * 10, 5, 0);  // ten short events in one bucket
  add(ev, 1590, 10, 0);                                  // span [0, 1600): bucket 100
  const DownsampledTimeline t = downsample_timeline(ev, all(ev), {4}, 16);
  const auto& b = t.lanes[0].boxes;
  // [0..3] merged, 4 kept alone, [5..9] merged, 10 alone (a run of its own).
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].count, 4u);
  EXPECT_TRUE(b[1].kept);
  EXPECT_EQ(b[1].event, 4u);
  EXPECT_EQ(b[1].count, 1u);
  EXPECT_EQ(b[2].count, 5u);
  EXPECT_EQ(b[3].count, 1u);
  std::int64_t total = 0;
  for (const auto& x : b) total += x.count;
  EXPECT_EQ(total, 11);  // no event lost
}

TEST(HtmlTimeline, LanesPerStreamAndOrderIndependent) {
  trace::RankEvents ev;
  ev.add_source("k.csv", "ascend.kernel_details.csv");
  add(ev, 500, 400, 9);
  add(ev, 0, 400, 2);
  add(ev, 1000, 600, 2);
  std::vector<std::uint32_t> forward = all(ev), backward(forward.rbegin(), forward.rend());
  const DownsampledTimeline a = downsample_timeline(ev, forward, {}, 32), b = downsample_timeline(ev, backward, {}, 32);
  ASSERT_EQ(a.lanes.size(), 2u);
  EXPECT_EQ(a.lanes[0].stream, 2);
  EXPECT_EQ(a.lanes[1].stream, 9);
  ASSERT_EQ(a.lanes[0].boxes.size(), 2u);
  EXPECT_EQ(a.lanes[0].boxes[0].event, 1u);
  EXPECT_EQ(a.lanes[0].boxes[1].event, 2u);
  EXPECT_EQ(a.bucket_ns, 0);  // nothing merged
  ASSERT_EQ(b.lanes.size(), a.lanes.size());
  for (std::size_t l = 0; l < a.lanes.size(); ++l) {
    ASSERT_EQ(a.lanes[l].boxes.size(), b.lanes[l].boxes.size());
    for (std::size_t k = 0; k < a.lanes[l].boxes.size(); ++k) EXPECT_EQ(a.lanes[l].boxes[k].event, b.lanes[l].boxes[k].event);
  }
}

TEST(HtmlTimeline, MillionEventsFitTheBudget) {
  trace::RankEvents ev;
  ev.add_source("k.csv", "ascend.kernel_details.csv");
  ev.reserve(1'000'000);
  for (int i = 0; i < 1'000'000; ++i) add(ev, static_cast<std::int64_t>(i) * 1000, 700, i % 4);
  const DownsampledTimeline t = downsample_timeline(ev, all(ev), {}, 2000);
  EXPECT_EQ(t.events, 1'000'000);
  EXPECT_LE(t.boxes, 2000);  // 4 lanes x 500
  std::int64_t total = 0;
  for (const auto& lane : t.lanes)
    for (const auto& b : lane.boxes) total += b.count;
  EXPECT_EQ(total, 1'000'000);
}

TEST(HtmlTimeline, OverlappingWideEventsStillFit) {
  // 1000 identical events covering the whole span: none is narrower than the first bucket, so the
  // width doubles until it passes the span and they merge into one box.
  trace::RankEvents ev;
  ev.add_source("k.csv", "ascend.kernel_details.csv");
  for (int i = 0; i < 1000; ++i) add(ev, 0, 1'000'000, 0);
  const DownsampledTimeline t = downsample_timeline(ev, all(ev), {}, 100);
  ASSERT_EQ(t.lanes.size(), 1u);
  EXPECT_LE(t.lanes[0].boxes.size(), 100u);
  EXPECT_EQ(t.lanes[0].boxes[0].count, 1000u);
}

TEST(HtmlTimeline, EmptyInput) {
  trace::RankEvents ev;
  const DownsampledTimeline t = downsample_timeline(ev, {}, {}, 100);
  EXPECT_TRUE(t.lanes.empty());
  EXPECT_EQ(t.boxes, 0);
}

}  // namespace
}  // namespace llmsa::report
