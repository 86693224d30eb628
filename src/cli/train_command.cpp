// llmsa train: memory per card, communication per dimension and step time / MFU of one training layout.
#include <fmt/format.h>

#include "cli/subcommand.hpp"
#include "cli/train_cli_options.hpp"
#include "perf/train_json.hpp"
#include "perf/train_memory.hpp"
#include "perf/train_step.hpp"

namespace llmsa::cli {
namespace {

double gb(double b) { return b / 1e9; }

class TrainCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("train", "Training memory per card, communication per parallel dimension, step time "
                                            "and MFU for one layout (TP/PP/DP/EP/CP, ZeRO/FSDP, recompute, offload, LoRA)");
    common_.add(sub);
    sub->add_option("--tp", l_.tp, "Tensor parallel")->capture_default_str();
    sub->add_option("--pp", l_.pp, "Pipeline parallel")->capture_default_str();
    sub->add_option("--dp", l_.dp, "Data parallel (ZeRO/FSDP shard group)")->capture_default_str();
    sub->add_option("--ep", l_.ep, "Expert parallel (megatron: inside dp, cards = tp pp cp dp; methodology: its own dimension, cards = tp pp cp ep dp)")->capture_default_str();
    sub->add_option("--cp", l_.cp, "Context parallel")->capture_default_str();
    sub->add_option("--vpp", l_.vpp, "Virtual pipeline stages per rank")->capture_default_str();
    sub->add_flag("--sp", l_.sequence_parallel, "Sequence parallelism with TP");
    sub->add_option("--micro-batch", l_.micro_batch, "Sequences per microbatch")->capture_default_str();
    sub->add_option("--global-batch", l_.global_batch, "Sequences per step (default dp x micro-batch)");
    sub->add_option("--zero", l_.zero_stage, "ZeRO stage 0-3 (3 = FSDP)")->capture_default_str();
    sub->add_option("--dp-shard", l_.dp_shard, "HSDP shard group size (dp = replicas x shard)");
    sub->add_option("--recompute", recompute_, "none, selective, full")->capture_default_str();
    sub->add_option("--selective-every", l_.selective_every, "Selective recompute: one layer in K keeps activations")
        ->capture_default_str();
    sub->add_option("--compute-ms", compute_ms_, "Use this stage time per microbatch (fwd+bwd+recompute) instead of the model's FLOPs");
    sub->add_option("--useful-ms", useful_ms_, "Use this stage time per microbatch without recompute");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples:\n"
        "  llmsa train Llama-3.1-70B --device H100 --tp 4 --pp 2 --dp 4 --zero 2 --micro-batch 1 --global-batch 32 "
        "--recompute full\n"
        "  # methodology s10 M3 example (2.9 s, eta 18%):\n"
        "  llmsa train MiniMax-M3 --conventions methodology --methodology-figures --tp 4 --pp 4 --ep 8 --dp 4 --vpp 2 "
        "--zero 2 --micro-batch 2 --global-batch 32 --recompute full --compute-ms 132 --useful-ms 99 --format json");
    return sub;
  }

  int run() override {
    auto rc = perf::parse_recompute(recompute_);
    if (!rc) throw_bad_input(at("", "--recompute"), fmt::format("unknown recompute mode '{}'", recompute_));
    l_.recompute = *rc;
    l_.seq_len = common_.seq;
    const perf::TrainOptions o = common_.options();
    l_.ep_within_dp = o.conventions == perf::Conventions::kMegatron;
    const perf::TrainDevice d = common_.train_device();
    const perf::TrainModel m = common_.train_model();
    std::string bad = perf::layout_violation(l_, m.shape());
    if (!bad.empty()) throw_bad_input(at("", "layout"), "impossible layout: " + bad);
    const perf::StepOverrides ov{compute_ms_ / 1e3, useful_ms_ / 1e3};
    const auto mem = perf::train_memory(m, l_, o);
    const auto step = perf::train_step(m, l_, o, d, ov);
    const auto lines = perf::train_comm_lines(m, l_, o, d, ov);
    const double cap = d.capacity_bytes * o.usable_memory_fraction;
    if (format_ == "json") {
      nlohmann::json j = {{"model", m.name}, {"device", d.name}, {"conventions", perf::conventions_name(o.conventions)},
                          {"optimizer", perf::optimizer_name(o.optimizer)}, {"finetune", perf::finetune_name(o.finetune)},
                          {"layout", perf::train_layout_json(l_)}, {"memory", perf::train_memory_json(mem, cap)},
                          {"communication", perf::comm_lines_json(lines)}, {"step", perf::train_step_json(step)},
                          {"link_source", d.source}};
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{} on {} x {} ({}), {} conventions, {} {}\n", m.name, l_.cards(), d.name, perf::layout_label(l_),
               perf::conventions_name(o.conventions), perf::optimizer_name(o.optimizer), perf::finetune_name(o.finetune));
    fmt::print("\nmemory per card (GB = 1e9 B): params/card {:.2f} B\n", m.params_total > 0 ? mem.params_per_card / 1e9 : 0);
    fmt::print("  weights {:>9.2f}   gather peak {:>9.2f}\n  gradients {:>7.2f}   optimizer {:>11.2f}\n"
               "  activations {:>5.2f}   transient {:>11.2f}\n  peak {:>12.2f} of {:.1f}: {}\n",
               gb(mem.weights), gb(mem.weights_gather_peak), gb(mem.gradients), gb(mem.optimizer), gb(mem.activations),
               gb(mem.transient), gb(mem.peak()), gb(cap),
               mem.peak() <= cap ? "fits" : fmt::format("DOES NOT FIT (card memory; largest part: {})", perf::largest_memory_component(mem)));
    if (mem.offload_pcie_bytes_per_step > 0) fmt::print("  offload PCIe traffic {:.2f} GB per step\n", gb(mem.offload_pcie_bytes_per_step));
    fmt::print("\ncommunication per step:\n  {:<18} {:<14} {:<22} {:>10} {:>9} {:>10} {:>10}  {}\n", "dimension", "primitive",
               "tier", "wire MB", "ops", "total ms", "exposed", "overlap");
    for (const auto& c : lines)
      fmt::print("  {:<18} {:<14} {:<22} {:>10.1f} {:>9.0f} {:>10.1f} {:>10.1f}  {}\n", c.dimension, c.primitive, c.tier,
                 c.wire_bytes / 1e6, c.ops, c.seconds * 1e3, c.exposed_seconds * 1e3, c.overlap);
    const double mu = static_cast<double>(step.microbatches);
    fmt::print("\nstep = mu x (compute + EP + TP + PP + CP + FSDP) + bubble + DP exposed + offload\n");
    fmt::print("     = {} x ({:.1f} + {:.1f} + {:.1f} + {:.1f} + {:.1f} + {:.1f}) + {:.1f} + {:.1f} + {:.1f} ms = {:.3f} s\n", mu,
               step.compute_mb * 1e3, step.ep_mb * 1e3, step.tp_mb * 1e3, step.pp_mb * 1e3, step.cp_mb * 1e3,
               step.fsdp_mb * 1e3, step.bubble * 1e3, step.dp_exposed * 1e3, step.offload * 1e3, step.step);
    fmt::print("tokens/s {:.0f}; eta {:.1f}% (useful compute / step); compute share {:.1f}% (incl. recompute); MFU {:.1f}% "
               "of {:.0f} TFLOPS\n",
               step.tokens_per_s, step.eta * 100, step.compute_share * 100, step.mfu * 100, d.peak_flops / 1e12);
    return 0;
  }

 private:
  TrainCliOptions common_;
  perf::TrainLayout l_;
  std::string recompute_ = "none";
  double compute_ms_ = 0, useful_ms_ = 0;
  std::string format_;
};

const bool kRegistered = register_subcommand("train", [] { return std::make_unique<TrainCommand>(); });

}  // namespace
}  // namespace llmsa::cli
