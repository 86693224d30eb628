#include "perf/inference_planner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

namespace {

std::vector<int> divisors(int n) {
  std::vector<int> d;
  for (int i = 1; i <= n; ++i)
    if (n % i == 0) d.push_back(i);
  return d;
}

}  // namespace

std::vector<LayoutCandidate> search_inference_layouts(const model::ModelSpec& spec, const hw::Device& device,
                                                      const model::AnalysisOptions& options,
                                                      const InferencePlanRequest& req) {
  if (req.cards < 1 || req.cards > 4096) throw_bad_input(at("", "cards"), "cards must be in [1, 4096]");
  std::vector<int> tps = req.tp_choices.empty() ? divisors(req.cards) : req.tp_choices;
  std::vector<LayoutCandidate> out;
  for (int tp : tps) {
    if (tp < 1 || req.cards % tp != 0) {
      LayoutCandidate c;
      c.layout = InferenceLayout{tp, 1, 1};
      c.violations.push_back(fmt::format("tp ({}) divides the cards ({})", tp, req.cards));
      out.push_back(c);
      continue;
    }
    const int dp = req.cards / tp;
    std::vector<int> eps{1};
    if (spec.moe.present)
      for (int e : divisors(req.cards))
        if (e > 1) eps.push_back(e);
    for (int ep : eps) {
      LayoutCandidate c;
      c.layout = InferenceLayout{tp, dp, ep};
      c.violations = layout_violations(spec, c.layout);
      if (!c.violations.empty()) {
        out.push_back(c);
        continue;
      }
      InferenceConfig cfg;
      cfg.layout = c.layout;
      cfg.efficiency = req.efficiency;
      cfg.comm = req.comm;
      ServingEvaluator ev(spec, device, options, cfg, req.scenario);
      c.kv_limited_batch = ev.kv_limited_batch();
      if (!ev.violations().empty()) {
        c.violations = ev.violations();
        out.push_back(c);
        continue;
      }
      c.batch = ev.sla_limited_batch();
      ConcurrencyPoint p = ev.point(std::max<std::int64_t>(1, c.batch));
      c.ttft_seconds = p.ttft_seconds;
      c.tpot_seconds = p.tpot_seconds;
      if (c.batch > 0) {
        c.tokens_per_second = p.tokens_per_second;
        c.goodput_requests_per_second = p.goodput_requests_per_second;
      } else {
        c.violations.push_back(fmt::format("TTFT {:.1f} ms <= {:.1f} ms and TPOT {:.2f} ms <= {:.2f} ms at batch 1",
                                           p.ttft_seconds * 1e3, req.scenario.sla.ttft_seconds * 1e3,
                                           p.tpot_seconds * 1e3, req.scenario.sla.tpot_seconds * 1e3));
      }
      model::ModelAnalysis a;
      model::Workload w;
      w.seq = req.scenario.prompt;
      model::analyze_into(spec, w, options, a);
      c.weight_bytes_per_card = card_memory(spec, a, device, c.layout, 1, req.scenario.prompt, req.scenario.memory).weight_bytes;
      out.push_back(c);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const LayoutCandidate& a, const LayoutCandidate& b) {
    if (a.feasible() != b.feasible()) return a.feasible();
    if (a.feasible()) {
      if (a.tokens_per_second != b.tokens_per_second) return a.tokens_per_second > b.tokens_per_second;
      return a.tpot_seconds < b.tpot_seconds;
    }
    return false;
  });
  return out;
}

}  // namespace llmsa::perf
