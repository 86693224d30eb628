// llmsa roofline: per-op roofline of a model's prefill and decode steps on one card of a layout, with
// TTFT and TPOT, as a table, JSON, or a log-log roofline chart (SVG / HTML).
#include <fmt/format.h>

#include "cli/inference_cli_options.hpp"
#include "cli/subcommand.hpp"
#include "perf/inference_json.hpp"
#include "perf/roofline_chart.hpp"

namespace llmsa::cli {
namespace {

struct PhaseResult {
  perf::Phase phase;
  std::vector<perf::OpRoofline> rows;
  perf::StepTime step;
};

void print_phase(const PhaseResult& r, const std::string& what) {
  fmt::print("\n{} ({})\n", perf::phase_name(r.phase), what);
  fmt::print("  {:<16} {:<8} {:>5} {:>12} {:>10} {:>10} {:>10} {:>9} {:>8} {:>10} {:>10}\n", "op", "variant", "count",
             "GFLOP", "weights MB", "act MB", "KV MB", "AI", "bound", "peak ms", "eff ms");
  for (const auto& o : r.rows)
    fmt::print("  {:<16} {:<8} {:>5} {:>12.3f} {:>10.1f} {:>10.1f} {:>10.1f} {:>9.2f} {:>8} {:>10.4f} {:>10.4f}\n",
               model::op_kind_name(o.kind), o.variant, o.count, o.per_card.flops / 1e9, o.per_card.weight_bytes / 1e6,
               o.per_card.activation_bytes / 1e6, (o.per_card.kv_read_bytes + o.per_card.kv_write_bytes) / 1e6,
               o.point.arithmetic_intensity, perf::bound_name(o.point.bound), o.seconds_at_peak * 1e3, o.point.seconds * 1e3);
  const auto& s = r.step;
  fmt::print("  step: {:.3f} TFLOP, {:.2f} GB per card, AI {:.2f}; ops {:.3f} ms (compute {:.3f}, memory {:.3f}) + comm {:.3f} ms "
             "({} all-reduces, {} all-to-alls) = {:.3f} ms\n",
             s.flops / 1e12, s.bytes / 1e9, s.bytes > 0 ? s.flops / s.bytes : 0, s.op_seconds * 1e3, s.compute_seconds * 1e3,
             s.memory_seconds * 1e3, s.comm.seconds() * 1e3, s.comm.tp_all_reduces, s.comm.ep_all_to_alls, s.seconds * 1e3);
  if (s.comm.tp_all_reduces > 0)
    fmt::print("  per layer: TP all-reduce of {:.3f} MB x2 (mixer, FFN), {:.2f} us each at {:.0f} GB/s per direction\n",
               s.comm.tp_all_reduce_payload_bytes / 1e6, s.comm.tp_all_reduce_seconds_each * 1e6, s.comm.link_bytes_per_s / 1e9);
  if (s.comm.ep_all_to_alls > 0)
    fmt::print("  per MoE layer: EP all-to-all dispatch + combine sends {:.3f} MB per card, {:.2f} us\n",
               s.comm.ep_layer_send_bytes / 1e6, s.comm.ep_layer_seconds * 1e6);
}

class RooflineCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("roofline", "Per-op roofline of prefill and decode on one card: FLOPs, bytes, "
                                               "arithmetic intensity, bound, time; TTFT and TPOT");
    f_.add_model_device(sub);
    f_.add_layout(sub);
    f_.add_dtypes_efficiency(sub);
    sub->add_option("--prompt", prompt_, "Prompt tokens of the prefill (TTFT), e.g. 2048, 32K")->capture_default_str();
    sub->add_option("--prefill-batch", prefill_batch_, "Sequences prefilled together")->capture_default_str()->check(CLI::Range(1, 1 << 20));
    sub->add_option("--batch", batch_, "Decode batch per replica (TPOT)")->capture_default_str()->check(CLI::Range(1, 1 << 20));
    sub->add_option("--context", context_, "Decode context tokens (default: the prompt)");
    sub->add_option("--phase", phase_, "prefill, decode or both")->check(CLI::IsMember({"prefill", "decode", "both"}))->capture_default_str();
    sub->add_option("--svg", svg_, "Write the roofline chart as SVG");
    sub->add_option("--html", html_, "Write the roofline chart as a standalone HTML page");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples (methodology s11: Llama-70B on H100, 742 TFLOPS effective):\n"
        "  llmsa roofline Llama-3.1-70B --device H100-SXM --efficiency 0.75 --methodology --prompt 2048\n"
        "  llmsa roofline MiniMax-M3 --device H200 --tp 8 --ep 8 --context 1M --phase decode --svg m3.svg\n"
        "  llmsa roofline Llama-3.1-70B --tp 4 --weight-dtype fp8 --act-dtype fp8 --kv-dtype fp8 --format json");
    return sub;
  }

  int run() override {
    InferenceInputs in = load_inference_inputs(f_);
    model::AnalysisOptions o = f_.analysis_options();
    perf::InferenceConfig c = f_.config();
    perf::require_valid_layout(in.spec, c.layout);
    const std::int64_t prompt = parse_tokens(prompt_, "--prompt");
    const std::int64_t context = context_.empty() ? prompt : parse_tokens(context_, "--context");
    perf::DeviceRates rates = perf::device_rates(*in.device, o, c);
    perf::ShardPlan plan = perf::make_shard_plan(in.spec, c.layout);
    std::vector<PhaseResult> results;
    auto run_phase = [&](perf::Phase ph) {
      model::Workload w;
      w.seq = ph == perf::Phase::kPrefill ? prompt : context;
      w.batch = ph == perf::Phase::kPrefill ? prefill_batch_ : batch_;
      model::ModelAnalysis a = model::analyze(in.spec, w, o);
      perf::StepProfile p;
      perf::build_step_profile(in.spec, a, ph, p);
      results.push_back({ph, perf::op_rooflines(p, plan, rates, c), perf::evaluate_step(p, plan, rates, c)});
    };
    if (phase_ != "decode") run_phase(perf::Phase::kPrefill);
    if (phase_ != "prefill") run_phase(perf::Phase::kDecode);

    const std::string title = fmt::format("{} on {}, {}", in.spec.name, in.device->name, perf::layout_name(c.layout));
    const std::string sub = fmt::format("prompt {} x{}, decode batch {} at context {}; W {} A {} KV {}; efficiency {:.2f}/{:.2f}",
                                        prompt, prefill_batch_, batch_, context, model::dtype_name(o.weight_dtype),
                                        model::dtype_name(o.activation_dtype), model::dtype_name(o.kv_dtype),
                                        c.efficiency.compute, c.efficiency.memory);
    if (!svg_.empty() || !html_.empty()) {
      perf::RooflineChartInput ci;
      ci.title = title;
      ci.subtitle = sub;
      ci.rates = rates;
      ci.efficiency = c.efficiency;
      for (const auto& r : results) ci.phases.emplace_back(perf::phase_name(r.phase), r.rows);
      perf::SvgPlot plot = perf::roofline_chart(ci);
      if (!svg_.empty()) write_text_file(svg_, perf::render_svg(plot));
      if (!html_.empty()) write_text_file(html_, perf::render_html(plot));
    }
    if (format_ == "json") {
      nlohmann::json j{{"model", in.spec.name}, {"device", in.device->name}, {"layout", perf::to_json(c.layout)},
                       {"rates", perf::to_json(rates)},
                       {"efficiency", {{"compute", c.efficiency.compute}, {"memory", c.efficiency.memory}}},
                       {"dtypes", {{"weights", model::dtype_name(o.weight_dtype)}, {"activations", model::dtype_name(o.activation_dtype)},
                                   {"kv", model::dtype_name(o.kv_dtype)}}},
                       {"conventions", model::describe_conventions(o)}};
      for (const auto& r : results) {
        nlohmann::json ops = nlohmann::json::array();
        for (const auto& row : r.rows) ops.push_back(perf::to_json(row));
        nlohmann::json ph{{"ops", ops}, {"step", perf::to_json(r.step)}};
        if (r.phase == perf::Phase::kPrefill) {
          ph["prompt"] = prompt;
          ph["batch"] = prefill_batch_;
          ph["ttft_seconds"] = r.step.seconds;
        } else {
          ph["context"] = context;
          ph["batch"] = batch_;
          ph["tpot_seconds"] = r.step.seconds;
        }
        j[perf::phase_name(r.phase)] = ph;
      }
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{}\n{}\n", title, sub);
    fmt::print("device: {} peak {:.1f} TFLOP/s, HBM {:.2f} TB/s, ridge {:.1f} FLOP/byte (at efficiency {:.1f})\n",
               hw::dtype_name(rates.compute_dtype), rates.peak_flops_per_s / 1e12, rates.bytes_per_s / 1e12,
               rates.peak_flops_per_s / rates.bytes_per_s,
               rates.peak_flops_per_s * c.efficiency.compute / (rates.bytes_per_s * c.efficiency.memory));
    for (const auto& r : results)
      print_phase(r, r.phase == perf::Phase::kPrefill ? fmt::format("prompt {}, batch {}", prompt, prefill_batch_)
                                                      : fmt::format("batch {}, context {}", batch_, context));
    for (const auto& r : results)
      fmt::print("{} = {:.3f} ms\n", r.phase == perf::Phase::kPrefill ? "TTFT" : "TPOT", r.step.seconds * 1e3);
    return 0;
  }

 private:
  InferenceFlags f_;
  std::string prompt_ = "2048";
  std::string context_;
  std::int64_t prefill_batch_ = 1;
  std::int64_t batch_ = 1;
  std::string phase_ = "both";
  std::string svg_, html_;
  std::string format_;
};

const bool kRegistered = register_subcommand("roofline", [] { return std::make_unique<RooflineCommand>(); });

}  // namespace
}  // namespace llmsa::cli
