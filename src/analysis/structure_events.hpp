#pragma once
// The device events of one rank in time order, with the structural flags that step, layer and block
// segmentation and the step type need (ascend-profiling.md A.7), computed once per rank.
//
// Two orders are kept: `device` holds every device-work event of every source (the busy union that
// bubbles are cut from, as in TimeBreakdown), `primary` only those of the rank's operator sources
// (DeviceTaskSources, device_tasks.hpp: kernel_details.csv before the DB, trace_view.json and Kineto), so that a kernel
// recorded by two files of a rank folder forms one layer member, not two.
//
// Cost: one pass to classify (one array lookup per event: each distinct name is classified once), one
// sort by start (skipped when the rows are already in time order). No per-event heap objects.
#include <cstdint>
#include <vector>

#include "analysis/device_tasks.hpp"
#include "analysis/event_classes.hpp"
#include "analysis/kernel_classifier.hpp"
#include "trace/event_store.hpp"

namespace llmsa::analysis {

// Structural flags of one kernel (bits). Derived from the kernel rules (data/kernels/*.json) and the
// step-type evidence rules (data/kernels/step_type_evidence.json).
enum StructFlag : std::uint16_t {
  kSfAttention = 1u << 0,     // reference role attention (layer anchor, rank 1)
  kSfAttentionAux = 1u << 1,  // rope, KV-cache IO, indexers
  kSfMoe = 1u << 2,           // MoE role (layer anchor, rank 2)
  kSfMatmul = 1u << 3,        // category compute.matmul, not communication (layer anchor, rank 3)
  kSfBlockHead = 1u << 4,     // block_head role (layer anchor, rank 4)
  kSfSampling = 1u << 5,      // sampling or selection role: closes a step (A.7)
  kSfNormalization = 1u << 6,
  kSfCommunication = 1u << 7,
  kSfFlashScore = 1u << 8,    // attention.flash_score: its Input Shapes give the query length
  kSfTraining = 1u << 9,      // backward or optimizer kernel
  kSfSpeculative = 1u << 10,  // draft / verify (rejection sampling) kernel
  kSfDecodeName = 1u << 11,   // attention kernel whose name says decode
  kSfPrefillName = 1u << 12,  // attention kernel whose name says prefill
  kSfInferLayout = 1u << 13,  // inference attention op (FusedInferAttentionScore, Prompt/IncreFlashAttention):
                              // a 3-D query is BSH, never Megatron's SBH
  kSfQuant = 1u << 14,        // quant role (dynamic quantization before a quantized projection)
};

struct StructureEvents {
  std::vector<std::uint32_t> device;    // every device-work event, by (start, primary first, index)
  std::vector<std::uint32_t> primary;   // operator-source device events, by (start, index)
  std::vector<std::uint16_t> flags;     // parallel to `primary`
  std::vector<const KernelClass*> cls;  // parallel to `primary` (owned by the classifier's memo)
  std::vector<char> primary_source;     // per events.sources index: 1 when chosen for any task class
};

// The counted events of `classes` (its DeviceTaskSources, the one duplicate-source rule of
// device_tasks.hpp) are `primary`; `classes` must have been built from `ev` with `classifier`.
StructureEvents build_structure_events(const trace::RankEvents& ev, const EventClasses& classes,
                                       const KernelClassifier& classifier);
// The same, classifying the events first; `sources` must have been built from `ev`.
StructureEvents build_structure_events(const trace::RankEvents& ev, const DeviceTaskSources& sources,
                                       const KernelClassifier& classifier);
StructureEvents build_structure_events(const trace::RankEvents& ev, const KernelClassifier& classifier);

// The step-type evidence flags of a host event name (training: "backward", optimizer steps), 0 if none.
std::uint16_t host_structure_flags(std::string_view name);

}  // namespace llmsa::analysis
