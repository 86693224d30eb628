// llmsa moe-comm: which MoE expert-parallel communication path vllm-ascend takes, the bytes each path
// moves per rank, and the HCCL window MC2 needs.
#include <fmt/format.h>

#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "hw/hardware_db.hpp"
#include "perf/moe_comm_plan.hpp"

#include <nlohmann/json.hpp>

namespace llmsa::cli {
namespace {

std::string mb(double bytes) { return fmt::format("{:.3f}", bytes / 1e6); }

void print_table(const perf::MoeCommPlan& p) {
  const auto& in = p.input;
  const auto& s = in.shape;
  fmt::print("MoE EP communication: T={} tokens/rank, H={}, K={}, E={}, EP={} ({} experts/rank), soc {}\n", s.tokens,
             s.hidden, s.top_k, s.experts, s.ep, s.experts / s.ep, in.settings.soc);
  fmt::print("\nvllm-ascend rules '{}': {}  (rule {}: {})\n", p.decision.version,
             perf::moe_comm_method_name(p.decision.method), p.decision.rule_id, p.decision.why);
  for (const auto& st : p.decision.trace)
    fmt::print("  {} {:<18} {}\n", st.matched ? "+" : "-", st.rule_id, st.detail);
  fmt::print("MC2 capacity: {} ({})\n", p.capacity.capacity, p.capacity.derivation);

  fmt::print("\nper rank per MoE layer (MB = 1e6 B){}:\n", in.link_bytes_per_s ? fmt::format(", time at {} {:.0f} GB/s per direction", in.link_name, *in.link_bytes_per_s / 1e9) : "");
  fmt::print("  {:<16} {:>12} {:>12} {:>10} {:>10}  {}\n", "path", "dispatch MB", "combine MB", "meta MB",
             in.link_bytes_per_s ? "time us" : "", "formula");
  for (const auto& v : p.volumes) {
    std::string t = in.link_bytes_per_s ? fmt::format("{:.1f}", perf::transfer_seconds(v, *in.link_bytes_per_s) * 1e6) : "";
    fmt::print("  {:<16} {:>12} {:>12} {:>10} {:>10}  {}\n", perf::moe_comm_method_name(v.method), mb(v.dispatch_send_bytes),
               mb(v.combine_send_bytes), mb(v.metadata_bytes), t, v.formula);
  }
  const auto& w = p.window;
  fmt::print("\nMC2 HCCL window (CANN dispatch_v2 tiling): maxBs {} x dispatch {} B x ep {} x {} local experts + "
             "maxBs x combine {} B x (K {} + shared {}), x2 buffers\n",
             p.window_input.max_bs, w.token_need_size_dispatch, p.window_input.ep_world_size,
             p.window_input.local_moe_expert_num, w.token_need_size_combine, p.window_input.top_k,
             p.window_input.shared_expert_num);
  fmt::print("  = {} B -> needs {} MB; HCCL_BUFFSIZE {} MB: {}\n", w.actual_size_bytes, w.needed_mb, in.hccl_buffsize_mb,
             w.fits ? "fits" : "TOO SMALL");
  if (w.tp_window_bytes > 0) fmt::print("  TP window (tp 2): {} B\n", w.tp_window_bytes);
  if (!perf::mc2_op_limits_known(in.settings.soc)) fmt::print("  dispatch_v2 op limits: none recorded for {}\n", in.settings.soc);
  else if (p.mc2_op_violations.empty()) fmt::print("  dispatch_v2 op limits: all met\n");
  for (const auto& v : p.mc2_op_violations) fmt::print("  dispatch_v2 op limit broken: {}\n", v);
  if (!p.notes.empty()) fmt::print("\nnotes:\n");
  for (const auto& n : p.notes) fmt::print("  - {}\n", n);
}

class MoeCommCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("moe-comm", "MoE expert-parallel communication: vllm-ascend path selection, "
                                               "per-rank dispatch/combine bytes, MC2 HCCL window");
    sub->add_option("--tokens", in_.shape.tokens, "Tokens entering the MoE layer per rank (T)")->required();
    sub->add_option("--hidden", in_.shape.hidden, "Hidden size (H)")->required();
    sub->add_option("--top-k", in_.shape.top_k, "Experts per token (K)")->required();
    sub->add_option("--experts", in_.shape.experts, "Routed experts (E)")->required();
    sub->add_option("--ep", in_.shape.ep, "Expert-parallel size (P)")->required();
    sub->add_option("--dtype", dtype_, "Dispatch dtype: bf16, fp16, int8 (dynamic per-token quant), fp8")->capture_default_str();
    sub->add_option("--combine-dtype", combine_dtype_, "Combine dtype")->capture_default_str();
    sub->add_flag("--gather-logits", in_.shape.gather_router_logits, "All-gather path also gathers fp32 router logits");
    sub->add_option("--soc", in_.settings.soc, "A2 (910B), A3 (910C), A5, 310P")->capture_default_str();
    sub->add_option("--rules", in_.rules_version, "vllm-ascend rules version: 2025-09, current, or all (compare)")->capture_default_str();
    sub->add_option("--world-size-across-dp", in_.settings.world_size_across_dp, "Ranks across DP (default: ep)");
    sub->add_flag("--with-prefill", in_.settings.with_prefill, "Batch contains prefill tokens");
    sub->add_option("--quant", in_.settings.quant, "Quantisation scheme, e.g. w4a8_dynamic");
    sub->add_option("--model-type", in_.settings.model_type, "HF model_type (PanguProMoE is special-cased)");
    sub->add_flag("--lora", in_.settings.lora, "LoRA enabled");
    sub->add_flag("--no-ep", no_ep_, "Expert parallelism disabled");
    sub->add_option("--fused-mc2", in_.settings.enable_fused_mc2, "VLLM_ASCEND_ENABLE_FUSED_MC2 value")->capture_default_str();
    sub->add_flag("--draft-quant-mismatch", in_.settings.draft_moe_quant_mismatch, "Draft model MoE quantisation differs");
    sub->add_option("--max-num-reqs", in_.capacity.max_num_reqs, "max_num_reqs (MC2 capacity)")->capture_default_str();
    sub->add_option("--num-speculative-tokens", in_.capacity.num_speculative_tokens, "Speculative tokens per step")->capture_default_str();
    sub->add_option("--tp", in_.capacity.tp, "Tensor-parallel size")->capture_default_str();
    sub->add_option("--max-num-batched-tokens", in_.capacity.max_num_batched_tokens, "max_num_batched_tokens");
    sub->add_flag("--enable-prefill-mc2", in_.capacity.enable_prefill_mc2, "Size MC2 for prefill batches");
    sub->add_option("--max-cudagraph-capture-size", capture_, "Largest graph capture size");
    sub->add_option("--mc2-capacity", capacity_, "Use this MC2 capacity instead of deriving it");
    sub->add_option("--max-bs", max_bs_, "MC2 window batch per rank, global_bs / ep (default: --tokens, as with global_bs = 0)");
    sub->add_option("--shared-experts", in_.shared_expert_num, "Shared experts handled by MC2")->capture_default_str();
    sub->add_flag("--comm-alg", in_.comm_alg_set, "dispatch_v2 comm_alg set (480-byte chunks)");
    sub->add_option("--hccl-buffsize", in_.hccl_buffsize_mb, "HCCL_BUFFSIZE in MB")->capture_default_str();
    sub->add_option("--device", device_, "Device from the hardware database: times at its scale-up link");
    sub->add_option("--hw-file", hw_files_, "Extra hardware JSON for --device");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Example (vllm-ascend issue #4051, Qwen3-Next-80B-A3B, TP4 + EP4 on A3: MC2 needs 294 MB > 200 MB):\n"
        "  llmsa moe-comm --soc A3 --tokens 64 --hidden 2048 --top-k 10 --experts 512 --ep 4 --max-bs 64\n"
        "  llmsa moe-comm --soc A2 --rules 2025-09 --tokens 100 --hidden 7168 --top-k 8 --experts 256 --ep 16 "
        "--device 910B3 --format json");
    return sub;
  }

  int run() override {
    auto parse = [](const std::string& name, const char* option) {
      auto d = hw::parse_dtype(name);
      if (!d) throw_bad_input(at("", option), fmt::format("unknown dtype '{}'", name));
      return *d;
    };
    in_.shape.dispatch_bytes_per_element = perf::dispatch_bytes_per_element(parse(dtype_, "--dtype"), std::max<std::int64_t>(1, in_.shape.hidden));
    in_.shape.combine_bytes_per_element = hw::dtype_bytes(parse(combine_dtype_, "--combine-dtype"));
    in_.settings.ep_enabled = !no_ep_;
    if (capture_ > 0) in_.capacity.max_cudagraph_capture_size = capture_;
    if (capacity_ >= 0) in_.capacity_override = capacity_;
    if (max_bs_ != 0) in_.max_bs = max_bs_;
    if (!device_.empty()) {
      hw::HardwareDb db = hw::HardwareDb::builtin();
      for (const auto& f : hw_files_) db.merge_file(f);
      const hw::Device& d = db.require(device_);
      if (!d.scale_up) throw_bad_input(at("", "--device"), fmt::format("{} has no scale-up link in the database", d.name));
      in_.link_bytes_per_s = d.scale_up->per_direction_bytes_per_s();
      in_.link_name = d.name + " " + d.scale_up->name;
    }
    if (in_.rules_version == "all") return run_all_versions();
    perf::MoeCommPlan plan = perf::plan_moe_comm(in_);
    if (format_ == "json") fmt::print("{}\n", perf::moe_comm_plan_to_json(plan).dump(2));
    else print_table(plan);
    return 0;
  }

  // The same settings under every shipped rules version, to see where the engine's choice changed.
  int run_all_versions() {
    nlohmann::json all = nlohmann::json::array();
    std::vector<perf::MoeCommPlan> plans;
    for (const auto& id : perf::MoeCommRuleSet::builtin().version_ids()) {
      perf::MoeCommPlanInput in = in_;
      in.rules_version = id;
      plans.push_back(perf::plan_moe_comm(in));
      all.push_back(perf::moe_comm_plan_to_json(plans.back()));
    }
    if (format_ == "json") {
      fmt::print("{}\n", nlohmann::json{{"versions", all}}.dump(2));
      return 0;
    }
    fmt::print("{:<10} {:<16} {:<18} {:>9}  {}\n", "rules", "method", "rule", "capacity", "why");
    for (const auto& p : plans)
      fmt::print("{:<10} {:<16} {:<18} {:>9}  {}\n", p.decision.version, perf::moe_comm_method_name(p.decision.method),
                 p.decision.rule_id, p.capacity.capacity, p.decision.why);
    return 0;
  }

 private:
  perf::MoeCommPlanInput in_;
  std::string dtype_ = "bf16";
  std::string combine_dtype_ = "bf16";
  bool no_ep_ = false;
  std::int64_t capture_ = 0;
  std::int64_t capacity_ = -1;
  std::int64_t max_bs_ = 0;
  std::string device_;
  std::vector<std::string> hw_files_;
  std::string format_;
};

const bool kRegistered = register_subcommand("moe-comm", [] { return std::make_unique<MoeCommCommand>(); });

}  // namespace
}  // namespace llmsa::cli
