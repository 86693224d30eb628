#include "det/synthetic_runs.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"

namespace llmsa::det {

namespace {

std::uint64_t mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::int32_t kVocab = 151936;  // Qwen's vocabulary size; any value works

}  // namespace

void make_synthetic_pair(const SyntheticRunsSpec& spec, std::size_t prompt, std::size_t sample,
                         GenerationRecord& a, GenerationRecord& b) {
  a.prompt_id = fmt::format("p{}", prompt);
  b.prompt_id = a.prompt_id;
  a.tokens.resize(spec.length);
  a.logprobs.resize(spec.length);
  std::size_t diverge = spec.length;  // none
  for (const auto& d : spec.divergences) {
    if (d.prompt == prompt && d.sample == sample) diverge = std::min(diverge, d.position);
  }
  // Every sample of a prompt gets the same tokens in run A (a deterministic engine).
  const std::uint64_t base = mix(spec.seed ^ mix(prompt));
  for (std::size_t t = 0; t < spec.length; ++t) {
    const std::uint64_t h = mix(base + t);
    a.tokens[t] = static_cast<std::int32_t>(h % kVocab);
    // A float32 log-prob in (-8, 0], quantized to 2^-20 so it is exact in float32.
    a.logprobs[t] = -static_cast<double>((h >> 32) % (8u << 20)) / static_cast<double>(1u << 20);
  }
  b = a;
  for (std::size_t t = 0; t < spec.length; ++t) {
    if (t >= diverge) {
      // A different token from the divergence on (never equal to A's at the divergence itself).
      b.tokens[t] = static_cast<std::int32_t>((a.tokens[t] + 1 + mix(base ^ t) % 1000) % kVocab);
      b.logprobs[t] = a.logprobs[t] * 0.5;
    } else {
      b.logprobs[t] = a.logprobs[t] + spec.logprob_shift;
    }
  }
}

std::string generation_line(const GenerationRecord& r) {
  std::string out = fmt::format("{{\"prompt_id\": \"{}\", \"tokens\": [", r.prompt_id);
  for (std::size_t i = 0; i < r.tokens.size(); ++i) out += fmt::format("{}{}", i ? "," : "", r.tokens[i]);
  out += "], \"logprobs\": [";
  for (std::size_t i = 0; i < r.logprobs.size(); ++i) out += fmt::format("{}{:.17g}", i ? "," : "", r.logprobs[i]);
  out += "]}\n";
  return out;
}

std::size_t write_synthetic_runs(const SyntheticRunsSpec& spec, const std::string& path_a, const std::string& path_b) {
  std::FILE* fa = std::fopen(path_a.c_str(), "wb");
  if (!fa) throw_bad_input(SourceLocation{path_a, -1, -1, ""}, std::string("cannot write: ") + std::strerror(errno));
  std::FILE* fb = std::fopen(path_b.c_str(), "wb");
  if (!fb) {
    std::fclose(fa);
    throw_bad_input(SourceLocation{path_b, -1, -1, ""}, std::string("cannot write: ") + std::strerror(errno));
  }
  GenerationRecord a, b;
  std::size_t written = 0;
  bool ok = true;
  for (std::size_t s = 0; s < spec.samples_per_prompt; ++s) {
    for (std::size_t p = 0; p < spec.prompts; ++p) {
      make_synthetic_pair(spec, p, s, a, b);
      const std::string la = generation_line(a), lb = generation_line(b);
      ok &= std::fwrite(la.data(), 1, la.size(), fa) == la.size();
      ok &= std::fwrite(lb.data(), 1, lb.size(), fb) == lb.size();
      ++written;
    }
  }
  ok &= std::fclose(fa) == 0;
  ok &= std::fclose(fb) == 0;
  if (!ok) throw_bad_input(SourceLocation{path_a, -1, -1, ""}, "write failed (disk full?)");
  return written;
}

}  // namespace llmsa::det
