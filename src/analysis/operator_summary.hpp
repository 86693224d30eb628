#pragma once
// Operators of one rank (ascend-profiling.md A.8, A.10 operator_summary.csv / aicpu_summary.csv):
// device events aggregated per (name, op type, accelerator core), ranked twice — by summed duration and
// by summed duration plus wait (total cost) — with the wait-anchor and false-hotspot flags of A.8, the
// Cube/Vector bound of each aggregate and of the rank per op_type (operator_bound.hpp), and the
// attention family the rank's attention kernels resolve to (A.6, op_families.hpp).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/device_tasks.hpp"
#include "analysis/event_classes.hpp"
#include "analysis/kernel_classifier.hpp"
#include "analysis/op_families.hpp"
#include "analysis/operator_bound.hpp"
#include "analysis/thresholds.hpp"
#include "trace/profile.hpp"

namespace llmsa::analysis {

struct OperatorAggregate {
  std::string name, type, core;  // type/core: Ascend Type and Accelerator Core (Kineto: cat)
  std::string role;              // op_role_name of the primary role
  std::vector<std::string> categories;
  std::int64_t calls = 0;
  std::int64_t duration_sum_ns = 0;
  std::int64_t wait_sum_ns = 0;       // 0 when the format has no wait column
  bool has_wait = false;              // at least one call carried a wait time
  std::int64_t total_cost_sum_ns = 0;  // duration + wait
  double duration_avg_us = 0, wait_avg_us = 0, total_cost_avg_us = 0;
  double wait_ratio = 0;  // wait / (duration + wait)
  int stream_count = 0;
  int rank_by_duration = 0;    // 1-based
  int rank_by_total_cost = 0;  // 1-based, by total_cost_avg (A.8 false-hotspot rule)
  bool wait_anchor = false;          // wait_ratio > wait_anchor_ratio
  bool false_hotspot_risk = false;   // wait_ratio > 0.95, duration_avg < 10 us, rank by total_cost_avg <= 10
  PipelineTotals pipeline;
  BoundClass bound;
  std::vector<std::uint32_t> events;  // event indices, ascending
};

// One AICPU operator: how much of its time AI-core-like work covers (A.8 AICPU masking).
struct AicpuMasking {
  std::string name;
  std::int64_t calls = 0;
  std::int64_t duration_sum_ns = 0;
  std::int64_t overlap_with_ai_core_ns = 0;
  double masked_ratio = 0;
  std::string classification;  // AICPU_MASKED_BUT_UNDESIRABLE | AICPU_PARTIALLY_EXPOSED | AICPU_EXPOSED_NOT_ALLOWED
  std::vector<std::uint32_t> events;
};

struct OpTypeBound {  // aggregate bound of all operators of one op_type (aic, aiv, mix_cv, ...)
  std::string op_type;
  std::int64_t calls = 0;
  std::int64_t duration_sum_ns = 0;
  PipelineTotals pipeline;
  BoundClass bound;
};

struct OperatorSummary {
  int rank = -1;
  std::vector<OperatorAggregate> operators;     // ordered by duration (rank_by_duration)
  std::vector<std::size_t> by_total_cost;       // indices into operators, by total_cost_avg descending
  std::vector<AicpuMasking> aicpu;              // by duration descending
  std::vector<OpTypeBound> op_type_bounds;      // sorted by op_type
  PipelineTotals rank_pipeline;
  BoundClass rank_bound;                        // over every operator with pipeline data
  bool pipeline_available = false;              // PMU time columns present (Level1+ PipeUtilization)
  std::string attention_family;                 // "" when the rank has no attention kernels
  bool attention_family_heuristic = false;
  std::int64_t wait_anchor_calls = 0;           // calls of wait-anchor aggregates
  std::int64_t device_op_calls = 0;             // calls of every aggregate
};

// The operators of a rank are the device tasks DeviceTaskSources counts (device_tasks.hpp): the same
// events, chosen by the same rule for duplicate sources, as the time algebra of part A.

// Attention family (A.6) of a window of events (a layer or block from the step segmentation): the set of
// attention categories of its kernels resolved by FamilyRules::attention(); id "" when the window has
// no attention kernel.
FamilyMatch attention_family_of(const trace::RankEvents& ev, const std::vector<std::uint32_t>& events,
                                const KernelClassifier& classifier);

OperatorSummary summarize_operators(const trace::RankProfile& rank, const KernelClassifier& classifier,
                                    const Thresholds& thresholds = Thresholds::builtin());
// The same with the rank's events already classified (`classes` built from rank.events with `classifier`).
OperatorSummary summarize_operators(const trace::RankProfile& rank, const EventClasses& classes,
                                    const KernelClassifier& classifier,
                                    const Thresholds& thresholds = Thresholds::builtin());

}  // namespace llmsa::analysis
