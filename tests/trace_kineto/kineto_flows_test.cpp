// Flow binding on Perfetto's flow test inputs. Expected links follow the Trace Event Format
// rules (flow v1: s/t bind to the enclosing slice on their thread, f to the next slice unless
// "bp":"e"; flow v2: a flow_in slice is linked from the latest flow_out slice with its bind_id),
// applied by hand to the files' timestamps and threads.
#include <gtest/gtest.h>

#include "kineto_test_support.hpp"
#include "support/samples.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

using test_support::find_event;
using test_support::has_flow;

TEST(KinetoFlows, PerfettoV1) {
  constexpr const char* kFile = "perfetto/test/trace_processor/diff_tests/parser/parsing/flow_events_json_v1.json";
  LLMSA_REQUIRE_SAMPLE(kFile);
  RankEvents ev;
  FileReadReport rep;
  read_kineto_trace(test::sample_path(kFile), ev, rep);
  // 0x402: s at 3002 on 15902/15903 (in SenderA) -> t at 3220 on 15774/15794 (in OtherSlice)
  //        -> f at 3330 on 15874/15894, next slice SomeSlice (3331).
  // 0x403: s at 1 on 15903/15904 (in SenderB) -> f at 1001 on 15875/15895, next slice Blergh (1002).
  const auto a = find_event(ev, "SenderA"), b = find_event(ev, "SenderB"), other = find_event(ev, "OtherSlice"),
             some = find_event(ev, "SomeSlice"), blergh = find_event(ev, "Blergh");
  EXPECT_EQ(ev.flows.from.size(), 3u);
  EXPECT_TRUE(has_flow(ev, a, other));
  EXPECT_TRUE(has_flow(ev, other, some));
  EXPECT_TRUE(has_flow(ev, b, blergh));
  EXPECT_EQ(rep.rejected, 0u);
  EXPECT_EQ(rep.rows_read, 10u);
}

TEST(KinetoFlows, PerfettoV2) {
  constexpr const char* kFile = "perfetto/test/trace_processor/diff_tests/parser/parsing/flow_events_json_v2.json";
  LLMSA_REQUIRE_SAMPLE(kFile);
  RankEvents ev;
  FileReadReport rep;
  read_kineto_trace(test::sample_path(kFile), ev, rep);
  // 0x403: SenderB (out) -> Blergh (in). 0x402: SenderA (out) -> OtherSlice (in, out) -> SomeSlice (in)
  // and -> SomeOtherSlice (B/E at 3333..4330, in).
  const auto a = find_event(ev, "SenderA"), b = find_event(ev, "SenderB"), other = find_event(ev, "OtherSlice"),
             some = find_event(ev, "SomeSlice"), blergh = find_event(ev, "Blergh"),
             some_other = find_event(ev, "SomeOtherSlice");
  ASSERT_GE(some_other, 0);
  EXPECT_EQ(ev.start_ns[some_other], 3333000);
  EXPECT_EQ(ev.dur_ns[some_other], 997000);
  EXPECT_EQ(ev.flows.from.size(), 4u);
  EXPECT_TRUE(has_flow(ev, b, blergh));
  EXPECT_TRUE(has_flow(ev, a, other));
  EXPECT_TRUE(has_flow(ev, other, some));
  EXPECT_TRUE(has_flow(ev, other, some_other));
  EXPECT_EQ(rep.rows_read, rep.events + rep.rejected);
  EXPECT_EQ(rep.rejected, 0u);
}

}  // namespace
}  // namespace llmsa::trace
