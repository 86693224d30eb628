#pragma once
// Per prompt: how many distinct completions one run produced, how often the commonest appeared, and
// the first token position where the completions stop agreeing, with the tokens seen there
// (e.g. "pos 102: A×992, B×8"; reference §1.3 and §4.1).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace llmsa::det {

struct TokenAtDivergence {
  std::optional<std::int32_t> token;  // empty: the completion ended at that position
  std::int64_t count = 0;
};

struct PromptCompletions {
  std::string prompt_id;
  std::int64_t samples = 0;
  std::int64_t distinct = 0;      // distinct token sequences
  std::int64_t mode_count = 0;    // samples equal to the commonest sequence
  // Length of the longest prefix shared by every sample. When distinct > 1 this is also the 0-based
  // position of the first divergence.
  std::size_t common_prefix = 0;
  // When distinct > 1: what the samples hold at `common_prefix`, commonest first (ties by token id,
  // "ended" last).
  std::vector<TokenAtDivergence> split;
};

class CompletionStats {
 public:
  void add(const std::string& prompt_id, const std::vector<std::int32_t>& tokens);
  // Sorted by prompt id (integers numerically, before other ids).
  std::vector<PromptCompletions> summarize() const;
  std::size_t prompts() const { return prompts_.size(); }

 private:
  struct VectorHash {
    std::size_t operator()(const std::vector<std::int32_t>& v) const;
  };
  // Distinct sequences are kept (tokens only) because the common prefix can shrink with every new one.
  std::unordered_map<std::string, std::unordered_map<std::vector<std::int32_t>, std::int64_t, VectorHash>> prompts_;
};

// Orders prompt ids: integers by value first, then other strings bytewise.
bool prompt_id_less(const std::string& a, const std::string& b);

}  // namespace llmsa::det
