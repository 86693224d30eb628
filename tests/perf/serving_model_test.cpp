// The serving model on real model analyses against methodology.md s11 (Part 7) and V.1.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "hw/hardware_db.hpp"
#include "model/config_reader.hpp"
#include "perf/inference_planner.hpp"
#include "perf/roofline_svg.hpp"
#include "perf/serving_chart.hpp"
#include "perf/serving_model.hpp"

namespace llmsa::perf {
namespace {

const hw::HardwareDb& db() {
  static const hw::HardwareDb d = hw::HardwareDb::builtin();
  return d;
}
const model::ModelSpec& llama70b() {
  static const model::ModelSpec s = model::load_model("Llama-3.1-70B");
  return s;
}

InferenceConfig tp4() {
  InferenceConfig c;
  c.layout = {4, 1, 1};
  c.efficiency = {0.75, 1.0};  // s11: 742 TFLOPS effective
  return c;
}

TEST(ServingModel, PdTransferOfA32kPrompt) {
  // s11 / V.1: KV of S = 32,768 is 2*80*8*128*32768*2 = 10.737 GB -> 214.7 ms at 50 GB/s (H100's 400G NIC).
  ServingScenario s;
  s.prompt = 32768;
  s.output = 1;
  ServingEvaluator ev(llama70b(), db().require("H100-SXM"), {}, tp4(), s);
  PdDisaggregation pd = ev.pd();
  EXPECT_NEAR(pd.kv_bytes_per_request / 1e9, 10.737, 0.001);
  EXPECT_NEAR(pd.transfer_seconds * 1e3, 214.7, 0.1);
  EXPECT_NEAR(pd.ttft_seconds, ev.prefill_seconds() + pd.transfer_seconds, 1e-12);
}

TEST(ServingModel, SpeculativeSpeedupReducesToTheClosedFormWhileMemoryBound) {
  // s11: alpha 0.8, gamma 4, c 0.1 -> 2.4x (V.1: 2.401). At B = 1, TP 4 decode is memory-bound, so the
  // verification of 5 tokens costs one step (plus 5x the tiny all-reduces).
  ServingScenario s;
  s.speculative = SpeculativeOptions{0.8, 4, 0.1};
  ServingEvaluator ev(llama70b(), db().require("H100-SXM"), {}, tp4(), s);
  ConcurrencyPoint p = ev.point(1);
  EXPECT_EQ(p.decode_bound, Bound::kMemory);
  EXPECT_NEAR(p.speculative_speedup, 2.401, 0.01);
  // s11 table: the speedup fades with the batch ("B = 128 ~1x"); where the step turns compute-bound the
  // verification costs (g + 1) times the FLOPs and the speedup falls well below the closed form.
  ConcurrencyPoint big = ev.point(512);
  EXPECT_LT(big.speculative_speedup, p.speculative_speedup);
}

TEST(ServingModel, ConcurrencyLimitsAndCurve) {
  // s11: max concurrency = min(B_SLA, B_KV); TPOT grows with the batch, throughput B / TPOT too.
  ServingScenario s;  // S 1024, N_out 256, TTFT 200 ms, TPOT 50 ms
  ServingReport r = evaluate_serving(llama70b(), db().require("H100-SXM"), {}, tp4(), s);
  ASSERT_TRUE(r.violations.empty());
  EXPECT_GT(r.kv_limited_batch, 300);
  EXPECT_GE(r.sla_limited_batch, 1);
  EXPECT_LE(r.sla_limited_batch, r.kv_limited_batch);
  EXPECT_EQ(r.max_concurrency, std::min(r.sla_limited_batch, r.kv_limited_batch));
  ASSERT_GE(r.curve.size(), 3u);
  for (std::size_t i = 1; i < r.curve.size(); ++i) {
    EXPECT_GE(r.curve[i].tpot_seconds, r.curve[i - 1].tpot_seconds);
    EXPECT_GT(r.curve[i].tokens_per_second, r.curve[i - 1].tokens_per_second);
  }
  ASSERT_TRUE(r.best_goodput);
  EXPECT_TRUE(r.best_goodput->meets_sla);
  // The SLA-limited batch meets the targets and one more does not (bisection boundary).
  ServingEvaluator ev(llama70b(), db().require("H100-SXM"), {}, tp4(), s);
  if (r.sla_limited_batch < r.kv_limited_batch) {
    EXPECT_TRUE(ev.point(r.sla_limited_batch).meets_sla);
    EXPECT_FALSE(ev.point(r.sla_limited_batch + 1).meets_sla);
  }
  // PD disaggregation removes the prefills from the decode steps: lower TPOT at the same batch.
  ServingScenario pd = s;
  pd.prefill_interference = false;
  ServingEvaluator evpd(llama70b(), db().require("H100-SXM"), {}, tp4(), pd);
  EXPECT_LT(evpd.point(64).tpot_seconds, ev.point(64).tpot_seconds);
}

TEST(ServingModel, ChunkedPrefillSpreadsThePromptOverIterations) {
  // A 32K prompt in 8K chunks (s11 example chunk size): 4 chunks, each next to the decode batch, so TTFT
  // exceeds the unchunked prefill by at least 4 decode steps.
  ServingScenario s;
  s.prompt = 32768;
  s.chunk_tokens = 8192;
  ServingEvaluator ev(llama70b(), db().require("H100-SXM"), {}, tp4(), s);
  ConcurrencyPoint p = ev.point(8);
  EXPECT_GE(p.ttft_seconds, ev.prefill_seconds() + 4 * p.decode_step_seconds);
  ServingScenario empty;
  empty.prompt = 0;
  EXPECT_THROW(ServingEvaluator(llama70b(), db().require("H100-SXM"), {}, tp4(), empty), Error);
}

TEST(InferencePlanner, Llama70bOn4H100PrefersTp4AndRefusesTp3) {
  // s11: 70B BF16 needs at least TP 2 on 80 GB cards; on 4 cards TP 4 gives the lowest TPOT. tp 1 cannot
  // hold the weights, so it is reported with its constraint.
  InferencePlanRequest req;
  req.cards = 4;
  req.efficiency = {0.75, 1.0};
  req.tp_choices = {1, 2, 3, 4};
  auto c = search_inference_layouts(llama70b(), db().require("H100-SXM"), {}, req);
  ASSERT_EQ(c.size(), 4u);
  ASSERT_TRUE(c.front().feasible());
  int infeasible = 0;
  for (const auto& x : c) {
    if (x.layout.tp == 1 || x.layout.tp == 3) {
      EXPECT_FALSE(x.feasible());
      EXPECT_FALSE(x.violations.empty());
      ++infeasible;
    }
    if (x.feasible()) {
      EXPECT_LE(x.tpot_seconds, req.scenario.sla.tpot_seconds);
      EXPECT_LE(x.ttft_seconds, req.scenario.sla.ttft_seconds);
    }
  }
  EXPECT_EQ(infeasible, 2);
}

TEST(InferencePlanner, MoeSearchIncludesExpertParallelLayouts) {
  auto qwen = model::load_model("Qwen3.5-35B-A3B");
  InferencePlanRequest req;
  req.cards = 8;
  auto c = search_inference_layouts(qwen, db().require("H100-SXM"), {}, req);
  bool any_ep = false;
  for (const auto& x : c) any_ep |= x.layout.ep > 1 && x.feasible();
  EXPECT_TRUE(any_ep);
  ASSERT_TRUE(c.front().feasible());
  for (std::size_t i = 1; i < c.size() && c[i].feasible(); ++i) EXPECT_GE(c[i - 1].tokens_per_second, c[i].tokens_per_second);
}

TEST(ServingChart, SvgHasAxesLabelsAndEscapedNames) {
  ServingChartInput in;
  in.title = "model <x> & \"y\"";
  in.tpot_target_seconds = 0.05;
  ConcurrencyPoint a, b;
  a.concurrency = 1, a.tpot_seconds = 0.01, a.tokens_per_second = 100;
  b.concurrency = 64, b.tpot_seconds = 0.03, b.tokens_per_second = 2000;
  in.curves = {{"tp4", {a, b}}};
  std::string svg = render_svg(serving_chart(in));
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("model &lt;x&gt; &amp; &quot;y&quot;"), std::string::npos);
  EXPECT_EQ(svg.find("<x>"), std::string::npos);
  EXPECT_NE(svg.find("TPOT (ms)"), std::string::npos);
  EXPECT_NE(svg.find("(log)"), std::string::npos);
  EXPECT_NE(svg.find("B=64"), std::string::npos);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_EQ(xml_escape("a<b>&'\"\x01"), "a&lt;b&gt;&amp;&#39;&quot; ");
}

}  // namespace
}  // namespace llmsa::perf
