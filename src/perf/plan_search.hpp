#pragma once
// The training layout planner: every valid (tp, cp, ep, pp, dp, ZeRO stage / HSDP shard, micro-batch,
// virtual stages, recompute) for a model on N cards of one device type and a global batch, rejecting
// layouts that do not fit, ranked by step time. Evaluating one layout is O(1) arithmetic on a
// TrainModel summary, so the search runs millions of layouts per second (bench/bench_planner).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "perf/train_device.hpp"
#include "perf/train_layout.hpp"
#include "perf/train_memory.hpp"
#include "perf/train_model.hpp"
#include "perf/train_step.hpp"

namespace llmsa::perf {

struct PlanRequest {
  TrainModel model;
  TrainDevice device;
  TrainOptions options;  // optimizer, offload, fine-tuning, conventions (fixed for the search)
  std::int64_t cards = 8;
  std::int64_t global_batch = 8;  // sequences per step
  std::int64_t seq_len = 8192;
  int top = 5;                    // candidates kept (at most 16)
  int max_tp = 8;
  int max_cp = 8;
  int max_ep = 64;
  int max_micro_batch = 16;
  int max_vpp = 4;
};

struct PlanCandidate {
  TrainLayout layout;
  TrainMemory memory;
  StepBreakdown step;
};

// Why enumerated layouts were dropped. Order matters for the report only.
enum class PlanReject : std::uint8_t {
  kBatchNotDivisible,   // global batch not a multiple of dp x micro-batch
  kInterleaveMicrobatches,  // vpp > 1 needs microbatches % pp == 0
  kVppLayers,           // vpp exceeds the layers per stage
  kMemory,              // does not fit the card
};
inline constexpr int kPlanRejectCount = 4;
const char* plan_reject_name(PlanReject r);

// The best candidate for one value of one dimension, to explain why the winner's value was chosen.
struct DimensionAlternative {
  std::string dimension;  // "tp", "pp", ...
  int value = 0;
  bool feasible = false;
  PlanCandidate best;
};

struct PlanResult {
  std::vector<PlanCandidate> best;  // ranked by step time (ties: lower peak memory)
  std::int64_t enumerated = 0;      // layouts generated
  std::int64_t evaluated = 0;       // layouts whose memory and time were computed
  std::int64_t feasible = 0;
  std::array<std::int64_t, kPlanRejectCount> rejected{};
  bool has_closest = false;         // the smallest-peak layout that did not fit
  PlanCandidate closest;
  std::vector<DimensionAlternative> alternatives;
  std::string bound;                // when nothing fits: which limit bound the search
};

PlanResult search_layouts(const PlanRequest& req);

// One line saying why `other` is slower than `best`: its largest extra time components.
std::string why_slower(const PlanCandidate& best, const PlanCandidate& other);
// Sentences explaining the winner: where its time goes, what fits, and how the best layout with a
// different value of each dimension compares.
std::vector<std::string> explain_best(const PlanResult& r, const PlanRequest& req);
// "tp4 pp2 dp4 ep1 cp1 vpp2 mb1 zero2 rc=full"
std::string layout_label(const TrainLayout& l);

}  // namespace llmsa::perf
