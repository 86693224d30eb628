// Writes two runs of generations with divergences injected at known positions, for `llmsa det compare`
// and bench_det_compare. Usage:
//   gen_det_runs OUT_A OUT_B [prompts=1000] [samples=4] [length=512] [shift=0.001]
// Every 7th prompt's sample 0 diverges at position (prompt % length); the shared prefix of B's
// log-probs is A's plus `shift`.
#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "det/synthetic_runs.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: {} OUT_A OUT_B [prompts] [samples] [length] [shift]\n", argv[0]);
    return 2;
  }
  llmsa::det::SyntheticRunsSpec spec;
  spec.prompts = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000;
  spec.samples_per_prompt = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 4;
  spec.length = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 512;
  spec.logprob_shift = argc > 6 ? std::strtod(argv[6], nullptr) : 0.001;
  if (spec.length == 0) spec.length = 1;
  for (std::size_t p = 0; p < spec.prompts; p += 7) spec.divergences.push_back({p, 0, p % spec.length});
  try {
    const auto n = llmsa::det::write_synthetic_runs(spec, argv[1], argv[2]);
    fmt::print("wrote {} records to each of {} and {} ({} injected divergences)\n", n, argv[1], argv[2],
               spec.divergences.size());
  } catch (const llmsa::Error& e) {
    fmt::print(stderr, "gen_det_runs: {}\n", e.what());
    return 2;
  }
  return 0;
}
