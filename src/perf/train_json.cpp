#include "perf/train_json.hpp"

namespace llmsa::perf {

nlohmann::json train_layout_json(const TrainLayout& l) {
  return {{"tp", l.tp}, {"pp", l.pp}, {"dp", l.dp}, {"ep", l.ep}, {"ep_within_dp", l.ep_within_dp}, {"cp", l.cp}, {"vpp", l.vpp},
          {"sequence_parallel", l.sequence_parallel}, {"micro_batch", l.micro_batch}, {"seq_len", l.seq_len},
          {"global_batch", l.effective_global_batch()}, {"microbatches", l.microbatches()}, {"zero_stage", l.zero_stage},
          {"dp_shard", l.shard_group()}, {"dp_replicate", l.replicate_group()}, {"recompute", recompute_name(l.recompute)},
          {"selective_every", l.selective_every}, {"cards", l.cards()}, {"label", layout_label(l)}};
}

nlohmann::json train_memory_json(const TrainMemory& m, double capacity_bytes) {
  return {{"params_per_card", m.params_per_card}, {"weights_bytes", m.weights},
          {"weights_gather_peak_bytes", m.weights_gather_peak}, {"gradients_bytes", m.gradients},
          {"optimizer_bytes", m.optimizer}, {"activations_bytes", m.activations}, {"transient_bytes", m.transient},
          {"resident_bytes", m.resident()}, {"peak_bytes", m.peak()}, {"capacity_bytes", capacity_bytes},
          {"fits", m.peak() <= capacity_bytes}, {"largest_component", largest_memory_component(m)},
          {"offload_pcie_bytes_per_step", m.offload_pcie_bytes_per_step}, {"lora_params", m.lora_params}};
}

nlohmann::json train_step_json(const StepBreakdown& s) {
  return {{"microbatches", s.microbatches}, {"compute_per_microbatch_s", s.compute_mb},
          {"useful_per_microbatch_s", s.useful_mb}, {"tp_exposed_per_microbatch_s", s.tp_mb},
          {"ep_exposed_per_microbatch_s", s.ep_mb}, {"pp_exposed_per_microbatch_s", s.pp_mb},
          {"cp_exposed_per_microbatch_s", s.cp_mb}, {"fsdp_exposed_per_microbatch_s", s.fsdp_mb},
          {"bubble_s", s.bubble}, {"dp_total_s", s.dp_total}, {"dp_exposed_s", s.dp_exposed}, {"offload_s", s.offload},
          {"step_s", s.step}, {"tokens_per_s", s.tokens_per_s}, {"eta", s.eta}, {"compute_share", s.compute_share},
          {"mfu", s.mfu}};
}

nlohmann::json comm_lines_json(const std::vector<CommLine>& lines) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : lines)
    a.push_back({{"dimension", c.dimension}, {"primitive", c.primitive}, {"tier", c.tier}, {"scale_up", c.scale_up},
                 {"payload_bytes", c.payload_bytes}, {"wire_bytes", c.wire_bytes}, {"ops_per_step", c.ops},
                 {"bandwidth_bytes_per_s", c.bandwidth}, {"seconds_per_step", c.seconds},
                 {"exposed_seconds_per_step", c.exposed_seconds}, {"overlap", c.overlap}});
  return a;
}

nlohmann::json plan_result_json(const PlanResult& r, const PlanRequest& req) {
  nlohmann::json best = nlohmann::json::array();
  for (std::size_t i = 0; i < r.best.size(); ++i) {
    const auto& c = r.best[i];
    nlohmann::json e = {{"rank", i + 1}, {"layout", train_layout_json(c.layout)},
                        {"memory", train_memory_json(c.memory, req.device.capacity_bytes * req.options.usable_memory_fraction)},
                        {"step", train_step_json(c.step)}};
    if (i > 0) e["why_slower"] = why_slower(r.best.front(), c);
    best.push_back(std::move(e));
  }
  nlohmann::json rejected = nlohmann::json::object();
  for (int i = 0; i < kPlanRejectCount; ++i) rejected[plan_reject_name(static_cast<PlanReject>(i))] = r.rejected[static_cast<std::size_t>(i)];
  nlohmann::json j = {{"model", req.model.name}, {"device", req.device.name}, {"cards", req.cards},
                      {"global_batch", req.global_batch}, {"seq_len", req.seq_len},
                      {"conventions", conventions_name(req.options.conventions)}, {"enumerated", r.enumerated},
                      {"evaluated", r.evaluated}, {"feasible", r.feasible}, {"rejected", rejected}, {"best", best},
                      {"explanation", explain_best(r, req)}};
  if (!r.bound.empty()) j["bound"] = r.bound;
  return j;
}

}  // namespace llmsa::perf
