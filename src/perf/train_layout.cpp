#include "perf/train_layout.hpp"

#include <fmt/format.h>

namespace llmsa::perf {

const char* recompute_name(Recompute r) {
  switch (r) {
    case Recompute::kNone: return "none";
    case Recompute::kSelective: return "selective";
    case Recompute::kFull: return "full";
  }
  return "none";
}
std::optional<Recompute> parse_recompute(std::string_view s) {
  if (s == "none") return Recompute::kNone;
  if (s == "selective") return Recompute::kSelective;
  if (s == "full") return Recompute::kFull;
  return std::nullopt;
}

const char* optimizer_name(Optimizer o) {
  switch (o) {
    case Optimizer::kAdamW: return "adamw";
    case Optimizer::kMuon: return "muon";
    case Optimizer::kAdafactor: return "adafactor";
    case Optimizer::kFp8Adam: return "fp8-adam";
    case Optimizer::kSgdMomentum: return "sgd-momentum";
  }
  return "adamw";
}
std::optional<Optimizer> parse_optimizer(std::string_view s) {
  for (Optimizer o : {Optimizer::kAdamW, Optimizer::kMuon, Optimizer::kAdafactor, Optimizer::kFp8Adam, Optimizer::kSgdMomentum})
    if (s == optimizer_name(o)) return o;
  return std::nullopt;
}
double optimizer_bytes_per_param(Optimizer o) {
  switch (o) {
    case Optimizer::kAdamW: return 12;
    case Optimizer::kMuon: return 8;
    case Optimizer::kAdafactor: return 4;
    case Optimizer::kFp8Adam: return 6;
    case Optimizer::kSgdMomentum: return 8;
  }
  return 12;
}

const char* finetune_name(Finetune f) {
  switch (f) {
    case Finetune::kFull: return "full";
    case Finetune::kLora: return "lora";
    case Finetune::kQlora: return "qlora";
  }
  return "full";
}
std::optional<Finetune> parse_finetune(std::string_view s) {
  for (Finetune f : {Finetune::kFull, Finetune::kLora, Finetune::kQlora})
    if (s == finetune_name(f)) return f;
  return std::nullopt;
}

const char* conventions_name(Conventions c) { return c == Conventions::kMethodology ? "methodology" : "megatron"; }
std::optional<Conventions> parse_conventions(std::string_view s) {
  if (s == "methodology") return Conventions::kMethodology;
  if (s == "megatron") return Conventions::kMegatron;
  return std::nullopt;
}

std::string layout_violation(const TrainLayout& l, const LayoutShape& m) {
  if (l.tp < 1 || l.pp < 1 || l.dp < 1 || l.ep < 1 || l.cp < 1 || l.vpp < 1 || l.micro_batch < 1)
    return "every parallel size and the micro-batch must be at least 1";
  if (l.seq_len < 1) return "seq_len must be at least 1";
  if (m.heads > 0 && m.heads % l.tp != 0)
    return fmt::format("tp {} must divide the {} attention heads", l.tp, m.heads);
  if (l.pp > m.layers) return fmt::format("pp {} exceeds the {} layers", l.pp, m.layers);
  if (m.experts == 0 && l.ep > 1) return fmt::format("ep {} on a dense model (no experts)", l.ep);
  if (m.experts > 0 && m.experts % l.ep != 0)
    return fmt::format("ep {} must divide the {} routed experts", l.ep, m.experts);
  if (l.ep_within_dp && l.dp % l.ep != 0)
    return fmt::format("ep {} must divide dp {} (the expert-parallel group is carved from data parallel)", l.ep, l.dp);
  if (l.seq_len % l.cp != 0) return fmt::format("cp {} must divide seq_len {}", l.cp, l.seq_len);
  if (l.vpp > 1 && l.pp == 1) return "virtual pipeline stages need pp > 1";
  std::int64_t per_stage = (m.layers + l.pp - 1) / l.pp;
  // Uneven virtual chunks are allowed (Megatron-core can place layers unevenly; the methodology's M3
  // example runs vpp 2 on 15 layers per stage), but every chunk needs at least one layer.
  if (l.vpp > per_stage)
    return fmt::format("vpp {} exceeds the {} layers per stage", l.vpp, per_stage);
  if (l.zero_stage < 0 || l.zero_stage > 3) return fmt::format("zero stage {} is not 0-3", l.zero_stage);
  if (l.zero_stage == 3 && l.pp > 1) return "ZeRO-3/FSDP with pipeline parallelism (pp > 1) is not supported by Megatron or DeepSpeed";
  if (l.dp_shard > 0 && (l.dp % l.dp_shard != 0)) return fmt::format("HSDP shard group {} must divide dp {}", l.dp_shard, l.dp);
  if (l.dp_shard > 0 && l.zero_stage != 3) return "an HSDP shard group needs zero stage 3 (FSDP)";
  std::int64_t gb = l.effective_global_batch();
  if (gb % (std::int64_t{l.dp} * l.micro_batch) != 0)
    return fmt::format("global batch {} is not a multiple of dp {} x micro-batch {}", gb, l.dp, l.micro_batch);
  if (l.vpp > 1 && l.microbatches() % l.pp != 0)
    return fmt::format("interleaved schedule needs the {} microbatches to be a multiple of pp {}", l.microbatches(), l.pp);
  if (l.recompute == Recompute::kSelective && l.selective_every < 2) return "selective recompute needs K >= 2";
  return {};
}

}  // namespace llmsa::perf
