// `llmsa det compare` and `llmsa det kernels`: the determinism toolkit (docs/det.md).
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <nlohmann/json.hpp>

#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "det/compare.hpp"
#include "det/compare_format.hpp"
#include "det/kernel_demo.hpp"

namespace llmsa::cli {
namespace {

constexpr const char* kMetricDefinitions = R"(Definitions (verl rollout_corr_helper.py; mu = rollout run, pi = trainer run).
Samples pair by prompt_id and order within the prompt. Metrics use only the positions before a pair's
first token divergence (same tokens in both runs). For each such token r = log pi - log mu.
"Mean over tokens" pools all compared tokens; "mean over sequences" takes one value per pair that has
at least one compared token. clamp(x) = min(max(x, -20), 20).
  kl              mean over tokens of (log mu - log pi) = -r           (k1, signed, estimates KL(mu||pi))
  k2_kl           mean over tokens of clamp(r)^2 / 2
  k3_kl           mean over tokens of exp(r) - r - 1                   (verl k3_kl, unclamped)
  training_ppl    mean over sequences of exp(-mean_t log pi); training_log_ppl = mean over sequences of -mean_t log pi
  rollout_ppl     the same with log mu
  log_ppl_diff    mean over sequences of (mean_t log mu - mean_t log pi); _abs_diff: mean of its absolute
                  value; _max/_min over sequences. ppl_ratio = mean over sequences of exp(that difference)
  chi2_token      mean over tokens of exp(2 clamp(r)) - 1
  chi2_seq        mean over sequences of exp(2 clamp(sum_t r)) - 1;  C* = sqrt(2 (1 + chi2_seq))
Importance weights with bounds [L, U] (--is-threshold, default U = 2, L = 1/U):
  token level     w = exp(clamp(r)) per token
  sequence level  w = exp(clamp(sum_t r)), one per sequence, broadcast to its tokens
  geometric level w = exp(clamp(mean_t r)), one per sequence, broadcast to its tokens
  mean            mean over tokens of min(w, U);  std = sqrt(mean(min(w,U)^2) - mean^2)
  ESS             1 / mean over tokens of (min(w,U) / (mean + 1e-8))^2
  max/min         token: of min(w, U); sequence/geometric: exp(min(max log w, 20)) and exp(min log w)
  truncated       fraction with w > U (TIS clamps them): of tokens (token level) or of sequences
  below           fraction with w < L;  masked = truncated + below (IcePop / MIS / Geo-RS zero them)
Rejection statistics (verl rollout_rs options), with clamp(r): k1 = -r, k2 = r^2/2, k3 = exp(r) - 1 - r.
  token_kN is per token; seq_sum_kN / seq_mean_kN / seq_max_kN is the sum / mean / max over a sequence.
  high = fraction of tokens (token_*) or sequences (seq_*) above the upper bound: ln(U1) for k1
  (--rs-k1, ratio bounds L1_U1, default 0.5_2), --rs-kl for k2/k3 (default 0.01); low = k1 below ln(L1).
Log-probs: bitwise equal = same IEEE bits (-0 and +0 differ); ULPs = representable values between them
  (float32 when every compared value is a float32, else float64).)";

class DetCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    det_ = app.add_subcommand("det", "Determinism: compare two runs' generations; show batch-invariant kernels");
    det_->require_subcommand(1);
    det_->footer("Examples:\n  llmsa det compare vllm.jsonl fsdp.jsonl\n  llmsa det kernels --max-batch 16");

    compare_ = det_->add_subcommand("compare", "Compare two runs (or two engines) sample by sample");
    compare_->add_option("run_a", a_.jsonl, "JSONL of run A: {\"prompt_id\", \"tokens\": [...], \"logprobs\": [...]} per line")
        ->required();
    compare_->add_option("run_b", b_.jsonl, "JSONL of run B, same format")->required();
    compare_->add_option("--raw-logprobs-a", a_.raw_logprobs,
                         "Little-endian float32 file with run A's log-probs, all records back to back");
    compare_->add_option("--raw-logprobs-b", b_.raw_logprobs, "The same for run B");
    compare_->add_option("--trainer", trainer_, "Which run is the trainer (pi); the other is the rollout (mu)")
        ->check(CLI::IsMember({"a", "b"}))
        ->capture_default_str();
    compare_->add_option("--is-threshold", is_threshold_, "Importance-weight bounds: U or L_U (L defaults to 1/U)")
        ->capture_default_str();
    compare_->add_option("--rs-k1", rs_k1_, "k1 rejection ratio bounds: U or L_U (compared as ln L <= k1 <= ln U)")
        ->capture_default_str();
    compare_->add_option("--rs-kl", rs_kl_, "Upper bound for the k2 and k3 rejection statistics")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    compare_->add_option("--top", options_.keep_largest, "Largest log-prob differences to list")->capture_default_str();
    compare_->add_option("--max-divergences", options_.keep_divergences, "Token divergences to list individually")
        ->capture_default_str();
    compare_->add_option("--max-prompts", max_prompts_, "Prompts per run in the table")->capture_default_str();
    add_format_option(compare_, compare_format_, {"table", "json"});
    compare_->footer(std::string("Example:\n  llmsa det compare rollout.jsonl trainer.jsonl --is-threshold 2.0 --format json\n\n") +
                     kMetricDefinitions);

    kernels_ = det_->add_subcommand("kernels", "Run batch-variant and batch-invariant reference kernels");
    kernels_->add_option("--max-batch", demo_.max_batch, "Check batch sizes 1..N")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    kernels_->add_option("--cores", demo_.shape.cores, "Cores the variant policies try to fill")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    // Splitting only pays off when the splits run in parallel, so time with real parallelism by default.
    demo_.shape.threads = std::max(1u, std::min(16u, std::thread::hardware_concurrency()));
    kernels_->add_option("--threads", demo_.shape.threads, "std::threads used (never changes a result)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    kernels_->add_option("--repeats", demo_.timing_repeats, "Timed calls per policy (median); 0 skips timing")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    add_format_option(kernels_, kernels_format_, {"table", "json"});
    kernels_->footer(
        "Example:\n  llmsa det kernels --max-batch 16 --cores 16 --threads 2\n\n"
        "For each batch size the table says whether row 0 is bitwise identical to its value at batch 1.\n"
        "matmul: C = A.B, K = 4096, N = 64, tiles 4x16; the variant splits K into cores/tiles parts when the\n"
        "  output tiles cannot fill the cores. rmsnorm: hidden 8192; the variant splits each row's sum of\n"
        "  squares cores/rows ways. attention_decode: request 0 has 1000 cached entries; the variant cuts\n"
        "  each request's KV into max(1, cores/batch) chunks, the invariant one into chunks of 256\n"
        "  ([256,256,256,232]). Cost of invariance = invariant / variant median time, measured in this run.");
    return det_;
  }

  int run() override {
    if (compare_->parsed()) return run_compare();
    return run_kernels();
  }

 private:
  int run_compare() {
    options_.trainer_is_a = trainer_ == "a";
    det::parse_ratio_bounds(is_threshold_, "--is-threshold", options_.thresholds.is_lower, options_.thresholds.is_upper);
    det::parse_ratio_bounds(rs_k1_, "--rs-k1", options_.thresholds.rs_k1_lower, options_.thresholds.rs_k1_upper);
    options_.thresholds.rs_kl_upper = rs_kl_;
    const auto report = det::compare_runs(a_, b_, options_);
    if (compare_format_ == "json") {
      fmt::print("{}\n", det::compare_report_json(report).dump(2));
    } else {
      fmt::print("{}", det::compare_report_table(report, max_prompts_));
    }
    return 0;
  }

  int run_kernels() {
    const auto demos = det::run_kernel_demo(demo_);
    if (kernels_format_ == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& d : demos) {
        nlohmann::json batches = nlohmann::json::array();
        for (const auto& b : d.batches) {
          batches.push_back({{"batch", b.batch}, {"variant_splits", b.plan}, {"variant_identical", b.variant_identical},
                             {"invariant_identical", b.invariant_identical},
                             {"variant_max_abs_diff", b.variant_max_abs_diff}});
        }
        out.push_back({{"kernel", d.name},
                       {"variant_policy", d.variant_policy},
                       {"invariant_policy", d.invariant_policy},
                       {"variant_ever_differs", d.variant_ever_differs},
                       {"invariant_always_identical", d.invariant_always_identical},
                       {"seconds", {{"variant_batch1", d.variant_seconds_batch1},
                                    {"invariant_batch1", d.invariant_seconds_batch1},
                                    {"variant_max_batch", d.variant_seconds_max_batch},
                                    {"invariant_max_batch", d.invariant_seconds_max_batch}}},
                       {"batches", batches}});
      }
      fmt::print("{}\n", nlohmann::json{{"cores", demo_.shape.cores}, {"threads", demo_.shape.threads},
                                        {"max_batch", demo_.max_batch}, {"kernels", out}}
                             .dump(2));
      return 0;
    }
    fmt::print("Row 0 bitwise identical to batch 1? (cores modelled {}, threads {})\n", demo_.shape.cores,
               demo_.shape.threads);
    for (const auto& d : demos) {
      fmt::print("\n{}\n  variant:   {}\n  invariant: {}\n", d.name, d.variant_policy, d.invariant_policy);
      fmt::print("  {:>6} {:>7} {:>10} {:>14} {:>10}\n", "batch", "splits", "variant", "max|diff|", "invariant");
      for (const auto& b : d.batches) {
        fmt::print("  {:>6} {:>7} {:>10} {:>14.6g} {:>10}\n", b.batch, b.plan, b.variant_identical ? "same" : "DIFFERS",
                   b.variant_max_abs_diff, b.invariant_identical ? "same" : "DIFFERS");
      }
      if (demo_.timing_repeats) {
        fmt::print("  cost of invariance (median of {}): batch 1 {:+.1f}% ({:.3g} vs {:.3g} ms), batch {} {:+.1f}% "
                   "({:.3g} vs {:.3g} ms)\n",
                   demo_.timing_repeats, det::slowdown_percent(d.variant_seconds_batch1, d.invariant_seconds_batch1),
                   d.invariant_seconds_batch1 * 1e3, d.variant_seconds_batch1 * 1e3, demo_.max_batch,
                   det::slowdown_percent(d.variant_seconds_max_batch, d.invariant_seconds_max_batch),
                   d.invariant_seconds_max_batch * 1e3, d.variant_seconds_max_batch * 1e3);
      }
    }
    return 0;
  }

  CLI::App* det_ = nullptr;
  CLI::App* compare_ = nullptr;
  CLI::App* kernels_ = nullptr;
  det::RunInput a_, b_;
  det::CompareOptions options_;
  std::string trainer_ = "b";
  std::string is_threshold_ = "2.0";
  std::string rs_k1_ = "0.5_2.0";
  double rs_kl_ = 0.01;
  std::size_t max_prompts_ = 10;
  std::string compare_format_, kernels_format_;
  det::KernelDemoOptions demo_;
};

const bool kRegistered = register_subcommand("det", [] { return std::make_unique<DetCommand>(); });

}  // namespace
}  // namespace llmsa::cli
