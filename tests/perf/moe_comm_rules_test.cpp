// vllm-ascend MoE communication path selection, both rule versions, and the MC2 capacity rule.
// Decision tables and capacity oracles: determinism-mc2-rl.md s4.3 (from s2.4-2.5, vllm-ascend source).
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "perf/moe_comm_rules.hpp"

namespace llmsa::perf {
namespace {

MoeCommSettings base(const char* soc, int ep, std::int64_t tokens, std::int64_t capacity) {
  MoeCommSettings s;
  s.soc = soc;
  s.ep_size = ep;
  s.num_tokens = tokens;
  s.mc2_capacity = capacity;
  s.num_experts = 256;
  s.top_k = 8;
  return s;
}

MoeCommMethod current(const MoeCommSettings& s) { return MoeCommRuleSet::builtin().select("current", s).method; }
MoeCommMethod sept(const MoeCommSettings& s) { return MoeCommRuleSet::builtin().select("2025-09", s).method; }

TEST(MoeCommRules, BothVersionsShip) {
  auto ids = MoeCommRuleSet::builtin().version_ids();
  EXPECT_EQ(ids, (std::vector<std::string>{"2025-09", "current"}));
  EXPECT_THROW(MoeCommRuleSet::builtin().version("2024-01"), Error);
}

TEST(MoeCommRules, CurrentA3) {
  EXPECT_EQ(current(base("A3", 16, 512, 512)), MoeCommMethod::kMc2);       // 512 <= cap 512
  EXPECT_EQ(current(base("A3", 16, 513, 512)), MoeCommMethod::kAllToAll);  // 513 > cap
  auto fused = base("A3", 32, 4000, 512);
  fused.enable_fused_mc2 = 1;
  EXPECT_EQ(current(fused), MoeCommMethod::kFusedMc2);                     // fused_mc2 = 1 & EP 32
  fused.ep_size = 64;
  EXPECT_EQ(current(fused), MoeCommMethod::kAllToAll);                     // EP 64: tokens > cap
  fused.num_tokens = 100;
  EXPECT_EQ(current(fused), MoeCommMethod::kMc2);                          // EP 64: tokens <= cap
  auto draft = base("A3", 16, 100, 512);
  draft.enable_fused_mc2 = 1;
  draft.draft_moe_quant_mismatch = true;
  EXPECT_EQ(current(draft), MoeCommMethod::kMc2);
}

TEST(MoeCommRules, CurrentA2) {
  EXPECT_EQ(current(base("A2", 16, 100, 512)), MoeCommMethod::kMc2);       // E 256, ep 16: 16 experts/rank
  EXPECT_EQ(current(base("A2", 8, 100, 512)), MoeCommMethod::kAllGather);  // ep 8: 32 experts/rank, ep < 16
  auto many = base("A2", 16, 100, 512);
  many.num_experts = 640;
  EXPECT_EQ(current(many), MoeCommMethod::kAllGather);                     // > 512 experts
}

TEST(MoeCommRules, CurrentA5AndOthers) {
  EXPECT_EQ(current(base("A5", 4, 1000, 512)), MoeCommMethod::kAllGather);  // world 4 <= top-k 8, tokens > cap
  EXPECT_EQ(current(base("A5", 16, 1000, 512)), MoeCommMethod::kAllToAll);  // world 16 > top-k 8
  EXPECT_EQ(current(base("A5", 16, 100, 512)), MoeCommMethod::kMc2);
  auto lora = base("A3", 16, 100, 512);
  lora.lora = true;
  EXPECT_EQ(current(lora), MoeCommMethod::kAllToAll);
  auto off = base("A3", 16, 100, 512);
  off.ep_enabled = false;
  EXPECT_EQ(current(off), MoeCommMethod::kAllGather);
  auto dense = base("A3", 16, 100, 512);
  dense.is_moe = false;
  EXPECT_EQ(current(dense), MoeCommMethod::kNone);
  EXPECT_EQ(current(base("310P", 2, 100, 512)), MoeCommMethod::kAllGather);
}

TEST(MoeCommRules, September2025) {
  auto a2 = base("A2", 16, 100, 512);
  a2.world_size_across_dp = 16;
  EXPECT_EQ(sept(a2), MoeCommMethod::kMc2);
  a2.world_size_across_dp = 8;
  EXPECT_EQ(sept(a2), MoeCommMethod::kAllGather);
  a2.with_prefill = true;
  EXPECT_EQ(sept(a2), MoeCommMethod::kNaiveMulticast);
  a2.with_prefill = false;
  a2.quant = "w4a8_dynamic";
  EXPECT_EQ(sept(a2), MoeCommMethod::kAllToAll);
  auto pangu = base("A3", 16, 100, 512);
  pangu.model_type = "PanguProMoE";
  EXPECT_EQ(sept(pangu), MoeCommMethod::kAllGather);
  EXPECT_EQ(sept(base("A3", 16, 513, 512)), MoeCommMethod::kAllToAll);
  // The September rules predate A5: no rule covers it, which is bad input rather than a guess.
  EXPECT_THROW(sept(base("A5", 16, 100, 512)), Error);
}

TEST(MoeCommRules, VersionsDisagreeWhereTheCodeChanged) {
  // A2, EP 16 with 512 < E: current needs <= 24 experts per rank (32 here), September only looks at the world.
  auto s = base("A2", 16, 100, 512);
  s.num_experts = 512;
  EXPECT_EQ(sept(s), MoeCommMethod::kMc2);
  EXPECT_EQ(current(s), MoeCommMethod::kAllGather);
}

TEST(MoeCommRules, TraceNamesTheFailingComparison) {
  auto d = MoeCommRuleSet::builtin().select("current", base("A3", 16, 513, 512));
  EXPECT_EQ(d.rule_id, "a3-alltoall");
  bool found = false;
  for (const auto& st : d.trace) found = found || (st.rule_id == "a3-mc2" && st.detail.find("513") != std::string::npos);
  EXPECT_TRUE(found);
}

TEST(MoeCommRules, MalformedRuleDocumentsNameTheField) {
  const char* doc = R"({"schema": "llmsa.moe-comm-rules/1", "versions": [{"id": "x", "describes": "d", "source": "s",
    "capacity": {"kind": "fixed", "tokens": 512},
    "rules": [{"id": "r", "why": "w", "then": "MC2", "when": [{"var": "nonsense", "eq": 1}]}]}]})";
  try {
    MoeCommRuleSet::parse(doc, "rules.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "rules.json");
    EXPECT_EQ(e.where().field, "$.versions[0].rules[0].when[0].var");
  }
}

TEST(Mc2Capacity, CurrentRule) {
  Mc2CapacityRule rule = MoeCommRuleSet::builtin().version("current").capacity;
  Mc2CapacityInput in;
  in.max_num_reqs = 256;  // s4.3: reqs 256, spec 0, tp 1 -> 256
  EXPECT_EQ(mc2_tokens_capacity(rule, in).capacity, 256);
  in.max_cudagraph_capture_size = 300;  // s4.3: max_num_tokens 300, tp 4 -> ceil(75)*4 = 300
  in.tp = 4;
  EXPECT_EQ(mc2_tokens_capacity(rule, in).capacity, 300);
  in.max_cudagraph_capture_size = 3000;  // s4.3: 3000, tp 4 -> min(750, 512)*4 = 2048
  EXPECT_EQ(mc2_tokens_capacity(rule, in).capacity, 2048);
  in.max_cudagraph_capture_size.reset();
  in.tp = 1;
  in.num_speculative_tokens = 1;  // uniform_decode_query_len = 1 + num_speculative_tokens
  EXPECT_EQ(mc2_tokens_capacity(rule, in).capacity, 512);
}

TEST(Mc2Capacity, SeptemberRuleIsFixed) {
  Mc2CapacityRule rule = MoeCommRuleSet::builtin().version("2025-09").capacity;
  Mc2CapacityInput in;
  in.max_num_reqs = 4;
  EXPECT_EQ(mc2_tokens_capacity(rule, in).capacity, 512);  // s2.4: mc2_tokens_capacity = 512
}

}  // namespace
}  // namespace llmsa::perf
