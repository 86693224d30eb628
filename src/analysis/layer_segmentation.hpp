#pragma once
// Layers and blocks of one step (ascend-profiling.md A.7). A layer starts at a layer anchor of the
// step's highest anchor kind present: attention > MoE > non-collective matmul > block head. Kernels
// of the anchor kind that follow each other belong to one layer until a separator has run between
// them (attention anchors: a non-attention matmul or a MoE kernel; MoE anchors: a non-MoE matmul;
// matmul anchors: a normalization or block-head kernel; block-head anchors: any other kernel). An
// attention layer begins before its first attention kernel, at its pre-attention norm (found from the
// kernels that prepare the attention: projections, q/k norms, rope; see attention_prelude_start in the
// .cpp), so that a layer's norm and QKV projection are in its own attention block rather than in the
// previous layer's FFN. Content before the first layer is the step's
// head, and the closing sampling kernels after the last anchor its tail; a layer runs up to the kernel
// before the next layer (the last one up to the tail).
//
// Blocks (at most two per layer, by kernel order, not time): attention up to the midpoint between the
// last attention kernel and the first MoE kernel after it, the MoE block after; without MoE the
// attention block ends at the last attention kernel and an "ffn" block holds the rest. A layer
// without attention (lower anchor kinds) is one "companion" block. Families: attention blocks by
// FamilyRules::attention(), ffn/moe/companion blocks by FamilyRules::moe() (A.6).
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "analysis/profile_analysis.hpp"
#include "analysis/structure_events.hpp"

namespace llmsa::analysis {

// Family resolution per distinct category set, shared by every step of a rank (a capture repeats the
// same few blocks thousands of times).
class BlockFamilyCache {
 public:
  explicit BlockFamilyCache(const KernelClassifier& classifier) : classifier_(classifier) {}
  std::string attention(const std::vector<CategoryId>& sorted_categories);
  std::string ffn(const std::vector<CategoryId>& sorted_categories);

 private:
  std::string resolve(const std::vector<CategoryId>& cats, bool attention);
  const KernelClassifier& classifier_;
  struct SetHash {
    std::size_t operator()(const std::vector<CategoryId>& v) const {
      std::size_t h = v.size();
      for (CategoryId c : v) h = h * 0x9E3779B97F4A7C15ull + c;
      return h;
    }
  };
  // [attention]: category set -> family. Hashed: a capture with irregular kernel order has thousands of
  // distinct block sets, and every block looks its set up.
  std::unordered_map<std::vector<CategoryId>, std::string, SetHash> memo_[2];
};

// Layers of the kernels s.primary[begin, end) (one step, in time order).
std::vector<LayerSpan> segment_layers(const trace::RankEvents& ev, const StructureEvents& s, std::size_t begin,
                                      std::size_t end, BlockFamilyCache& families);

}  // namespace llmsa::analysis
