// llmsa plan: search every valid training layout for a model on N cards of one device type and a
// global batch; print the best few with memory and time breakdowns, why the runners-up lose, or which
// limit bound the search when nothing fits. (Training only; the inference layout search is separate.)
#include <fmt/format.h>

#include "cli/subcommand.hpp"
#include "cli/train_cli_options.hpp"
#include "perf/plan_search.hpp"
#include "perf/train_json.hpp"

namespace llmsa::cli {
namespace {

class PlanCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("plan", "Search training layouts (tp, pp, dp, ep, cp, micro-batch, recompute, ZeRO "
                                           "stage / HSDP, virtual stages): reject what does not fit, rank by step time");
    common_.add(sub);
    sub->add_option("--cards", cards_, "Cards")->required()->check(CLI::Range(1, 1 << 20));
    sub->add_option("--global-batch", batch_, "Sequences per step")->required()->check(CLI::Range(1, 1 << 24));
    sub->add_option("--top", top_, "Layouts to show (1-16)")->capture_default_str()->check(CLI::Range(1, 16));
    sub->add_option("--max-tp", max_tp_, "Largest tp tried (also capped by the scale-up domain)")->capture_default_str();
    sub->add_option("--max-cp", max_cp_, "Largest cp tried")->capture_default_str();
    sub->add_option("--max-ep", max_ep_, "Largest ep tried")->capture_default_str();
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples:\n"
        "  llmsa plan Llama-3.1-70B --device H100 --cards 32 --global-batch 64\n"
        "  llmsa plan DeepSeek-V3 --device Ascend-910C --cards 512 --global-batch 1024 --seq 4096 --format json");
    return sub;
  }

  int run() override {
    perf::PlanRequest req;
    req.seq_len = common_.seq;
    req.model = common_.train_model();
    req.device = common_.train_device();
    req.options = common_.options();
    req.cards = cards_;
    req.global_batch = batch_;
    req.top = top_;
    req.max_tp = max_tp_;
    req.max_cp = max_cp_;
    req.max_ep = max_ep_;
    const perf::PlanResult r = perf::search_layouts(req);
    if (format_ == "json") {
      fmt::print("{}\n", perf::plan_result_json(r, req).dump(2));
      return 0;
    }
    fmt::print("{} on {} x {} (capacity {:.0f} GB), global batch {} x {} tokens, {} conventions\n", req.model.name,
               req.cards, req.device.name, req.device.capacity_bytes * req.options.usable_memory_fraction / 1e9,
               req.global_batch, req.seq_len, perf::conventions_name(req.options.conventions));
    fmt::print("searched {} layouts: {} evaluated, {} fit", r.enumerated, r.evaluated, r.feasible);
    for (int i = 0; i < perf::kPlanRejectCount; ++i)
      if (r.rejected[static_cast<std::size_t>(i)] > 0)
        fmt::print("; {} rejected: {}", r.rejected[static_cast<std::size_t>(i)], perf::plan_reject_name(static_cast<perf::PlanReject>(i)));
    fmt::print("\n");
    if (r.best.empty()) {
      fmt::print("\nno feasible layout. Bound by {}\n", r.bound);
      return 0;
    }
    fmt::print("\n{:>2} {:<44} {:>8} {:>7} {:>6} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6} {:>6} | {:>5} {:>5}\n", "#",
               "layout", "peak GB", "step s", "tok/s", "", "comp", "EP", "TP", "PP", "CP", "FSDP", "bubble", "DP", "eta%", "MFU%");
    for (std::size_t i = 0; i < r.best.size(); ++i) {
      const auto& c = r.best[i];
      const auto& s = c.step;
      const double mu = static_cast<double>(s.microbatches);
      fmt::print("{:>2} {:<44} {:>8.1f} {:>7.3f} {:>6.0f}k {:>5} | {:>6.0f} {:>6.0f} {:>6.0f} {:>6.0f} {:>6.0f} {:>7.0f} {:>6.0f} {:>6.0f} | "
                 "{:>5.1f} {:>5.1f}\n",
                 i + 1, perf::layout_label(c.layout), c.memory.peak() / 1e9, s.step, s.tokens_per_s / 1e3, "",
                 mu * s.compute_mb * 1e3, mu * s.ep_mb * 1e3, mu * s.tp_mb * 1e3, mu * s.pp_mb * 1e3, mu * s.cp_mb * 1e3,
                 mu * s.fsdp_mb * 1e3, s.bubble * 1e3, s.dp_exposed * 1e3, s.eta * 100, s.mfu * 100);
    }
    fmt::print("(time columns: ms per step)\n\nmemory of the best (GB): ");
    const auto& b = r.best.front().memory;
    fmt::print("weights {:.1f}, gather peak {:.1f}, gradients {:.1f}, optimizer {:.1f}, activations {:.1f}\n", b.weights / 1e9,
               b.weights_gather_peak / 1e9, b.gradients / 1e9, b.optimizer / 1e9, b.activations / 1e9);
    fmt::print("\nwhy the runners-up lose:\n");
    for (std::size_t i = 1; i < r.best.size(); ++i)
      fmt::print("  #{} {}: {}\n", i + 1, perf::layout_label(r.best[i].layout), perf::why_slower(r.best.front(), r.best[i]));
    fmt::print("\nwhy #1:\n");
    for (const auto& line : perf::explain_best(r, req)) fmt::print("  - {}\n", line);
    return 0;
  }

 private:
  TrainCliOptions common_;
  std::int64_t cards_ = 8, batch_ = 8;
  int top_ = 5, max_tp_ = 8, max_cp_ = 8, max_ep_ = 64;
  std::string format_;
};

const bool kRegistered = register_subcommand("plan", [] { return std::make_unique<PlanCommand>(); });

}  // namespace
}  // namespace llmsa::cli
