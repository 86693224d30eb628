// The per-event class table (analysis/event_classes.hpp) that every per-rank pass reads instead of
// classifying the events itself. Its reference is the two rules it stands for, applied event by
// event: DeviceTaskSources::counts (device_tasks.hpp) for which events count, and
// KernelClassifier::classify of the event's own (name, type, core) strings for the class.
#include "analysis/event_classes.hpp"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "analysis/comm_overlap.hpp"
#include "analysis/device_timeline.hpp"
#include "analysis/operator_summary.hpp"
#include "ops_test_support.hpp"

using namespace llmsa;
using namespace llmsa::analysis;

namespace {

// Returns the number of counted events.
std::size_t expect_table_matches_per_event_rules(const trace::RankEvents& ev, const KernelClassifier& classifier) {
  const EventClasses classes(ev, classifier);
  const DeviceTaskSources sources(ev);
  EXPECT_EQ(classes.size(), ev.size());
  if (classes.size() != ev.size()) return 0;
  std::map<std::tuple<StringId, StringId, StringId>, std::uint32_t> triple_of;
  std::size_t counted = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_EQ(classes.counts(i), sources.counts(ev, i)) << "event " << i;
    if (!classes.counts(i)) {
      EXPECT_EQ(classes.triple(i), EventClasses::kNoTriple);
      continue;
    }
    ++counted;
    const KernelClass want = classifier.classify(ev.strings.view(ev.name[i]), ev.strings.view(ev.type[i]),
                                                 ev.strings.view(ev.core[i]));
    const KernelClass& got = classes.of(i);
    EXPECT_EQ(got.categories, want.categories) << ev.strings.view(ev.name[i]);
    EXPECT_EQ(got.roles, want.roles) << ev.strings.view(ev.name[i]);
    EXPECT_EQ(got.role, want.role) << ev.strings.view(ev.name[i]);
    EXPECT_EQ(got.collective, want.collective) << ev.strings.view(ev.name[i]);
    EXPECT_EQ(got.first_rule, want.first_rule) << ev.strings.view(ev.name[i]);
    // One dense id per distinct triple, numbered in order of first sight.
    auto [it, fresh] = triple_of.try_emplace({ev.name[i], ev.type[i], ev.core[i]}, classes.triple(i));
    if (fresh) EXPECT_EQ(classes.triple(i), triple_of.size() - 1);
    else EXPECT_EQ(classes.triple(i), it->second);
  }
  EXPECT_EQ(classes.distinct(), triple_of.size());
  return counted;
}

TEST(EventClasses, EqualsPerEventClassificationOnAscendSamples) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1);
  LLMSA_REQUIRE_SAMPLE(test::kLevel2);
  const auto classifier = KernelClassifier::builtin();
  for (const char* s : {test::kLevel1, test::kLevel2}) {
    const auto capture = test::ingest_sample({s});
    ASSERT_FALSE(capture.ranks.empty()) << s;
    std::size_t counted = 0;
    for (const auto& r : capture.ranks) counted += expect_table_matches_per_event_rules(r.events, classifier);
    EXPECT_GT(counted, 100u) << s;  // the samples' kernel_details.csv hold hundreds of device tasks
  }
}

TEST(EventClasses, EqualsPerEventClassificationOnAKinetoTrace) {
  LLMSA_REQUIRE_SAMPLE(test::kMi300Resnet);
  const auto classifier = KernelClassifier::builtin();
  const auto capture = test::ingest_sample({test::kMi300Resnet});
  ASSERT_EQ(capture.ranks.size(), 1u);
  EXPECT_GT(expect_table_matches_per_event_rules(capture.ranks[0].events, classifier), 100u);
}

// A pass given the table gives what it gives when it classifies the events itself.
TEST(EventClasses, PassesGiveTheSameResultWithTheSharedTable) {
  LLMSA_REQUIRE_SAMPLE(test::kLevel1Rank0);
  const auto classifier = KernelClassifier::builtin();
  const auto capture = test::ingest_sample({test::kLevel1Rank0});
  ASSERT_EQ(capture.ranks.size(), 1u);
  const auto& rank = capture.ranks[0];
  const EventClasses classes(rank.events, classifier);

  const OperatorSummary own = summarize_operators(rank, classifier);
  const OperatorSummary shared = summarize_operators(rank, classes, classifier);
  ASSERT_EQ(own.operators.size(), shared.operators.size());
  ASSERT_FALSE(own.operators.empty());
  for (std::size_t j = 0; j < own.operators.size(); ++j) {
    EXPECT_EQ(own.operators[j].name, shared.operators[j].name);
    EXPECT_EQ(own.operators[j].role, shared.operators[j].role);
    EXPECT_EQ(own.operators[j].events, shared.operators[j].events);
  }

  const DeviceTimeline t_own = build_device_timeline(rank.events, classifier);
  const DeviceTimeline t_shared = build_device_timeline(rank.events, classes);
  EXPECT_EQ(t_own.busy.intervals(), t_shared.busy.intervals());
  for (int r = 0; r < kOpRoleCount; ++r) EXPECT_EQ(t_own.by_role[r].intervals(), t_shared.by_role[r].intervals());

  const CommOverlap o_own = communication_overlap(rank.events, classifier);
  const CommOverlap o_shared = communication_overlap(rank.events, classes);
  EXPECT_EQ(o_own.communication_ns, o_shared.communication_ns);
  EXPECT_EQ(o_own.overlapped_ns, o_shared.overlapped_ns);
  EXPECT_EQ(o_own.communication_events, o_shared.communication_events);
}

}  // namespace
