#pragma once
// vllm-ascend's choice of MoE communication path, kept as versioned data
// (data/moe/vllm_ascend_moe_comm_rules.json) so the tool can say which path a given engine version
// takes for given settings, and why. Rules are ordered; each is a conjunction of comparisons of
// named variables with constants or other variables.
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "perf/mc2_capacity.hpp"
#include "perf/moe_comm_volume.hpp"

namespace llmsa::perf {

struct MoeCommSettings {
  std::string soc = "A3";  // A2, A3, A5, 310P
  bool is_moe = true;
  bool ep_enabled = true;
  int ep_size = 1;
  int world_size_across_dp = 0;  // 0: same as ep_size
  std::int64_t num_tokens = 0;
  std::int64_t mc2_capacity = 0;
  bool with_prefill = false;
  std::string quant;
  std::string model_type;
  bool lora = false;
  int enable_fused_mc2 = 0;
  bool draft_moe_quant_mismatch = false;
  std::int64_t num_experts = 0;
  int top_k = 0;
};

using RuleValue = std::variant<bool, double, std::string>;

struct RuleCondition {
  std::string var;
  std::string op;            // eq, ne, lt, le, gt, ge
  RuleValue value;           // used when other_var is empty
  std::string other_var;     // compare with another variable
};

struct MoeCommRule {
  std::string id;
  std::vector<RuleCondition> when;
  MoeCommMethod then = MoeCommMethod::kNone;
  std::string why;
};

struct MoeCommRulesVersion {
  std::string id;
  std::string describes;
  std::string source;
  Mc2CapacityRule capacity;
  std::vector<MoeCommRule> rules;
  std::vector<MoeCommRule> post_rules;
};

struct RuleStep {
  std::string rule_id;
  bool matched = false;
  std::string detail;  // the first failing comparison, or "all conditions hold"
};

struct MoeCommDecision {
  std::string version;
  MoeCommMethod method = MoeCommMethod::kNone;
  std::string rule_id;  // the rule that decided (a post rule if one rewrote the result)
  std::string why;
  std::vector<RuleStep> trace;  // every rule tried, in order
};

class MoeCommRuleSet {
 public:
  // The rules shipped in data/moe/vllm_ascend_moe_comm_rules.json.
  static const MoeCommRuleSet& builtin();
  // Parses a rules document (same schema); bad documents throw llmsa::Error naming origin and field.
  static MoeCommRuleSet parse(std::string_view text, const std::string& origin);

  std::vector<std::string> version_ids() const;
  // Bad input naming the known versions when `id` is unknown.
  const MoeCommRulesVersion& version(const std::string& id) const;

  // Runs one version's rules. A setting no rule covers (e.g. an soc the version predates) is bad input.
  MoeCommDecision select(const std::string& version_id, const MoeCommSettings& s) const;

 private:
  std::vector<MoeCommRulesVersion> versions_;
};

}  // namespace llmsa::perf
