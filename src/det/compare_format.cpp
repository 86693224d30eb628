#include "det/compare_format.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmsa::det {

namespace {

nlohmann::json prompts_json(const std::vector<PromptCompletions>& prompts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : prompts) {
    nlohmann::json split = nlohmann::json::array();
    for (const auto& s : p.split) {
      split.push_back({{"token", s.token ? nlohmann::json(*s.token) : nlohmann::json("end")}, {"count", s.count}});
    }
    out.push_back({{"prompt_id", p.prompt_id},
                   {"samples", p.samples},
                   {"distinct", p.distinct},
                   {"mode_count", p.mode_count},
                   {"common_prefix", p.common_prefix},
                   {"first_divergence", p.distinct > 1 ? nlohmann::json(p.common_prefix) : nlohmann::json()},
                   {"split", split}});
  }
  return out;
}

nlohmann::json side_json(const RunSideSummary& s) {
  return {{"path", s.path},
          {"lines", s.counts.lines},
          {"blank_lines", s.counts.blank_lines},
          {"records", s.counts.records},
          {"unpaired", s.unpaired},
          {"prompts", prompts_json(s.prompts)}};
}

nlohmann::json level_json(const WeightLevel& w) {
  return {{"mean", w.mean},         {"max", w.max},
          {"min", w.min},           {"std", w.std},
          {"ess", w.ess},           {"fraction_truncated", w.fraction_high},
          {"fraction_high", w.fraction_high}, {"fraction_low", w.fraction_low},
          {"fraction_masked", w.fraction_masked}};
}

nlohmann::json histogram_json(const std::map<std::int64_t, std::int64_t>& h) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [pos, count] : h) out.push_back({{"position", pos}, {"pairs", count}});
  return out;
}

}  // namespace

nlohmann::json compare_report_json(const CompareReport& r) {
  nlohmann::json j;
  j["run_a"] = side_json(r.a);
  j["run_b"] = side_json(r.b);
  j["pairs"] = r.pairs;
  j["pairs_identical_tokens"] = r.pairs_identical_tokens;
  j["pairs_diverged"] = r.pairs_diverged;
  j["divergence_positions"] = histogram_json(r.divergence_positions);
  nlohmann::json divs = nlohmann::json::array();
  for (const auto& d : r.first_divergences) {
    divs.push_back({{"prompt_id", d.prompt_id}, {"sample", d.sample}, {"position", d.position},
                    {"token_a", d.token_a < 0 ? nlohmann::json("end") : nlohmann::json(d.token_a)},
                    {"token_b", d.token_b < 0 ? nlohmann::json("end") : nlohmann::json(d.token_b)}});
  }
  j["divergences"] = divs;

  const auto& lp = r.logprobs;
  nlohmann::json hist = nlohmann::json::array();
  for (int i = 0; i < kUlpBuckets; ++i) {
    if (lp.ulp_histogram[i]) hist.push_back({{"ulps", ulp_bucket_label(i)}, {"count", lp.ulp_histogram[i]}});
  }
  nlohmann::json largest = nlohmann::json::array();
  for (const auto& d : lp.largest) {
    largest.push_back({{"prompt_id", d.prompt_id}, {"sample", d.sample}, {"position", d.position},
                       {"token", d.token}, {"a", d.a}, {"b", d.b}, {"abs_diff", d.abs_diff}, {"ulps", d.ulp}});
  }
  j["logprobs"] = {{"compared", lp.compared},
                   {"bitwise_equal", lp.bitwise_equal},
                   {"bitwise_different", lp.compared - lp.bitwise_equal},
                   {"signed_zero_only", lp.signed_zero_only},
                   {"nan", lp.nan},
                   {"pairs_bitwise_equal", lp.pairs_bitwise_equal},
                   {"first_bit_difference_positions", histogram_json(lp.first_bit_difference)},
                   {"max_abs_diff", lp.max_abs_diff},
                   {"mean_abs_diff", lp.mean_abs_diff},
                   {"ulp_precision", lp.ulp_precision},
                   {"max_ulps", lp.max_ulp},
                   {"ulp_histogram", hist},
                   {"largest", largest}};

  const auto& m = r.mismatch;
  const auto& t = r.options.thresholds;
  nlohmann::json rejection = nlohmann::json::object();
  for (const auto& s : m.rejection) {
    rejection[s.name] = {{"mean", s.mean}, {"max", s.max}, {"min", s.min},
                         {"fraction_high", s.fraction_high}, {"fraction_low", s.fraction_low}};
  }
  j["mismatch"] = {
      {"rollout_run", r.options.trainer_is_a ? "b" : "a"},
      {"training_run", r.options.trainer_is_a ? "a" : "b"},
      {"tokens", m.tokens},
      {"sequences", m.sequences},
      {"thresholds", {{"is_lower", t.is_lower}, {"is_upper", t.is_upper}, {"rs_k1_lower", t.rs_k1_lower},
                      {"rs_k1_upper", t.rs_k1_upper}, {"rs_kl_upper", t.rs_kl_upper}}},
      {"kl", m.kl_k1},
      {"k2_kl", m.kl_k2},
      {"k3_kl", m.kl_k3},
      {"training_ppl", m.training_ppl},
      {"training_log_ppl", m.training_log_ppl},
      {"rollout_ppl", m.rollout_ppl},
      {"rollout_log_ppl", m.rollout_log_ppl},
      {"log_ppl_diff", m.log_ppl_diff},
      {"log_ppl_abs_diff", m.log_ppl_abs_diff},
      {"log_ppl_diff_max", m.log_ppl_diff_max},
      {"log_ppl_diff_min", m.log_ppl_diff_min},
      {"ppl_ratio", m.ppl_ratio},
      {"chi2_token", m.chi2_token},
      {"chi2_seq", m.chi2_seq},
      {"optimal_seq_truncation", m.optimal_truncation},
      {"is_token", level_json(m.token)},
      {"is_sequence", level_json(m.sequence)},
      {"is_geometric", level_json(m.geometric)},
      {"rejection", rejection}};
  return j;
}

namespace {

void prompts_table(std::string& out, const char* label, const RunSideSummary& s, std::size_t max_prompts) {
  std::int64_t deterministic = 0;
  for (const auto& p : s.prompts) deterministic += p.distinct == 1 ? 1 : 0;
  out += fmt::format("Run {}: {} ({} records, {} prompts, {} with a single distinct completion, {} unpaired)\n",
                     label, s.path, s.counts.records, s.prompts.size(), deterministic, s.unpaired);
  std::vector<const PromptCompletions*> order;
  for (const auto& p : s.prompts) order.push_back(&p);
  std::stable_sort(order.begin(), order.end(), [](auto* x, auto* y) { return x->distinct > y->distinct; });
  if (order.size() > max_prompts) order.resize(max_prompts);
  if (order.empty()) return;
  out += fmt::format("  {:<16} {:>8} {:>8} {:>6} {:>10}  {}\n", "prompt", "samples", "distinct", "mode",
                     "diverge@", "tokens at divergence (count)");
  for (const auto* p : order) {
    std::string split;
    for (std::size_t i = 0; i < p->split.size() && i < 4; ++i) {
      const auto& t = p->split[i];
      split += fmt::format("{}{}x{}", i ? ", " : "", t.token ? std::to_string(*t.token) : "end", t.count);
    }
    if (p->split.size() > 4) split += ", ...";
    out += fmt::format("  {:<16} {:>8} {:>8} {:>6} {:>10}  {}\n", p->prompt_id, p->samples, p->distinct,
                       p->mode_count, p->distinct > 1 ? std::to_string(p->common_prefix) : "-", split);
  }
}

}  // namespace

std::string compare_report_table(const CompareReport& r, std::size_t max_prompts) {
  std::string out;
  out += "== Completions per prompt\n";
  prompts_table(out, "A", r.a, max_prompts);
  prompts_table(out, "B", r.b, max_prompts);

  out += fmt::format("\n== Token divergence, A vs B ({} pairs: {} identical, {} diverged)\n", r.pairs,
                     r.pairs_identical_tokens, r.pairs_diverged);
  if (!r.divergence_positions.empty()) {
    out += "  first divergence position: pairs\n";
    std::size_t shown = 0;
    for (const auto& [pos, n] : r.divergence_positions) {
      if (shown++ == 20) {
        out += fmt::format("  ... {} more positions (see --format json)\n", r.divergence_positions.size() - 20);
        break;
      }
      out += fmt::format("  {:>8}: {}\n", pos, n);
    }
  }

  const auto& lp = r.logprobs;
  out += fmt::format("\n== Log-probs on shared token prefixes ({} positions)\n", lp.compared);
  out += fmt::format("  bitwise equal {} ({} pairs fully equal), different {} (signed zero only {}), NaN {}\n",
                     lp.bitwise_equal, lp.pairs_bitwise_equal, lp.compared - lp.bitwise_equal,
                     lp.signed_zero_only, lp.nan);
  out += fmt::format("  max |a-b| {:.6g}, mean |a-b| {:.6g}, max {} ULPs ({})\n", lp.max_abs_diff,
                     lp.mean_abs_diff, lp.max_ulp, lp.ulp_precision);
  out += "  ULP distance histogram:";
  for (int i = 0; i < kUlpBuckets; ++i) {
    if (lp.ulp_histogram[i]) out += fmt::format(" [{}]={}", ulp_bucket_label(i), lp.ulp_histogram[i]);
  }
  out += "\n";
  if (!lp.largest.empty()) {
    out += fmt::format("  {:<16} {:>6} {:>8} {:>10} {:>14} {:>14} {:>12} {:>10}\n", "prompt", "sample", "pos",
                       "token", "A", "B", "|A-B|", "ULPs");
    for (const auto& d : lp.largest) {
      out += fmt::format("  {:<16} {:>6} {:>8} {:>10} {:>14.9g} {:>14.9g} {:>12.6g} {:>10}\n", d.prompt_id,
                         d.sample, d.position, d.token, d.a, d.b, d.abs_diff, d.ulp);
    }
  }

  const auto& m = r.mismatch;
  const auto& t = r.options.thresholds;
  out += fmt::format("\n== Training-inference mismatch (verl definitions; rollout mu = run {}, trainer pi = run {}; "
                     "{} tokens in {} sequences)\n",
                     r.options.trainer_is_a ? "B" : "A", r.options.trainer_is_a ? "A" : "B", m.tokens, m.sequences);
  out += fmt::format("  kl (k1) {:.6g}   k2 {:.6g}   k3_kl {:.6g}\n", m.kl_k1, m.kl_k2, m.kl_k3);
  out += fmt::format("  training_ppl {:.6g} (log {:.6g})   rollout_ppl {:.6g} (log {:.6g})\n", m.training_ppl,
                     m.training_log_ppl, m.rollout_ppl, m.rollout_log_ppl);
  out += fmt::format("  log_ppl_diff {:.6g} (abs {:.6g}, max {:.6g}, min {:.6g})   ppl_ratio {:.6g}\n",
                     m.log_ppl_diff, m.log_ppl_abs_diff, m.log_ppl_diff_max, m.log_ppl_diff_min, m.ppl_ratio);
  out += fmt::format("  chi2_token {:.6g}   chi2_seq {:.6g}   optimal sequence truncation C* {:.6g}\n",
                     m.chi2_token, m.chi2_seq, m.optimal_truncation);
  out += fmt::format("  importance weights, bounds [{:.6g}, {:.6g}]:\n", t.is_lower, t.is_upper);
  out += fmt::format("  {:<10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11} {:>10} {:>9}\n", "level", "mean", "max",
                     "min", "std", "ESS", "truncated", "below", "masked");
  auto row = [&](const char* name, const WeightLevel& w) {
    out += fmt::format("  {:<10} {:>10.6g} {:>10.6g} {:>10.6g} {:>10.6g} {:>10.6g} {:>11.6g} {:>10.6g} {:>9.6g}\n",
                       name, w.mean, w.max, w.min, w.std, w.ess, w.fraction_high, w.fraction_low, w.fraction_masked);
  };
  row("token", m.token);
  row("sequence", m.sequence);
  row("geometric", m.geometric);
  out += fmt::format("  rejection (k1 ratio bounds [{:.6g}, {:.6g}], k2/k3 upper {:.6g}):\n", t.rs_k1_lower,
                     t.rs_k1_upper, t.rs_kl_upper);
  out += fmt::format("  {:<12} {:>12} {:>12} {:>12} {:>10} {:>10}\n", "option", "mean", "max", "min", "high",
                     "low");
  for (const auto& s : m.rejection) {
    out += fmt::format("  {:<12} {:>12.6g} {:>12.6g} {:>12.6g} {:>10.6g} {:>10.6g}\n", s.name, s.mean, s.max, s.min,
                       s.fraction_high, s.fraction_low);
  }
  return out;
}

}  // namespace llmsa::det
