// One rule for duplicate sources of the same device tasks (analysis/device_tasks.hpp): part A's time
// algebra (device_timeline) and part B's operators (operator_summary) are built from the same events.
#include <gtest/gtest.h>

#include <set>

#include "analysis/device_tasks.hpp"
#include "analysis/device_timeline.hpp"
#include "analysis/operator_summary.hpp"
#include "ops_test_support.hpp"

using namespace llmsa;
using namespace llmsa::analysis;

namespace {

// The three time classes rebuilt from part B's operator events alone.
struct ClassSets {
  IntervalSet compute, communication, copy;
  std::int64_t events = 0;
};
ClassSets sets_of_operators(const trace::RankEvents& ev, const OperatorSummary& s) {
  std::vector<Interval> compute, comm, copy;
  ClassSets out;
  for (const auto& a : s.operators)
    for (auto i : a.events) {
      const Interval iv{ev.start_ns[i], ev.start_ns[i] + ev.dur_ns[i]};
      DeviceTaskClass c = DeviceTaskClass::kCompute;
      EXPECT_TRUE(device_task_class(ev.kind[i], c)) << "operator event " << i << " is not a device task";
      (c == DeviceTaskClass::kCompute ? compute : c == DeviceTaskClass::kCommunication ? comm : copy).push_back(iv);
      ++out.events;
    }
  out.compute = IntervalSet::from_unsorted(std::move(compute));
  out.communication = IntervalSet::from_unsorted(std::move(comm));
  out.copy = IntervalSet::from_unsorted(std::move(copy));
  return out;
}

std::int64_t timeline_events(const DeviceTimeline& t) {
  std::int64_t n = 0;
  for (auto e : t.events_by_role) n += e;
  return n;
}

}  // namespace

TEST(DeviceTasks, Level1PartAAndPartBCountTheSameEvents) {
  // Rank 0 of the level1 capture has kernel_details.csv and trace_view.json, which repeats its kernels
  // and communication (and adds copies kernel_details.csv lacks).
  LLMSA_REQUIRE_SAMPLE(test::kLevel1Rank0);
  const auto cap = test::ingest_sample({test::kLevel1Rank0});
  ASSERT_EQ(cap.ranks.size(), 1u);
  const auto& ev = cap.ranks[0].events;
  const auto classifier = KernelClassifier::builtin();
  const DeviceTaskSources sources(ev);
  const DeviceTimeline t = build_device_timeline(ev, sources, classifier);
  const OperatorSummary ops = summarize_operators(cap.ranks[0], classifier);

  // Which file each class comes from.
  for (std::size_t s = 0; s < ev.sources.size(); ++s) {
    const auto& f = ev.sources[s].format;
    if (f == "ascend.kernel_details.csv") {
      EXPECT_TRUE(sources.chosen(s, DeviceTaskClass::kCompute));
      EXPECT_TRUE(sources.chosen(s, DeviceTaskClass::kCommunication));
    }
    if (f == "ascend.trace_view.json") {
      EXPECT_FALSE(sources.chosen(s, DeviceTaskClass::kCompute));
      EXPECT_FALSE(sources.chosen(s, DeviceTaskClass::kCommunication));
      EXPECT_TRUE(sources.chosen(s, DeviceTaskClass::kCopy));
    }
  }
  // Same events: the part-B operator events rebuild part A's sets exactly, and the counts agree.
  const ClassSets b = sets_of_operators(ev, ops);
  EXPECT_EQ(b.events, ops.device_op_calls);
  EXPECT_EQ(timeline_events(t), ops.device_op_calls);
  EXPECT_EQ(b.compute.total_length(), t.compute.total_length());
  EXPECT_EQ(b.communication.total_length(), t.communication.total_length());
  EXPECT_EQ(b.copy.total_length(), t.memcpy.total_length());
  // And against the profiler's own step_trace_time.csv for step 50 (every kernel_details row lies in
  // it): Computing 8873.756 us, Communication 105991.878 us (µs-rounded columns of the same tasks).
  EXPECT_NEAR(t.compute.total_length() / 1e3, 8873.756, 0.05);
  EXPECT_NEAR(t.communication.total_length() / 1e3, 105991.878, 0.01);
}

TEST(DeviceTasks, PerClassChoiceOnAHandBuiltRank) {
  // kernel_details.csv: a kernel [0,100) and an AICPU task [200,250); no communication, no copies.
  // trace_view.json: the same kernel one ns later [1,101) (the two files round differently), a
  // collective [100,300) and a copy [400,450).
  trace::RankProfile r;
  auto& ev = r.events;
  ev.rank = 0;
  const auto kd = ev.add_source("kernel_details.csv", "ascend.kernel_details.csv");
  const auto tv = ev.add_source("trace_view.json", "ascend.trace_view.json");
  auto add = [&](std::uint16_t src, trace::EventKind k, std::int64_t start, std::int64_t dur, const char* name) {
    const auto i = ev.add_event(k, trace::Side::kDevice, start, dur, ev.strings.intern(name), src, ev.size());
    ev.type[i] = ev.strings.intern(name);
    return i;
  };
  add(kd, trace::EventKind::kKernel, 0, 100, "MatMulV2");
  add(kd, trace::EventKind::kAicpu, 200, 50, "AicpuOp");
  add(tv, trace::EventKind::kKernel, 1, 100, "MatMulV2");
  add(tv, trace::EventKind::kCommunication, 100, 200, "hcom_allReduce_");
  add(tv, trace::EventKind::kMemcpy, 400, 50, "MEMCPY_ASYNC");
  // Not tasks: an Overlap Analysis lane and a host event.
  add(tv, trace::EventKind::kOverlap, 0, 1000, "Computing");
  ev.add_event(trace::EventKind::kCpuOp, trace::Side::kHost, 0, 500, ev.strings.intern("aten::mm"), tv, ev.size());

  const auto classifier = KernelClassifier::builtin();
  const DeviceTaskSources sources(ev);
  const DeviceTimeline t = build_device_timeline(ev, sources, classifier);
  const OperatorSummary ops = summarize_operators(r, classifier);
  // By hand: compute = |[0,100) ∪ [200,250)| = 150 from kernel_details.csv only (a union with the
  // trace_view copy would give 151); communication 200 and copies 50 from trace_view.json, the only
  // file that has them.
  EXPECT_EQ(t.compute.total_length(), 150);
  EXPECT_EQ(t.communication.total_length(), 200);
  EXPECT_EQ(t.memcpy.total_length(), 50);
  EXPECT_EQ(ops.device_op_calls, 4);  // MatMulV2 once, AicpuOp, the collective, the copy
  const ClassSets b = sets_of_operators(ev, ops);
  EXPECT_EQ(b.compute.total_length(), 150);
  EXPECT_EQ(b.communication.total_length(), 200);
  EXPECT_EQ(b.copy.total_length(), 50);
  EXPECT_EQ(timeline_events(t), 4);
  // The overload that builds the rule itself gives the same sets.
  EXPECT_EQ(build_device_timeline(ev, classifier).compute.total_length(), 150);
}

TEST(DeviceTasks, OneFormatKeepsEveryFileOfIt) {
  // Two Kineto files of one rank (priority 3 both): both count; zero-length tasks are tasks, missing
  // durations are not.
  trace::RankEvents ev;
  const auto a = ev.add_source("a.json", "kineto.json");
  const auto b = ev.add_source("b.json", "kineto.json");
  ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 0, 10, ev.strings.intern("k1"), a, 0);
  ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 20, 0, ev.strings.intern("k2"), b, 0);
  ev.add_event(trace::EventKind::kKernel, trace::Side::kDevice, 30, trace::kMissing, ev.strings.intern("k3"), b, 1);
  const DeviceTaskSources s(ev);
  EXPECT_TRUE(s.counts(ev, 0));
  EXPECT_TRUE(s.counts(ev, 1));
  EXPECT_FALSE(s.counts(ev, 2));
  EXPECT_EQ(device_task_format_priority("ascend.kernel_details.csv"), 0);
  EXPECT_LT(device_task_format_priority("ascend.profiler.db"), device_task_format_priority("ascend.trace_view.json"));
}
