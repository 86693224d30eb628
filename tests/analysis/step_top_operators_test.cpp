// step_top_operators(): the per-step operator aggregate (what report.html's step inspector shows). The
// events are hand-made, so every expected sum below is the arithmetic of the durations given here.
#include <gtest/gtest.h>

#include "analysis/step_top_operators.hpp"

namespace llmsa::analysis {
namespace {

StepAnalysis step(std::int64_t start, std::int64_t end) {
  StepAnalysis s;
  s.time.window_start_ns = start;
  s.time.window_end_ns = end;
  s.time.wall_ns = end - start;
  return s;
}

TEST(StepTopOperators, SumsPerNameInsideEachStepWindow) {
  trace::RankEvents ev;
  const std::uint16_t src = ev.add_source("k.csv", "ascend.kernel_details.csv");
  const StringId a = ev.strings.intern("A"), b = ev.strings.intern("B"), c = ev.strings.intern("C");
  std::vector<std::uint32_t> all;
  auto add = [&](std::int64_t start, std::int64_t dur, StringId name) {
    all.push_back(ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, start, dur, name, src, all.size()));
  };
  // Step 0 = [0, 100): A 10 + 30 (2 calls), B 25, C 5. Step 1 = [100, 200): B 50, A 1.
  add(0, 10, a);
  add(20, 30, a);
  add(60, 25, b);
  add(90, 5, c);
  add(100, 50, b);
  add(150, 1, a);
  add(250, 7, c);  // after every step: in none
  // Events in any order: the aggregate does not depend on it.
  std::reverse(all.begin(), all.end());
  const std::vector<StepAnalysis> steps = {step(0, 100), step(100, 200)};
  const auto top = step_top_operators(ev, all, steps, 2);
  ASSERT_EQ(top.size(), 2u);
  ASSERT_EQ(top[0].size(), 2u);  // C (5 ns) is past the cap of 2
  EXPECT_EQ(top[0][0].name, a);
  EXPECT_EQ(top[0][0].calls, 2);
  EXPECT_EQ(top[0][0].duration_sum_ns, 40);
  EXPECT_EQ(top[0][0].longest, 1u);  // the 30 ns call
  EXPECT_EQ(top[0][1].name, b);
  EXPECT_EQ(top[0][1].duration_sum_ns, 25);
  ASSERT_EQ(top[1].size(), 2u);
  EXPECT_EQ(top[1][0].name, b);
  EXPECT_EQ(top[1][0].duration_sum_ns, 50);
  EXPECT_EQ(top[1][1].name, a);
  EXPECT_EQ(top[1][1].calls, 1);
  // No steps, no aggregate; a step listed out of time order still gets its own events.
  EXPECT_TRUE(step_top_operators(ev, all, {}, 8).empty());
  const std::vector<StepAnalysis> reversed = {step(100, 200), step(0, 100)};
  const auto swapped = step_top_operators(ev, all, reversed, 8);
  ASSERT_EQ(swapped.size(), 2u);
  EXPECT_EQ(swapped[0].size(), 2u);  // B and A of [100, 200)
  EXPECT_EQ(swapped[1].size(), 3u);  // A, B and C of [0, 100)
}

}  // namespace
}  // namespace llmsa::analysis
