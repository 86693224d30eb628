#pragma once
// Step time of one training step (methodology s10, Part 6):
//   step = mu (t_compute + EP + TP + PP + CP + FSDP exposed) + bubble + DP exposed + offload
// with per-dimension communication volumes over the tier each group lands on (ranks ordered
// tp, cp, ep, dp, pp from the inside out; a group within the scale-up domain uses the scale-up
// fabric). Overlap follows the reference's conditions: TP, EP, CP and PP sit on the critical path
// (data dependency or a window far shorter than the transfer), the DP gradient reduce is bucketed
// (a data share hidden), FSDP all-gathers hide when the layer compute covers them.
#include <cstdint>
#include <string>
#include <vector>

#include "perf/train_device.hpp"
#include "perf/train_layout.hpp"
#include "perf/train_model.hpp"

namespace llmsa::perf {

// Everything in seconds; per-microbatch values are per microbatch on the slowest stage.
struct StepBreakdown {
  std::int64_t microbatches = 0;
  double compute_mb = 0;    // forward + backward + recompute
  double useful_mb = 0;     // forward + backward
  double tp_mb = 0;         // exposed TP collectives
  double ep_mb = 0;         // exposed EP all-to-all
  double pp_mb = 0;         // exposed pipeline p2p
  double cp_mb = 0;         // exposed context-parallel ring
  double fsdp_mb = 0;       // exposed FSDP all-gather / reduce-scatter
  double bubble = 0;
  double dp_total = 0;      // gradient reduce before overlap
  double dp_exposed = 0;
  double offload = 0;       // PCIe + CPU optimizer time
  double step = 0;
  double tokens_per_s = 0;
  double eta = 0;            // useful compute time / step (recompute counted as overhead, s10)
  double compute_share = 0;  // compute time incl. recompute / step (the M3 example's "eta")
  double mfu = 0;            // model FLOPs / (peak x step)
};

// Values a worked example fixes by hand (e.g. the methodology's per-microbatch stage time, which
// rests on its F17 expert width); zero means "compute it".
struct StepOverrides {
  double compute_mb = 0;
  double useful_mb = 0;
};

StepBreakdown train_step(const TrainModel& m, const TrainLayout& l, const TrainOptions& o, const TrainDevice& d,
                         const StepOverrides& ov = {});

// Pipeline bubble (s10). Megatron: (pp - 1) / v x t_fb (the idle time of one stage). Methodology:
// (pp - 1) / (v mu) x t_fb, the bubble fraction times one microbatch (A5: the worked example divides
// by mu twice; the Megatron value is the physical one).
double pipeline_bubble_seconds(int pp, int vpp, std::int64_t microbatches, double t_fb, Conventions c);

// The s10 composition, for worked examples given as their per-dimension times.
double compose_step_seconds(std::int64_t microbatches, double compute_mb, double ep_mb, double tp_mb, double pp_mb,
                            double bubble, double dp_exposed);

// One communication line of a report.
struct CommLine {
  std::string dimension;  // "TP", "EP", "PP", "CP", "DP", "FSDP", "offload"
  std::string primitive;
  std::string tier;       // link name
  bool scale_up = true;
  double payload_bytes = 0;  // one operation's payload
  double wire_bytes = 0;     // per rank per operation
  double ops = 0;            // operations per step (all microbatches)
  double bandwidth = 0;      // bytes/s used
  double seconds = 0;        // total per step
  double exposed_seconds = 0;
  std::string overlap;       // why it is or is not hidden
};
std::vector<CommLine> train_comm_lines(const TrainModel& m, const TrainLayout& l, const TrainOptions& o,
                                       const TrainDevice& d, const StepOverrides& ov = {});

}  // namespace llmsa::perf
