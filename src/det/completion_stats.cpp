#include "det/completion_stats.hpp"

#include <algorithm>
#include <charconv>

namespace llmsa::det {

std::size_t CompletionStats::VectorHash::operator()(const std::vector<std::int32_t>& v) const {
  // FNV-1a over the ids; collisions only cost a comparison.
  std::uint64_t h = 1469598103934665603ull;
  for (std::int32_t t : v) {
    h ^= static_cast<std::uint32_t>(t);
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h ^ v.size());
}

void CompletionStats::add(const std::string& prompt_id, const std::vector<std::int32_t>& tokens) {
  ++prompts_[prompt_id][tokens];
}

namespace {

std::optional<std::int64_t> as_integer(const std::string& s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

bool prompt_id_less(const std::string& a, const std::string& b) {
  auto ia = as_integer(a), ib = as_integer(b);
  if (ia && ib) return *ia < *ib;
  if (ia != std::nullopt || ib != std::nullopt) return ia.has_value();
  return a < b;
}

std::vector<PromptCompletions> CompletionStats::summarize() const {
  std::vector<PromptCompletions> out;
  out.reserve(prompts_.size());
  for (const auto& [id, sequences] : prompts_) {
    PromptCompletions p;
    p.prompt_id = id;
    p.distinct = static_cast<std::int64_t>(sequences.size());
    const std::vector<std::int32_t>* first = nullptr;
    for (const auto& [seq, count] : sequences) {
      p.samples += count;
      p.mode_count = std::max(p.mode_count, count);
      if (!first) {
        first = &seq;
        p.common_prefix = seq.size();
        continue;
      }
      std::size_t n = std::min(p.common_prefix, seq.size());
      std::size_t i = 0;
      while (i < n && seq[i] == (*first)[i]) ++i;
      p.common_prefix = i;
    }
    if (p.distinct > 1) {
      std::map<std::int32_t, std::int64_t> at;
      std::int64_t ended = 0;
      for (const auto& [seq, count] : sequences) {
        if (seq.size() > p.common_prefix) at[seq[p.common_prefix]] += count;
        else ended += count;
      }
      for (const auto& [token, count] : at) p.split.push_back({token, count});
      std::stable_sort(p.split.begin(), p.split.end(),
                       [](const auto& a, const auto& b) { return a.count > b.count; });
      if (ended) p.split.push_back({std::nullopt, ended});
    }
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return prompt_id_less(a.prompt_id, b.prompt_id); });
  return out;
}

}  // namespace llmsa::det
