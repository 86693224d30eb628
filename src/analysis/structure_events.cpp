#include "analysis/structure_events.hpp"

#include <algorithm>

#include "analysis/device_timeline.hpp"
#include "analysis/nearly_sorted.hpp"
#include "analysis/operator_summary.hpp"
#include "analysis/step_type.hpp"

namespace llmsa::analysis {

namespace {

std::uint16_t class_flags(const KernelClass& k, std::optional<CategoryId> matmul, std::optional<CategoryId> flash) {
  std::uint16_t f = 0;
  const bool comm = (k.roles & kRoleCommunication) != 0 || k.collective != CollectiveKind::kNone;
  if (k.roles & kRoleAttention) f |= kSfAttention;
  if (k.roles & kRoleAttentionAux) f |= kSfAttentionAux;
  if (k.roles & kRoleMoe) f |= kSfMoe;
  if (k.roles & kRoleBlockHead) f |= kSfBlockHead;
  if (k.roles & (kRoleSampling | kRoleSelection)) f |= kSfSampling;
  if (k.roles & kRoleNormalization) f |= kSfNormalization;
  if (k.roles & kRoleQuant) f |= kSfQuant;
  if (comm) f |= kSfCommunication;
  auto has = [&](std::optional<CategoryId> id) {
    return id && std::binary_search(k.categories.begin(), k.categories.end(), *id);
  };
  if (has(matmul) && !comm) f |= kSfMatmul;
  if (has(flash)) f |= kSfFlashScore;
  return f;
}

// CANN's inference attention ops take BSH, BNSD, BSND or TND, never SBH (aclnnFusedInferAttentionScore,
// aclnnPromptFlashAttention, aclnnIncreFlashAttention input_layout); FlashAttentionScore also takes SBH.
std::uint16_t layout_flags(std::string_view name) {
  const std::string n = fold_text(name);
  for (const char* t : {"fusedinferattention", "promptflashattention", "increflashattention"})
    if (n.find(t) != std::string::npos) return kSfInferLayout;
  return 0;
}

}  // namespace

std::uint16_t host_structure_flags(std::string_view name) { return StepTypeRules::builtin().host_flags(name); }

StructureEvents build_structure_events(const trace::RankEvents& ev, const KernelClassifier& classifier) {
  return build_structure_events(ev, DeviceTaskSources(ev), classifier);
}

StructureEvents build_structure_events(const trace::RankEvents& ev, const DeviceTaskSources& sources,
                                       const KernelClassifier& classifier) {
  return build_structure_events(ev, EventClasses(ev, sources, classifier), classifier);
}

StructureEvents build_structure_events(const trace::RankEvents& ev, const EventClasses& classes,
                                       const KernelClassifier& classifier) {
  const DeviceTaskSources& sources = classes.sources();
  StructureEvents s;
  s.primary_source.assign(ev.sources.size(), 0);
  for (std::size_t src = 0; src < ev.sources.size(); ++src) s.primary_source[src] = sources.chosen_for_any(src);
  const auto matmul = classifier.category_id("compute.matmul");
  const auto flash = classifier.category_id("attention.flash_score");
  const StepTypeRules& rules = StepTypeRules::builtin();

  bool all_primary = true;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!is_device_task_kind(ev, i)) continue;
    s.device.push_back(static_cast<std::uint32_t>(i));
    if (classes.counts(i)) s.primary.push_back(static_cast<std::uint32_t>(i));
    else all_primary = false;
  }
  const auto& start = ev.start_ns;
  auto by_start = [&](std::uint32_t a, std::uint32_t b) { return start[a] != start[b] ? start[a] < start[b] : a < b; };
  sort_nearly_sorted(s.primary, by_start);  // rows are nearly in time order
  if (all_primary) {
    s.device = s.primary;
  } else {
    // At equal start, an operator-source event first: a bubble's event_after is then the kernel_details row.
    auto device_order = [&](std::uint32_t a, std::uint32_t b) {
      if (start[a] != start[b]) return start[a] < start[b];
      const bool pa = s.primary_source[ev.source[a]] != 0, pb = s.primary_source[ev.source[b]] != 0;
      return pa != pb ? pa : a < b;
    };
    sort_nearly_sorted(s.device, device_order);
  }

  // Flags per distinct triple (a triple is one KernelClass: the classifier memoizes per exact triple),
  // from the first event seen with it.
  constexpr std::uint32_t kUnset = 0xFFFFFFFFu;
  std::vector<std::uint32_t> triple_flags(classes.distinct(), kUnset);
  s.flags.resize(s.primary.size());
  s.cls.resize(s.primary.size());
  for (std::size_t p = 0; p < s.primary.size(); ++p) {
    const std::uint32_t i = s.primary[p];
    const std::uint32_t t = classes.triple(i);
    const KernelClass& k = classes.at(t);
    std::uint32_t& f = triple_flags[t];
    if (f == kUnset) {
      std::uint16_t g = class_flags(k, matmul, flash) | layout_flags(ev.strings.view(ev.name[i]));
      g |= rules.device_flags(ev.strings.view(ev.name[i]), ev.strings.view(ev.type[i]),
                              (g & (kSfAttention | kSfFlashScore)) != 0);
      f = g;
    }
    s.flags[p] = static_cast<std::uint16_t>(f);
    s.cls[p] = &k;
  }
  return s;
}

}  // namespace llmsa::analysis
