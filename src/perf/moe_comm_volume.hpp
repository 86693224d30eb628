#pragma once
// Bytes one expert-parallel rank sends and receives per MoE layer, for each way of moving tokens to
// their experts: all-gather (+ reduce-scatter back), all-to-all-v, and MC2 (the fused
// dispatch/combine kernels of CANN). Uniform routing is assumed: a token-expert pair lands on a
// remote rank with probability (P-1)/P. Model: determinism-mc2-rl.md s2.6.
#include <cstdint>
#include <optional>
#include <string>

#include "hw/dtype.hpp"

namespace llmsa::perf {

enum class MoeCommMethod { kNone, kAllGather, kAllToAll, kMc2, kFusedMc2, kNaiveMulticast };
std::string_view moe_comm_method_name(MoeCommMethod m);  // vllm-ascend's names: "ALLGATHER", "MC2", ...
// nullopt for an unknown name.
std::optional<MoeCommMethod> parse_moe_comm_method(std::string_view name);

struct MoeCommShape {
  std::int64_t tokens = 0;  // T: tokens entering the MoE layer on this rank
  std::int64_t hidden = 0;  // H
  int top_k = 0;            // K
  std::int64_t experts = 0; // E (routed experts)
  int ep = 1;               // P: expert-parallel group size
  double dispatch_bytes_per_element = 2;  // b_d
  double combine_bytes_per_element = 2;   // b_c
  bool gather_router_logits = false;      // all-gather path also gathers fp32 router logits
};

// Dispatch payload per element: 2 for bf16/fp16; int8 dynamic per-token quantisation sends 1 byte per
// element plus one fp32 scale per token, i.e. 1 + 4/H (determinism-mc2-rl.md s2.6).
double dispatch_bytes_per_element(hw::Dtype dtype, std::int64_t hidden);

struct MoeCommVolume {
  MoeCommMethod method = MoeCommMethod::kNone;
  double dispatch_send_bytes = 0;
  double dispatch_recv_bytes = 0;
  double combine_send_bytes = 0;
  double combine_recv_bytes = 0;
  double metadata_bytes = 0;   // e.g. the all-to-all token-count exchange
  std::string formula;         // how the numbers were obtained, in symbols

  double send_bytes() const { return dispatch_send_bytes + combine_send_bytes + metadata_bytes; }
  double recv_bytes() const { return dispatch_recv_bytes + combine_recv_bytes + metadata_bytes; }
};

// All-gather EP: ring all-gather of every rank's tokens, (P-1)*T*H*b_d each way, then a
// reduce-scatter of the expert outputs, (P-1)*T*H*b_c. Independent of K.
MoeCommVolume all_gather_volume(const MoeCommShape& s);
// All-to-all-v EP: T*K token-expert rows, (P-1)/P of them remote, each way; plus a count exchange of
// P*(E/P) int64 counts.
MoeCommVolume all_to_all_volume(const MoeCommShape& s);
// MC2: the same logical all-to-all-v rows, written straight into peers' HCCL windows inside one kernel
// (no separate count exchange).
MoeCommVolume mc2_volume(const MoeCommShape& s);
// Dispatches on the method (FUSED_MC2 moves what MC2 moves; NAIVE_MULTICAST broadcasts like all-gather).
MoeCommVolume moe_comm_volume(MoeCommMethod m, const MoeCommShape& s);

// Time to move the larger of send and receive bytes over a link of `bytes_per_s` per direction.
double transfer_seconds(const MoeCommVolume& v, double bytes_per_s);

}  // namespace llmsa::perf
