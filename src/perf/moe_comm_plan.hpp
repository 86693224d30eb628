#pragma once
// One answer to "how will this MoE layer communicate": the path a vllm-ascend version selects (and
// why), the MC2 capacity it sizes, the HCCL window MC2 needs and the op limits it breaks, and the
// per-rank dispatch/combine bytes of every path with their time on a link.
// Settings that cannot work (ep that does not divide the experts, top_k above the experts, ...) are
// refused with the failing constraint (llmsa::Error, kBadInput) rather than answered with a number.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "perf/mc2_capacity.hpp"
#include "perf/mc2_window.hpp"
#include "perf/moe_comm_rules.hpp"
#include "perf/moe_comm_volume.hpp"

namespace llmsa::perf {

struct MoeCommPlanInput {
  MoeCommShape shape;          // tokens, hidden, top_k, experts, ep, bytes per element
  MoeCommSettings settings;    // soc and engine switches; token/expert/ep fields are taken from `shape`
  std::string rules_version = "current";
  Mc2CapacityInput capacity;
  std::optional<std::int64_t> capacity_override;  // use this MC2 capacity instead of deriving it
  std::optional<std::int64_t> max_bs;             // MC2 window sizing (global_bs / ep); default: shape.tokens
  int shared_expert_num = 0;
  bool comm_alg_set = false;
  double hccl_buffsize_mb = 200;
  std::optional<double> link_bytes_per_s;         // per direction; enables times
  std::string link_name;
};

struct MoeCommPlan {
  MoeCommPlanInput input;
  Mc2Capacity capacity;
  MoeCommDecision decision;
  std::vector<MoeCommVolume> volumes;          // ALLGATHER, ALLTOALL, MC2 (always all three)
  MoeCommVolume chosen;                        // the volume of the selected path
  Mc2WindowInput window_input;
  Mc2WindowResult window;
  std::vector<std::string> mc2_op_violations;  // empty when the MC2 op accepts the shape (or no limits are known)
  std::vector<std::string> notes;              // consequences worth saying (e.g. MC2 chosen but window too small)
};

// Throws llmsa::Error (kBadInput) naming the option and the failing constraint.
void validate_moe_comm_input(const MoeCommPlanInput& in);
MoeCommPlan plan_moe_comm(const MoeCommPlanInput& in);
nlohmann::json moe_comm_plan_to_json(const MoeCommPlan& p);

}  // namespace llmsa::perf
