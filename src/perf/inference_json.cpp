#include "perf/inference_json.hpp"

#include "model/op.hpp"

namespace llmsa::perf {

using nlohmann::json;

json to_json(const InferenceLayout& l) {
  return json{{"name", layout_name(l)}, {"tp", l.tp}, {"dp", l.dp}, {"ep", l.ep}, {"cards", l.cards()}};
}

json to_json(const DeviceRates& r) {
  return json{{"compute_dtype", std::string(hw::dtype_name(r.compute_dtype))},
              {"peak_flops_per_s", r.peak_flops_per_s},
              {"hbm_bytes_per_s", r.bytes_per_s},
              {"ridge_flops_per_byte", r.peak_flops_per_s / r.bytes_per_s},
              {"scale_up_bytes_per_s", r.scale_up_bytes_per_s},
              {"scale_out_bytes_per_s", r.scale_out_bytes_per_s}};
}

json to_json(const StepTime& t) {
  return json{{"flops_per_card", t.flops},
              {"bytes_per_card", t.bytes},
              {"arithmetic_intensity", t.bytes > 0 ? t.flops / t.bytes : 0},
              {"compute_seconds", t.compute_seconds},
              {"memory_seconds", t.memory_seconds},
              {"op_seconds", t.op_seconds},
              {"comm",
               {{"tp_all_reduces", t.comm.tp_all_reduces},
                {"tp_all_reduce_wire_bytes", t.comm.tp_all_reduce_wire_bytes},
                {"tp_seconds", t.comm.tp_seconds},
                {"ep_all_to_alls", t.comm.ep_all_to_alls},
                {"ep_all_to_all_wire_bytes", t.comm.ep_all_to_all_wire_bytes},
                {"ep_seconds", t.comm.ep_seconds},
                {"per_layer",
                 {{"tp_all_reduce_payload_bytes", t.comm.tp_all_reduce_payload_bytes},
                  {"tp_all_reduce_seconds", t.comm.tp_all_reduce_seconds_each},
                  {"ep_dispatch_combine_send_bytes", t.comm.ep_layer_send_bytes},
                  {"ep_dispatch_combine_seconds", t.comm.ep_layer_seconds}}},
                {"link_bytes_per_s", t.comm.link_bytes_per_s}}},
              {"seconds", t.seconds}};
}

json to_json(const OpRoofline& r) {
  return json{{"kind", model::op_kind_name(r.kind)},
              {"variant", r.variant},
              {"count", r.count},
              {"flops", r.per_card.flops},
              {"bytes",
               {{"weights", r.per_card.weight_bytes},
                {"activations", r.per_card.activation_bytes},
                {"kv_read", r.per_card.kv_read_bytes},
                {"kv_write", r.per_card.kv_write_bytes},
                {"total", r.per_card.bytes()}}},
              {"arithmetic_intensity", r.point.arithmetic_intensity},
              {"ridge", r.point.ridge},
              {"bound", std::string(bound_name(r.point.bound))},
              {"seconds_at_peak", r.seconds_at_peak},
              {"seconds", r.point.seconds}};
}

json to_json(const CardMemory& m) {
  return json{{"capacity_bytes", m.capacity_bytes},
              {"usable_bytes", m.usable_bytes},
              {"batch", m.batch},
              {"weights", m.weight_bytes},
              {"kv_per_sequence", m.kv_bytes_per_sequence},
              {"state_per_sequence", m.state_bytes_per_sequence},
              {"activations_per_sequence", m.activation_bytes_per_sequence},
              {"activation_buffer", m.activation_buffer_bytes},
              {"kv_and_state", m.kv_bytes()},
              {"activations", m.activation_bytes()},
              {"framework_overhead", m.framework_overhead_bytes},
              {"total", m.total_bytes()},
              {"fits", m.fits()}};
}

json to_json(const BatchCapacity& c) {
  return json{{"per_replica", c.per_replica}, {"total", c.total}, {"card_at_max", to_json(c.at_max)}, {"violations", c.violations}};
}

json to_json(const ConcurrencyPoint& p) {
  json j{{"batch", p.batch},
         {"concurrency", p.concurrency},
         {"ttft_seconds", p.ttft_seconds},
         {"decode_step_seconds", p.decode_step_seconds},
         {"tpot_seconds", p.tpot_seconds},
         {"decode_bound", std::string(bound_name(p.decode_bound))},
         {"tokens_per_second", p.tokens_per_second},
         {"requests_per_second", p.requests_per_second},
         {"goodput_requests_per_second", p.goodput_requests_per_second},
         {"meets_sla", p.meets_sla},
         {"fits_memory", p.fits_memory}};
  if (p.speculative_speedup > 0) {
    j["speculative_speedup"] = p.speculative_speedup;
    j["speculative_tpot_seconds"] = p.speculative_tpot_seconds;
  }
  return j;
}

json to_json(const ServingReport& r) {
  json curve = json::array();
  for (const auto& p : r.curve) curve.push_back(to_json(p));
  json j{{"layout", to_json(r.layout)},
         {"violations", r.violations},
         {"prefill_seconds", r.prefill_seconds},
         {"kv_limited_batch", r.kv_limited_batch},
         {"sla_limited_batch", r.sla_limited_batch},
         {"max_concurrency", r.max_concurrency},
         {"curve", curve},
         {"pd_disaggregation",
          {{"kv_bytes_per_request", r.pd.kv_bytes_per_request},
           {"link_bytes_per_s", r.pd.link_bytes_per_s},
           {"transfer_seconds", r.pd.transfer_seconds},
           {"ttft_seconds", r.pd.ttft_seconds}}}};
  j["best_goodput"] = r.best_goodput ? to_json(*r.best_goodput) : json(nullptr);
  if (!r.chunk_sizes.empty()) j["chunked_prefill"] = {{"chunks", r.chunk_sizes.size()}, {"chunk_tokens", r.chunk_sizes}};
  return j;
}

json to_json(const LayoutCandidate& c) {
  return json{{"layout", to_json(c.layout)},
              {"feasible", c.feasible()},
              {"violations", c.violations},
              {"kv_limited_batch", c.kv_limited_batch},
              {"batch", c.batch},
              {"ttft_seconds", c.ttft_seconds},
              {"tpot_seconds", c.tpot_seconds},
              {"tokens_per_second", c.tokens_per_second},
              {"goodput_requests_per_second", c.goodput_requests_per_second},
              {"weight_bytes_per_card", c.weight_bytes_per_card}};
}

}  // namespace llmsa::perf
