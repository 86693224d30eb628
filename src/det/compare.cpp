#include "det/compare.hpp"

#include <algorithm>
#include <unordered_map>

namespace llmsa::det {

namespace {

// Reads one run, numbering each prompt's samples in arrival order.
class Side {
 public:
  explicit Side(const RunInput& in) : reader_(in.jsonl, in.raw_logprobs) {}

  // Next record and its sample index among its prompt's samples; false at the end.
  bool next(GenerationRecord& rec, std::int64_t& sample) {
    if (done_) return false;
    if (!reader_.next(rec)) {
      done_ = true;
      return false;
    }
    sample = next_sample_[rec.prompt_id]++;
    stats_.add(rec.prompt_id, rec.tokens);
    return true;
  }
  bool done() const { return done_; }
  RunReader& reader() { return reader_; }
  CompletionStats& stats() { return stats_; }

 private:
  RunReader reader_;
  bool done_ = false;
  std::unordered_map<std::string, std::int64_t> next_sample_;
  CompletionStats stats_;
};

std::string pair_key(const std::string& prompt, std::int64_t sample) {
  std::string key = prompt;
  key.push_back('\0');
  key += std::to_string(sample);
  return key;
}

class PairAnalysis {
 public:
  explicit PairAnalysis(const CompareOptions& o)
      : options_(o), diff_(o.keep_largest), mismatch_(o.thresholds) {}

  void add(const GenerationRecord& a, const GenerationRecord& b, std::int64_t sample) {
    ++report_pairs_;
    const std::size_t n = std::min(a.tokens.size(), b.tokens.size());
    std::size_t same = 0;
    while (same < n && a.tokens[same] == b.tokens[same]) ++same;
    const bool identical = same == n && a.tokens.size() == b.tokens.size();
    if (identical) {
      ++identical_;
    } else {
      ++diverged_;
      ++positions_[static_cast<std::int64_t>(same)];
      if (divergences_.size() < options_.keep_divergences) {
        divergences_.push_back(TokenDivergence{
            a.prompt_id, sample, static_cast<std::int64_t>(same),
            same < a.tokens.size() ? a.tokens[same] : -1, same < b.tokens.size() ? b.tokens[same] : -1});
      }
    }
    // Log-probs are comparable only while both runs hold the same token prefix.
    diff_.add_pair(a.prompt_id, sample, a.tokens, a.logprobs.data(), b.logprobs.data(), same);
    const auto* rollout = &a.logprobs;
    const auto* training = &b.logprobs;
    if (options_.trainer_is_a) std::swap(rollout, training);
    mismatch_.add_sequence(std::span<const double>(rollout->data(), same),
                           std::span<const double>(training->data(), same));
  }

  void fill(CompareReport& r) const {
    r.pairs = report_pairs_;
    r.pairs_identical_tokens = identical_;
    r.pairs_diverged = diverged_;
    r.divergence_positions = positions_;
    r.first_divergences = divergences_;
    r.logprobs = diff_.finish();
    r.mismatch = mismatch_.finish();
  }

 private:
  CompareOptions options_;
  std::int64_t report_pairs_ = 0, identical_ = 0, diverged_ = 0;
  std::map<std::int64_t, std::int64_t> positions_;
  std::vector<TokenDivergence> divergences_;
  LogprobDiffAccumulator diff_;
  MismatchAccumulator mismatch_;
};

struct Waiting {
  GenerationRecord record;
  std::int64_t sample = 0;
};

}  // namespace

CompareReport compare_runs(const RunInput& in_a, const RunInput& in_b, const CompareOptions& options) {
  Side a(in_a), b(in_b);
  PairAnalysis analysis(options);
  // Samples whose partner has not been read yet, keyed by (prompt id, sample index).
  std::unordered_map<std::string, Waiting> waiting_a, waiting_b;
  GenerationRecord rec;
  std::int64_t sample = 0;

  // Reads one record from `side`; pairs it if its partner is waiting in `other_waiting`.
  auto step = [&](Side& side, std::unordered_map<std::string, Waiting>& own_waiting,
                  std::unordered_map<std::string, Waiting>& other_waiting, bool side_is_a) {
    if (!side.next(rec, sample)) return;
    std::string key = pair_key(rec.prompt_id, sample);
    auto it = other_waiting.find(key);
    if (it == other_waiting.end()) {
      own_waiting.emplace(std::move(key), Waiting{rec, sample});
      return;
    }
    if (side_is_a) analysis.add(rec, it->second.record, sample);
    else analysis.add(it->second.record, rec, sample);
    other_waiting.erase(it);
  };
  while (!a.done() || !b.done()) {
    step(a, waiting_a, waiting_b, true);
    step(b, waiting_b, waiting_a, false);
  }

  CompareReport report;
  report.options = options;
  analysis.fill(report);
  report.a = RunSideSummary{in_a.jsonl, a.reader().counts(), static_cast<std::int64_t>(waiting_a.size()),
                            a.stats().summarize()};
  report.b = RunSideSummary{in_b.jsonl, b.reader().counts(), static_cast<std::int64_t>(waiting_b.size()),
                            b.stats().summarize()};
  return report;
}

}  // namespace llmsa::det
