#pragma once
// The type of a step from evidence, never assumed (ascend-profiling.md part G): training when backward
// or optimizer kernels (or host backward/optimizer ranges) are present; speculative when draft/verify
// kernels are; else prefill / decode from the attention kernels (names such as PromptFlashAttention vs
// IncreFlashAttention, and the query length per sequence in flash-attention Input Shapes: 1 = decode,
// > 1 = prefill; both in one step = "mixed", as chunked prefill batches are); else "unknown", with the
// reason. Rules: data/kernels/step_type_evidence.json.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::analysis {

// Compiled evidence rules.
class StepTypeRules {
 public:
  static const StepTypeRules& builtin();
  static StepTypeRules from_json(std::string_view json, const std::string& source_name);

  // StructFlag bits (structure_events.hpp) of a device kernel: kSfTraining, kSfSpeculative,
  // kSfDecodeName, kSfPrefillName. `attention` says whether the kernel's reference role is attention.
  std::uint16_t device_flags(std::string_view name, std::string_view op_type, bool attention) const;
  // kSfTraining for host ranges such as "autograd::engine::evaluate_function: MmBackward0"; kSfFlashScore
  // for host attention ops (aten::scaled_dot_product_attention) whose Input Dims give the query length.
  std::uint16_t host_flags(std::string_view name) const;

  struct Rule;
  StepTypeRules();
  ~StepTypeRules();
  StepTypeRules(StepTypeRules&&) noexcept;
  StepTypeRules& operator=(StepTypeRules&&) noexcept;

 private:
  std::vector<Rule> rules_;
};

// Query length class from the Input Shapes text of a flash-attention kernel (first tensor, see the
// data file's query_length rule): 1 when one token per sequence, 2 when more, nullopt when the shape
// cannot tell (missing, TND, unknown rank). `sbh_possible`: the op may take Megatron's SBH layout
// (FlashAttentionScore), so a 3-D query only tells "more than one" when its first two dims both exceed 1.
std::optional<int> query_length_class(std::string_view input_shapes, bool sbh_possible = false);

// What a step's kernels showed (counts of kernels, with one example event per kind).
struct StepTypeEvidence {
  std::int64_t training = 0, speculative = 0, decode = 0, prefill = 0;
  std::int64_t attention = 0;          // attention kernels seen (flash score or attention role)
  std::int64_t attention_shaped = 0;   // flash-attention kernels whose shape decided
  std::uint32_t training_example = 0xFFFFFFFFu, speculative_example = 0xFFFFFFFFu, decode_example = 0xFFFFFFFFu,
                prefill_example = 0xFFFFFFFFu;
  std::string training_name, speculative_name, decode_name, prefill_name;  // example names
};

struct StepType {
  std::string type;    // "training" | "speculative" | "prefill" | "decode" | "mixed" | "unknown"
  std::string reason;  // what decided it, in words
};

StepType decide_step_type(const StepTypeEvidence& e);

}  // namespace llmsa::analysis
