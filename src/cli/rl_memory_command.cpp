// llmsa rl-memory: the per-card memory timeline of a colocated RL step (verl + SGLang/vLLM):
// rollout weights, KV cache, release/resume with or without multi-stage awake, FSDP training.
#include <fmt/format.h>

#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "hw/hardware_db.hpp"
#include "model/analysis.hpp"
#include "model/config_reader.hpp"
#include "perf/rl_memory.hpp"

#include <nlohmann/json.hpp>

namespace llmsa::cli {
namespace {

class RlMemoryCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("rl-memory", "Memory timeline of a colocated RL step (verl with SGLang or vLLM): "
                                                "peak per stage and which stage sets it");
    sub->add_option("--model", model_, "Preset or config.json: derives weights (BF16), rollout shard and KV bytes/token");
    sub->add_option("--rollout-tp", rollout_tp_, "Rollout tensor parallel (with --model)")->capture_default_str();
    sub->add_option("--device", device_, "Device for the capacity")->capture_default_str();
    sub->add_option("--capacity-gb", capacity_gb_, "Card capacity in GB (overrides --device)");
    sub->add_option("--strategy", strategy_, "naive, single-stage, multi-stage")->capture_default_str();
    sub->add_option("--engine", in_.engine, "sglang or vllm")->capture_default_str()->check(CLI::IsMember({"sglang", "vllm"}));
    sub->add_option("--base-gb", base_gb_, "Memory in use before the step (context, NCCL, allocator)")->capture_default_str();
    sub->add_option("--rollout-weights-gb", r_gb_, "Rollout weights per card (default: model / rollout-tp)");
    sub->add_option("--gathered-gb", f_gb_, "Training weights gathered for the sync (default: whole model)");
    sub->add_option("--kv-gb", kv_gb_, "KV cache per card (default: mem-fraction x capacity - rollout weights)");
    sub->add_option("--mem-fraction", in_.mem_fraction_static, "SGLang mem_fraction_static / vLLM gpu_memory_utilization")
        ->capture_default_str();
    sub->add_option("--residual-gb", residual_gb_, "Left on the card after offloading the training model")->capture_default_str();
    sub->add_option("--cuda-graph-gb", graph_gb_, "CUDA graphs during generation")->capture_default_str();
    sub->add_option("--io-buffer-gb", io_gb_, "I/O buffers during generation")->capture_default_str();
    sub->add_option("--train-weights-gb", w_gb_, "Whole training model W (default: model BF16)");
    sub->add_option("--fsdp-world", in_.fsdp_world, "FSDP shard world")->capture_default_str()->check(CLI::Range(1, 1 << 20));
    sub->add_option("--optimizer-factor", in_.optimizer_factor, "Optimizer bytes per weight byte (S7: 2; FP32 Adam over BF16: 6)")
        ->capture_default_str();
    sub->add_flag("--optimizer-offload", in_.optimizer_offload, "Optimizer states on the host");
    sub->add_option("--activations-gb", act_gb_, "Training activations per card")->capture_default_str();
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples (SGLang RFC #7009, Qwen 32B on 8 x H200 at mem_frac 0.9: single-stage 192.3 GB -> multi-stage 131.8 GB):\n"
        "  llmsa rl-memory --device H200 --base-gb 5.8 --rollout-weights-gb 30.8 --gathered-gb 61.5 --kv-gb 94.2 "
        "--residual-gb 1\n"
        "  llmsa rl-memory --model Llama-3.1-8B --device H200 --rollout-tp 2 --strategy single-stage --format json");
    return sub;
  }

  int run() override {
    auto st = perf::parse_rl_strategy(strategy_);
    if (!st) throw_bad_input(at("", "--strategy"), fmt::format("unknown strategy '{}'", strategy_));
    in_.strategy = *st;
    if (rollout_tp_ < 1) throw_bad_input(at("", "--rollout-tp"), "rollout tp must be at least 1");
    in_.capacity_bytes = capacity_gb_ > 0 ? capacity_gb_ * 1e9 : hw::HardwareDb::builtin().require(device_).memory_capacity_bytes.value;
    double w = w_gb_ * 1e9;
    if (!model_.empty()) {
      model::ModelSpec spec = model::load_model(model_);
      model::Workload work;
      work.seq = 1;
      auto a = model::analyze(spec, work);
      if (w <= 0) w = 2.0 * static_cast<double>(a.params.total);
      in_.kv_bytes_per_token = a.kv.bytes_per_token / rollout_tp_;
    }
    in_.train_weight_bytes = w;
    in_.base_bytes = base_gb_ * 1e9;
    in_.rollout_weight_bytes = r_gb_ >= 0 ? r_gb_ * 1e9 : w / rollout_tp_;
    in_.gathered_weight_bytes = f_gb_ >= 0 ? f_gb_ * 1e9 : w;
    in_.kv_cache_bytes = kv_gb_ * 1e9;
    in_.offload_residual_bytes = residual_gb_ * 1e9;
    in_.cuda_graph_bytes = graph_gb_ * 1e9;
    in_.io_buffer_bytes = io_gb_ * 1e9;
    in_.activation_bytes = act_gb_ * 1e9;
    const perf::RlMemoryTimeline t = perf::rl_memory_timeline(in_);
    if (format_ == "json") {
      nlohmann::json stages = nlohmann::json::array();
      for (const auto& s : t.stages) stages.push_back({{"stage", s.name}, {"bytes", s.bytes}, {"detail", s.detail}});
      nlohmann::json j = {{"engine", in_.engine}, {"strategy", perf::rl_strategy_name(in_.strategy)},
                          {"capacity_bytes", in_.capacity_bytes}, {"kv_cache_bytes", t.kv_cache_bytes},
                          {"stages", stages}, {"peak_bytes", t.peak_bytes}, {"peak_stage", t.stages[t.peak_stage].name},
                          {"oom", t.oom}, {"single_stage_sync_peak_bytes", t.single_stage_peak},
                          {"multi_stage_sync_peak_bytes", t.multi_stage_peak}, {"kv_tokens", t.kv_tokens}, {"notes", t.notes}};
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("colocated RL step, {} {} awake, card {:.1f} GB\n\n", in_.engine, perf::rl_strategy_name(in_.strategy),
               in_.capacity_bytes / 1e9);
    for (std::size_t i = 0; i < t.stages.size(); ++i)
      fmt::print("{} {:<34} {:>8.1f} GB  {}\n", i == t.peak_stage ? "*" : " ", t.stages[i].name, t.stages[i].bytes / 1e9,
                 t.stages[i].detail);
    fmt::print("\npeak {:.1f} GB at '{}'{}\n", t.peak_bytes / 1e9, t.stages[t.peak_stage].name, t.oom ? " -> OOM" : "");
    fmt::print("around the weight sync: single-stage {:.1f} GB, multi-stage {:.1f} GB (saves {:.1f} GB, {:.1f}%)\n",
               t.single_stage_peak / 1e9, t.multi_stage_peak / 1e9, (t.single_stage_peak - t.multi_stage_peak) / 1e9,
               100 * (t.single_stage_peak - t.multi_stage_peak) / t.single_stage_peak);
    if (t.kv_tokens > 0) fmt::print("KV cache holds {:.0f} tokens per card\n", t.kv_tokens);
    for (const auto& n : t.notes) fmt::print("note: {}\n", n);
    return 0;
  }

 private:
  perf::RlMemoryInput in_;
  std::string model_, device_ = "H200", strategy_ = "multi-stage", format_;
  int rollout_tp_ = 1;
  double capacity_gb_ = 0, base_gb_ = 0, r_gb_ = -1, f_gb_ = -1, kv_gb_ = 0, residual_gb_ = 0, graph_gb_ = 0, io_gb_ = 0,
         w_gb_ = 0, act_gb_ = 0;
};

const bool kRegistered = register_subcommand("rl-memory", [] { return std::make_unique<RlMemoryCommand>(); });

}  // namespace
}  // namespace llmsa::cli
