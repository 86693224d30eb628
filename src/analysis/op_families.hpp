#pragma once
// Attention and MoE families of a block, resolved from the SET of kernel categories inside it
// (ascend-profiling.md A.6; rules in data/kernels/attention_families.json and moe_families.json).
// Structural role vs implementation evidence: one FlashAttention kernel says "softmax attention",
// never "GQA"; the family comes from which companions are present, and heads from shapes.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::analysis {

struct FamilyMatch {
  std::string id;     // e.g. "mla", "mla+kvc", "gqa_or_mha", "attn", "fused_mc2", "ffn"
  std::string name;   // human name of the family
  bool heuristic = false;       // the rule is a heuristic (HCA): report with low confidence
  bool refine_by_shape = false;  // gqa_or_mha: refine with refine_head_layout() when shapes exist
};

class FamilyRules {
 public:
  // Built-in rules (embedded data). Throws llmsa::Error for a malformed file.
  static const FamilyRules& attention();
  static const FamilyRules& moe();
  static FamilyRules from_json(std::string_view json, const std::string& source_name);

  // First family whose conditions hold for `categories` (exact category names), else the fallback;
  // overlay suffixes appended in file order.
  FamilyMatch resolve(const std::set<std::string>& categories) const;

 private:
  struct Rule {
    FamilyMatch match;
    std::vector<std::string> all, any, none, none_prefix;
  };
  std::vector<Rule> rules_;
  FamilyMatch fallback_;
  std::vector<std::pair<std::string, std::string>> overlays_;  // (category, suffix)
};

enum class HeadLayout { kMha, kGqa, kMqa, kUnknown };
const char* head_layout_name(HeadLayout h);  // "mha", "gqa", "mqa", "unknown"

// A.6 #6b: num_q == num_kv -> mha; num_kv == 1 < num_q -> mqa; integer ratio > 1 -> gqa; unknown when
// the sanity checks fail (head_dim not in the known set, heads outside 1..max_heads, or a non-integer
// ratio).
HeadLayout refine_head_layout(std::int64_t num_q_heads, std::int64_t num_kv_heads, std::int64_t head_dim);

}  // namespace llmsa::analysis
