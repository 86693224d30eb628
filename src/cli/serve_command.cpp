// llmsa serve: continuous-batching serving of a model on a layout (TPOT and throughput against
// concurrency, SLA- and KV-limited concurrency, goodput, PD disaggregation, speculative decoding,
// chunked prefill), or with --search the best TP/DP/EP layout and batch for a card count.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <sstream>

#include "cli/inference_cli_options.hpp"
#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "perf/inference_json.hpp"
#include "perf/inference_planner.hpp"
#include "perf/serving_chart.hpp"

namespace llmsa::cli {
namespace {

std::vector<std::int64_t> parse_batches(const std::string& s) {
  std::vector<std::int64_t> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    std::int64_t v = 0;
    try {
      std::size_t used = 0;
      v = std::stoll(item, &used);
      if (used != item.size()) v = 0;
    } catch (...) {
      v = 0;
    }
    if (v < 1 || v > (1 << 24)) throw_bad_input(at("", "--batches"), fmt::format("'{}' is not a batch >= 1", item));
    out.push_back(v);
  }
  return out;
}

class ServeCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("serve", "Serving model: TPOT/throughput vs concurrency, SLA- and KV-limited concurrency, "
                                            "goodput, PD disaggregation, speculative decoding, chunked prefill; --search for layouts");
    f_.add_model_device(sub);
    f_.add_layout(sub);
    f_.add_dtypes_efficiency(sub);
    f_.add_memory(sub);
    sub->add_option("--prompt", prompt_, "Prompt tokens per request")->capture_default_str();
    sub->add_option("--output", output_, "Output tokens per request")->capture_default_str()->check(CLI::Range(1, 1 << 24));
    sub->add_option("--ttft-ms", ttft_ms_, "TTFT target (ms)")->capture_default_str();
    sub->add_option("--tpot-ms", tpot_ms_, "TPOT target (ms)")->capture_default_str();
    sub->add_option("--batches", batches_, "Concurrency per replica to evaluate, e.g. 1,4,16,64 (default: powers of two)");
    sub->add_option("--chunk", chunk_, "Chunked prefill: chunk tokens (e.g. 8K)");
    sub->add_flag("--pd", pd_, "Prefill-decode disaggregation: decode steps carry no prefills, TTFT adds the KV transfer");
    sub->add_option("--spec-acceptance", spec_.acceptance, "Speculative decoding: per-token acceptance alpha")->capture_default_str();
    sub->add_option("--spec-draft", spec_.draft_length, "Speculative decoding: draft length gamma (0: off)")->capture_default_str();
    sub->add_option("--spec-cost", spec_.cost_ratio, "Speculative decoding: draft/target step-time ratio c")->capture_default_str();
    sub->add_flag("--search", search_, "Search TP/DP/EP layouts over --cards for the best throughput under the targets");
    sub->add_option("--cards", cards_, "Cards for --search")->capture_default_str()->check(CLI::Range(1, 4096));
    sub->add_option("--svg", svg_, "Write the throughput-latency curve as SVG");
    sub->add_option("--html", html_, "Write the throughput-latency curve as a standalone HTML page");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples (methodology s11: Llama-70B, TP 4 on H100, S 1024, N_out 256, TTFT < 200 ms, TPOT < 50 ms):\n"
        "  llmsa serve Llama-3.1-70B --device H100-SXM --tp 4 --efficiency 0.75 --methodology --kv-utilization 0.96\n"
        "  llmsa serve Llama-3.1-70B --tp 4 --spec-draft 4 --spec-acceptance 0.8 --spec-cost 0.1 --svg curve.svg\n"
        "  llmsa serve Qwen3.5-35B-A3B --device H100 --search --cards 8 --tpot-ms 30 --format json");
    return sub;
  }

  int run() override {
    InferenceInputs in = load_inference_inputs(f_);
    model::AnalysisOptions o = f_.analysis_options();
    perf::ServingScenario sc;
    sc.prompt = parse_tokens(prompt_, "--prompt");
    sc.output = output_;
    if (!(ttft_ms_ > 0) || !(tpot_ms_ > 0)) throw_bad_input(at("", "--ttft-ms"), "SLA targets must be > 0 ms");
    sc.sla = perf::SlaTargets{ttft_ms_ / 1e3, tpot_ms_ / 1e3};
    sc.memory = f_.memory_options();
    if (!chunk_.empty()) sc.chunk_tokens = parse_tokens(chunk_, "--chunk");
    if (spec_.draft_length > 0) sc.speculative = spec_;
    sc.prefill_interference = !pd_;
    if (search_) return run_search(in, o, sc);

    perf::InferenceConfig c = f_.config();
    perf::require_valid_layout(in.spec, c.layout);
    perf::ServingReport r = perf::evaluate_serving(in.spec, *in.device, o, c, sc, batches_.empty() ? std::vector<std::int64_t>{} : parse_batches(batches_));
    const std::string title = fmt::format("{} on {} x {}, {}", in.spec.name, c.layout.cards(), in.device->name, perf::layout_name(c.layout));
    const std::string sub = fmt::format("prompt {}, output {}; TTFT < {} ms, TPOT < {} ms; W {} A {} KV {}{}", sc.prompt, sc.output,
                                        ttft_ms_, tpot_ms_, model::dtype_name(o.weight_dtype), model::dtype_name(o.activation_dtype),
                                        model::dtype_name(o.kv_dtype), pd_ ? "; PD-disaggregated decode" : "");
    write_chart(title, sub, {{perf::layout_name(c.layout), r.curve}});
    if (format_ == "json") {
      nlohmann::json j = perf::to_json(r);
      j["model"] = in.spec.name;
      j["device"] = in.device->name;
      j["scenario"] = {{"prompt", sc.prompt}, {"output", sc.output}, {"ttft_target_seconds", sc.sla.ttft_seconds},
                       {"tpot_target_seconds", sc.sla.tpot_seconds}, {"pd", pd_}};
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{}\n{}\n", title, sub);
    if (!r.violations.empty()) {
      fmt::print("\nthis layout cannot serve the requests; failed constraints:\n");
      for (const auto& v : r.violations) fmt::print("  - {}\n", v);
      return 0;
    }
    fmt::print("prefill of one prompt {:.2f} ms", r.prefill_seconds * 1e3);
    if (!r.chunk_sizes.empty()) fmt::print(" (chunked: {} chunks of <= {} tokens)", r.chunk_sizes.size(), r.chunk_sizes.front());
    fmt::print("\nPD disaggregation: KV per request {:.3f} GB over {:.0f} GB/s = {:.2f} ms -> TTFT {:.2f} ms\n",
               r.pd.kv_bytes_per_request / 1e9, r.pd.link_bytes_per_s / 1e9, r.pd.transfer_seconds * 1e3, r.pd.ttft_seconds * 1e3);
    fmt::print("\n  {:>6} {:>9} {:>10} {:>10} {:>11} {:>9} {:>10} {:>7} {:>6}{}\n", "batch", "concurr.", "TTFT ms", "step ms",
               "TPOT ms", "bound", "tok/s", "SLA", "fits", sc.speculative ? "  spec x  spec TPOT" : "");
    for (const auto& p : r.curve) {
      fmt::print("  {:>6} {:>9} {:>10.2f} {:>10.3f} {:>11.3f} {:>9} {:>10.1f} {:>7} {:>6}", p.batch, p.concurrency, p.ttft_seconds * 1e3,
                 p.decode_step_seconds * 1e3, p.tpot_seconds * 1e3, perf::bound_name(p.decode_bound), p.tokens_per_second,
                 p.meets_sla ? "ok" : "miss", p.fits_memory ? "yes" : "NO");
      if (sc.speculative) fmt::print("  {:>6.2f} {:>9.3f}", p.speculative_speedup, p.speculative_tpot_seconds * 1e3);
      fmt::print("\n");
    }
    fmt::print("\nKV-limited batch {} per replica; SLA-limited {}; max concurrency min(SLA, KV) x dp = {}\n", r.kv_limited_batch,
               r.sla_limited_batch, r.max_concurrency);
    if (r.best_goodput)
      fmt::print("best goodput: {:.2f} requests/s at concurrency {} ({:.1f} tok/s)\n", r.best_goodput->goodput_requests_per_second,
                 r.best_goodput->concurrency, r.best_goodput->tokens_per_second);
    else
      fmt::print("no evaluated concurrency meets the targets within memory\n");
    return 0;
  }

  int run_search(const InferenceInputs& in, const model::AnalysisOptions& o, const perf::ServingScenario& sc) {
    perf::InferencePlanRequest req;
    req.cards = cards_;
    req.scenario = sc;
    perf::InferenceConfig base = f_.config();
    req.efficiency = base.efficiency;
    req.comm = base.comm;
    auto cands = perf::search_inference_layouts(in.spec, *in.device, o, req);
    if (!svg_.empty() || !html_.empty()) {
      std::vector<std::pair<std::string, std::vector<perf::ConcurrencyPoint>>> curves;
      for (const auto& cand : cands) {
        if (!cand.feasible() || curves.size() >= 4) continue;
        perf::InferenceConfig c = base;
        c.layout = cand.layout;
        curves.emplace_back(perf::layout_name(cand.layout), perf::evaluate_serving(in.spec, *in.device, o, c, sc).curve);
      }
      write_chart(fmt::format("{} on {} x {}: best layouts", in.spec.name, cards_, in.device->name),
                  fmt::format("prompt {}, output {}; TTFT < {} ms, TPOT < {} ms", sc.prompt, sc.output, ttft_ms_, tpot_ms_), curves);
    }
    if (format_ == "json") {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& cand : cands) arr.push_back(perf::to_json(cand));
      nlohmann::json j{{"model", in.spec.name}, {"device", in.device->name}, {"cards", cards_}, {"candidates", arr}};
      j["best"] = !cands.empty() && cands.front().feasible() ? perf::to_json(cands.front()) : nlohmann::json(nullptr);
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{} on {} x {}: prompt {}, output {}, TTFT < {} ms, TPOT < {} ms\n\n", in.spec.name, cards_, in.device->name, sc.prompt,
               sc.output, ttft_ms_, tpot_ms_);
    fmt::print("  {:<14} {:>8} {:>9} {:>9} {:>10} {:>10} {:>11}  {}\n", "layout", "W GB/card", "KV batch", "batch", "TTFT ms",
               "TPOT ms", "tok/s", "");
    for (const auto& cand : cands) {
      if (cand.feasible())
        fmt::print("  {:<14} {:>8.1f} {:>9} {:>9} {:>10.2f} {:>10.3f} {:>11.1f}\n", perf::layout_name(cand.layout),
                   cand.weight_bytes_per_card / 1e9, cand.kv_limited_batch, cand.batch, cand.ttft_seconds * 1e3,
                   cand.tpot_seconds * 1e3, cand.tokens_per_second);
      else
        fmt::print("  {:<14} cannot work: {}\n", perf::layout_name(cand.layout), fmt::join(cand.violations, "; "));
    }
    if (cands.empty() || !cands.front().feasible()) fmt::print("\nno layout meets the targets on {} cards\n", cards_);
    return 0;
  }

  void write_chart(const std::string& title, const std::string& sub,
                   std::vector<std::pair<std::string, std::vector<perf::ConcurrencyPoint>>> curves) {
    if (svg_.empty() && html_.empty()) return;
    perf::ServingChartInput ci;
    ci.title = title;
    ci.subtitle = sub;
    ci.tpot_target_seconds = tpot_ms_ / 1e3;
    ci.curves = std::move(curves);
    perf::SvgPlot plot = perf::serving_chart(ci);
    if (!svg_.empty()) write_text_file(svg_, perf::render_svg(plot));
    if (!html_.empty()) write_text_file(html_, perf::render_html(plot));
  }

 private:
  InferenceFlags f_;
  std::string prompt_ = "1024";
  std::int64_t output_ = 256;
  double ttft_ms_ = 200, tpot_ms_ = 50;  // methodology s11
  std::string batches_;
  std::string chunk_;
  bool pd_ = false;
  perf::SpeculativeOptions spec_{0.8, 0, 0.1};
  bool search_ = false;
  int cards_ = 8;
  std::string svg_, html_;
  std::string format_;
};

const bool kRegistered = register_subcommand("serve", [] { return std::make_unique<ServeCommand>(); });

}  // namespace
}  // namespace llmsa::cli
