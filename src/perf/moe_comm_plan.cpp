#include "perf/moe_comm_plan.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

namespace {
[[noreturn]] void refuse(const char* option, const std::string& constraint) {
  throw_bad_input(at("", option), "impossible setting: " + constraint);
}
}  // namespace

void validate_moe_comm_input(const MoeCommPlanInput& in) {
  const MoeCommShape& s = in.shape;
  if (s.tokens < 0) refuse("--tokens", fmt::format("tokens {} must be >= 0", s.tokens));
  if (s.hidden <= 0) refuse("--hidden", fmt::format("hidden {} must be > 0", s.hidden));
  if (s.experts <= 0) refuse("--experts", fmt::format("experts {} must be > 0", s.experts));
  if (s.ep < 1) refuse("--ep", fmt::format("ep {} must be >= 1", s.ep));
  if (s.ep > s.experts) refuse("--ep", fmt::format("ep {} > experts {}: every EP rank needs at least one expert", s.ep, s.experts));
  if (s.experts % s.ep != 0)
    refuse("--ep", fmt::format("ep {} does not divide experts {} (constraint: experts % ep == 0, each rank holds experts/ep)",
                               s.ep, s.experts));
  if (s.top_k < 1 || s.top_k > s.experts)
    refuse("--top-k", fmt::format("top_k {} must be in [1, experts {}]", s.top_k, s.experts));
  if (!(s.dispatch_bytes_per_element > 0) || !(s.combine_bytes_per_element > 0))
    refuse("--dtype", "bytes per element must be > 0");
  // Beyond these the window arithmetic (int64 bytes) could overflow; no real deployment comes close.
  if (s.tokens > 10'000'000) refuse("--tokens", fmt::format("tokens {} above the supported 10,000,000", s.tokens));
  if (s.hidden > 100'000) refuse("--hidden", fmt::format("hidden {} above the supported 100,000", s.hidden));
  if (s.experts > 100'000) refuse("--experts", fmt::format("experts {} above the supported 100,000", s.experts));
  if (in.max_bs && *in.max_bs > 10'000'000) refuse("--max-bs", "max_bs above the supported 10,000,000");
  if (in.shared_expert_num > 1'000) refuse("--shared-experts", "shared experts above the supported 1,000");
  const std::string& soc = in.settings.soc;
  if (soc != "A2" && soc != "A3" && soc != "A5" && soc != "310P")
    refuse("--soc", fmt::format("soc '{}' is not one of A2, A3, A5, 310P", soc));
  if (in.capacity.tp < 1) refuse("--tp", fmt::format("tp {} must be >= 1", in.capacity.tp));
  if (in.capacity.max_num_reqs < 1) refuse("--max-num-reqs", "max_num_reqs must be >= 1");
  if (in.capacity.num_speculative_tokens < 0) refuse("--num-speculative-tokens", "must be >= 0");
  if (in.capacity.enable_prefill_mc2 && in.capacity.max_num_batched_tokens < 1)
    refuse("--max-num-batched-tokens", "enable_prefill_mc2 sizes MC2 from max_num_batched_tokens, which must be >= 1");
  if (in.capacity_override && *in.capacity_override < 0) refuse("--mc2-capacity", "capacity must be >= 0");
  if (in.max_bs && *in.max_bs < 1) refuse("--max-bs", "max_bs must be >= 1");
  if (in.shared_expert_num < 0) refuse("--shared-experts", "shared experts must be >= 0");
  if (!(in.hccl_buffsize_mb > 0)) refuse("--hccl-buffsize", "HCCL_BUFFSIZE must be > 0 MB");
  if (in.settings.world_size_across_dp < 0) refuse("--world-size-across-dp", "must be >= 0");
  if (in.settings.world_size_across_dp > 0 && in.settings.world_size_across_dp % s.ep != 0)
    refuse("--world-size-across-dp",
           fmt::format("world size across DP {} is not a multiple of ep {} (ep = world_size_across_dp / pp)",
                       in.settings.world_size_across_dp, s.ep));
}

MoeCommPlan plan_moe_comm(const MoeCommPlanInput& in) {
  validate_moe_comm_input(in);
  const MoeCommRuleSet& rules = MoeCommRuleSet::builtin();
  const MoeCommRulesVersion& version = rules.version(in.rules_version);

  MoeCommPlan p;
  p.input = in;
  Mc2CapacityInput cap_in = in.capacity;
  cap_in.fused_mc2 = in.settings.enable_fused_mc2 == 1;
  p.capacity = mc2_tokens_capacity(version.capacity, cap_in);
  if (in.capacity_override) {
    p.capacity.capacity = *in.capacity_override;
    p.capacity.per_tp_rank = (*in.capacity_override + cap_in.tp - 1) / cap_in.tp;
    p.capacity.derivation = fmt::format("given: {}", *in.capacity_override);
  }

  MoeCommSettings s = in.settings;
  s.num_tokens = in.shape.tokens;
  s.ep_size = in.shape.ep;
  s.num_experts = in.shape.experts;
  s.top_k = in.shape.top_k;
  s.mc2_capacity = p.capacity.capacity;
  p.decision = rules.select(in.rules_version, s);

  for (MoeCommMethod m : {MoeCommMethod::kAllGather, MoeCommMethod::kAllToAll, MoeCommMethod::kMc2})
    p.volumes.push_back(moe_comm_volume(m, in.shape));
  p.chosen = moe_comm_volume(p.decision.method, in.shape);

  Mc2WindowInput& w = p.window_input;
  // global_bs = 0 makes the op size itself for ep_world_size x the rows this rank passes (s2.2), so by default
  // the window is sized for this forward's tokens.
  w.max_bs = in.max_bs.value_or(std::max<std::int64_t>(1, in.shape.tokens));
  w.hidden = in.shape.hidden;
  w.ep_world_size = in.shape.ep;
  w.local_moe_expert_num = in.shape.experts / in.shape.ep;
  w.top_k = in.shape.top_k;
  w.shared_expert_num = in.shared_expert_num;
  w.comm_alg_set = in.comm_alg_set;
  w.tp_world_size = in.capacity.tp == 2 ? 2 : 1;
  w.hccl_buffsize_mb = in.hccl_buffsize_mb;
  p.window = mc2_window(w);
  p.mc2_op_violations = mc2_op_violations({.soc = s.soc,
                                           .bs = w.max_bs,
                                           .hidden = in.shape.hidden,
                                           .top_k = in.shape.top_k,
                                           .ep_world_size = in.shape.ep,
                                           .experts = in.shape.experts,
                                           .shared_expert_num = in.shared_expert_num,
                                           .tp_world_size = w.tp_world_size});

  bool mc2_path = p.decision.method == MoeCommMethod::kMc2 || p.decision.method == MoeCommMethod::kFusedMc2;
  if (mc2_path && !p.window.fits)
    p.notes.push_back(fmt::format("the engine takes {} but the HCCL window is too small: needs {} MB, HCCL_BUFFSIZE is {} MB "
                                  "(the op fails at run time; raise HCCL_BUFFSIZE or lower the MC2 batch)",
                                  moe_comm_method_name(p.decision.method), p.window.needed_mb, in.hccl_buffsize_mb));
  if (mc2_path && !p.mc2_op_violations.empty())
    p.notes.push_back(fmt::format("the engine takes {} but the dispatch_v2 op rejects the shape: {}",
                                  moe_comm_method_name(p.decision.method), fmt::join(p.mc2_op_violations, "; ")));
  if (mc2_path && !mc2_op_limits_known(s.soc))
    p.notes.push_back(fmt::format("no dispatch_v2 op limits are recorded for soc {}; the MC2 shape was not checked", s.soc));
  if (in.shape.ep <= in.shape.top_k)
    p.notes.push_back(fmt::format("ep {} <= top_k {}: all-gather moves no more bytes than all-to-all (crossover at P = K)",
                                  in.shape.ep, in.shape.top_k));
  return p;
}

nlohmann::json moe_comm_plan_to_json(const MoeCommPlan& p) {
  using nlohmann::json;
  const auto& in = p.input;
  auto volume_json = [&](const MoeCommVolume& v) {
    json j = {{"method", moe_comm_method_name(v.method)},
              {"dispatch_send_bytes", v.dispatch_send_bytes},
              {"dispatch_recv_bytes", v.dispatch_recv_bytes},
              {"combine_send_bytes", v.combine_send_bytes},
              {"combine_recv_bytes", v.combine_recv_bytes},
              {"metadata_bytes", v.metadata_bytes},
              {"formula", v.formula}};
    if (in.link_bytes_per_s) j["seconds"] = transfer_seconds(v, *in.link_bytes_per_s);
    return j;
  };
  json trace = json::array();
  for (const auto& st : p.decision.trace) trace.push_back({{"rule", st.rule_id}, {"matched", st.matched}, {"detail", st.detail}});
  json vols = json::array();
  for (const auto& v : p.volumes) vols.push_back(volume_json(v));
  json j;
  j["shape"] = {{"tokens", in.shape.tokens}, {"hidden", in.shape.hidden}, {"top_k", in.shape.top_k},
                {"experts", in.shape.experts}, {"ep", in.shape.ep},
                {"dispatch_bytes_per_element", in.shape.dispatch_bytes_per_element},
                {"combine_bytes_per_element", in.shape.combine_bytes_per_element}};
  j["engine"] = {{"name", "vllm-ascend"}, {"rules_version", p.decision.version}, {"soc", in.settings.soc}};
  j["mc2_capacity"] = {{"max_num_tokens", p.capacity.max_num_tokens}, {"per_tp_rank", p.capacity.per_tp_rank},
                       {"capacity", p.capacity.capacity}, {"derivation", p.capacity.derivation}};
  j["selected"] = {{"method", moe_comm_method_name(p.decision.method)}, {"rule", p.decision.rule_id},
                   {"why", p.decision.why}, {"trace", trace}};
  j["volumes_per_rank_per_layer"] = vols;
  j["selected_volume"] = volume_json(p.chosen);
  const auto& w = p.window_input;
  j["mc2_window"] = {{"max_bs", w.max_bs}, {"local_moe_expert_num", w.local_moe_expert_num},
                     {"shared_expert_num", w.shared_expert_num}, {"token_need_size_dispatch", p.window.token_need_size_dispatch},
                     {"token_need_size_combine", p.window.token_need_size_combine},
                     {"actual_size_bytes", p.window.actual_size_bytes}, {"tp_window_bytes", p.window.tp_window_bytes},
                     {"needed_mb", p.window.needed_mb}, {"hccl_buffsize_mb", in.hccl_buffsize_mb},
                     {"fits", p.window.fits},
                     {"formula", "(maxBs*dispatch*ep*localExperts + maxBs*combine*(K+shared))*2"}};
  j["mc2_op_violations"] = p.mc2_op_violations;
  j["mc2_op_limits_known"] = mc2_op_limits_known(in.settings.soc);
  if (in.link_bytes_per_s) j["link"] = {{"name", in.link_name}, {"per_direction_bytes_per_s", *in.link_bytes_per_s}};
  j["notes"] = p.notes;
  return j;
}

}  // namespace llmsa::perf
