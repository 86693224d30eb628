// llmsa memory: inference memory per card (weights, KV cache, recurrent state, activations, framework
// overhead), the largest batch at a context for a layout, and the minimum cards.
#include <fmt/format.h>

#include "cli/inference_cli_options.hpp"
#include "cli/subcommand.hpp"
#include "perf/inference_json.hpp"

namespace llmsa::cli {
namespace {

std::string gb(double b) { return fmt::format("{:.2f}", b / 1e9); }

class MemoryCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("memory", "Inference memory per card, max batch at a context for a layout, minimum cards");
    f_.add_model_device(sub);
    f_.add_layout(sub);
    f_.add_dtypes_efficiency(sub);
    f_.add_memory(sub);
    sub->add_option("--context", context_, "Tokens per sequence (prompt + output), e.g. 1280, 128K, 1M")->capture_default_str();
    sub->add_option("--batch", batch_, "Sequences per replica to show (default: the max batch)");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples:\n"
        "  llmsa memory Llama-3.1-70B --device H100-SXM --tp 4 --context 1280 --kv-utilization 0.96 --overhead-gib 0\n"
        "  llmsa memory MiniMax-M3 --device H200 --tp 8 --ep 8 --context 1M --weight-dtype fp8 --kv-dtype fp8\n"
        "  llmsa memory DeepSeek-V3 --device H100 --tp 4 --dp 8 --ep 32 --context 32K --format json");
    return sub;
  }

  int run() override {
    InferenceInputs in = load_inference_inputs(f_);
    model::AnalysisOptions o = f_.analysis_options();
    perf::InferenceConfig c = f_.config();
    perf::MemoryOptions m = f_.memory_options();
    perf::require_valid_layout(in.spec, c.layout);  // a layout that cannot work is an error naming the constraints
    const std::int64_t context = parse_tokens(context_, "--context");
    model::Workload w;
    w.seq = std::min<std::int64_t>(context, 4096);  // the analysis' per-token activations; KV is taken at `context`
    model::ModelAnalysis a = model::analyze(in.spec, w, o);
    perf::MinCards mc = perf::min_cards(in.spec, a, *in.device, context, m);
    perf::BatchCapacity cap = perf::max_batch(in.spec, a, *in.device, c.layout, context, m);
    perf::CardMemory shown = cap.at_max;
    if (batch_ >= 0) shown = perf::card_memory(in.spec, a, *in.device, c.layout, batch_, context, m);
    if (format_ == "json") {
      nlohmann::json j{{"model", in.spec.name},
                       {"device", in.device->name},
                       {"layout", perf::to_json(c.layout)},
                       {"context", context},
                       {"weights_total_bytes", perf::model_weight_bytes(a)},
                       {"max_batch", perf::to_json(cap)},
                       {"card", perf::to_json(shown)},
                       {"min_cards", {{"for_weights", mc.for_weights},
                                      {"smallest_layout", mc.smallest_layout ? perf::to_json(*mc.smallest_layout) : nlohmann::json(nullptr)}}}};
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{} on {} x {}, {}, context {}; W {} KV {}\n", in.spec.name, c.layout.cards(), in.device->name,
               perf::layout_name(c.layout), context, model::dtype_name(o.weight_dtype), model::dtype_name(o.kv_dtype));
    fmt::print("weights (whole model): {} GB; cards for the weights alone: {}; smallest single-replica layout holding one "
               "sequence: {}\n",
               gb(perf::model_weight_bytes(a)), mc.for_weights,
               mc.smallest_layout ? perf::layout_name(*mc.smallest_layout) : std::string("none up to tp 64"));
    if (!cap.violations.empty()) {
      fmt::print("\nthis layout cannot serve a sequence at context {}; failed constraints:\n", context);
      for (const auto& v : cap.violations) fmt::print("  - {}\n", v);
    } else {
      fmt::print("max batch: {} per replica, {} in total\n", cap.per_replica, cap.total);
    }
    fmt::print("\nper card at batch {} (GB = 1e9 B):\n", shown.batch);
    fmt::print("  {:<28} {:>10}\n", "capacity / usable", gb(shown.capacity_bytes) + " / " + gb(shown.usable_bytes));
    fmt::print("  {:<28} {:>10}\n", "weights", gb(shown.weight_bytes));
    fmt::print("  {:<28} {:>10}   ({} per sequence)\n", "KV cache + state", gb(shown.kv_bytes()),
               gb(shown.kv_bytes_per_sequence + shown.state_bytes_per_sequence));
    fmt::print("  {:<28} {:>10}   ({} per sequence + {} buffer)\n", "activations", gb(shown.activation_bytes()),
               gb(shown.activation_bytes_per_sequence), gb(shown.activation_buffer_bytes));
    fmt::print("  {:<28} {:>10}\n", "framework overhead", gb(shown.framework_overhead_bytes));
    fmt::print("  {:<28} {:>10}   {}\n", "total", gb(shown.total_bytes()), shown.fits() ? "fits" : "DOES NOT FIT");
    return 0;
  }

 private:
  InferenceFlags f_;
  std::string context_ = "4096";
  std::int64_t batch_ = -1;
  std::string format_;
};

const bool kRegistered = register_subcommand("memory", [] { return std::make_unique<MemoryCommand>(); });

}  // namespace
}  // namespace llmsa::cli
