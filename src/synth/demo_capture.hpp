#pragma once
// The capture behind `llmsa demo`: a 4-rank Ascend inference run of a DeepSeek-like MoE model slice
// (MLA attention, one dense layer then MoE layers with fused MC2 dispatch + expert FFN + combine,
// TP all-reduces), one prefill step then decode steps, with three problems injected:
//   - slow_rank:     one rank computes slower, so it arrives last at every all-reduce and the other
//                    ranks wait inside the collective (their all-reduces are long, its own short);
//   - host_bubble:   on one rank, in every decode step, the host launches the sampling kernel late
//                    (Python work before the launch), leaving the device idle before that kernel;
//   - aicpu_exposed: an operator that runs on the AI CPU with nothing overlapping it, every step.
// Fully determined by DemoOptions (fixed seed): the same options write byte-identical files.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "synth/ascend_capture.hpp"

namespace llmsa::synth {

struct DemoOptions {
  int ranks = 4;
  int decode_steps = 6;
  int moe_layers = 3;  // after one dense layer
  int straggler_rank = 2;
  double straggler_slowdown = 1.5;  // compute kernels of the straggler take this much longer
  int bubble_rank = 1;
  std::int64_t host_delay_ns = 600'000;  // how late the sampling kernel's launch comes
  std::uint64_t seed = 20251125;
};

// Where one injected problem landed: the rows of one written file.
struct InjectedRows {
  int rank = -1;
  std::filesystem::path file;
  std::string format;
  std::vector<std::uint64_t> rows;  // 0-based data rows / records, ascending
};

struct InjectedProblem {
  std::string kind;     // "slow_rank" | "host_bubble" | "aicpu_exposed"
  std::vector<int> ranks;
  std::string op_name;  // the kernel or operator concerned
  std::string summary;  // one sentence for people
  std::vector<InjectedRows> rows;
};

struct DemoCapture {
  std::filesystem::path root;  // the folder holding the rank folders
  std::vector<std::vector<WrittenFile>> files;  // per rank
  std::vector<InjectedProblem> injected;
};

// The ranks' tasks, steps and host slices, before writing.
std::vector<SynthRank> build_demo_ranks(const DemoOptions& options = {});

// Writes the capture under `root` (created when missing).
DemoCapture write_demo_capture(const std::filesystem::path& root, const DemoOptions& options = {});

// The names the demo uses for its injected kernels (for tests and the CLI's summary).
inline constexpr const char* kDemoAicpuOp = "NonZero";
inline constexpr const char* kDemoBubbleKernel = "aclnnArgMax_ArgMaxV2_ArgMaxV2";

}  // namespace llmsa::synth
