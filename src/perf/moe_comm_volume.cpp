#include "perf/moe_comm_volume.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace llmsa::perf {

namespace {
constexpr std::array<std::pair<MoeCommMethod, std::string_view>, 6> kNames = {{
    {MoeCommMethod::kNone, "NONE"},
    {MoeCommMethod::kAllGather, "ALLGATHER"},
    {MoeCommMethod::kAllToAll, "ALLTOALL"},
    {MoeCommMethod::kMc2, "MC2"},
    {MoeCommMethod::kFusedMc2, "FUSED_MC2"},
    {MoeCommMethod::kNaiveMulticast, "NAIVE_MULTICAST"},
}};
constexpr double kCountBytes = 8;  // token counts per expert travel as int64
}  // namespace

std::string_view moe_comm_method_name(MoeCommMethod m) {
  for (const auto& [k, n] : kNames) {
    if (k == m) return n;
  }
  return "?";
}

std::optional<MoeCommMethod> parse_moe_comm_method(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

double dispatch_bytes_per_element(hw::Dtype dtype, std::int64_t hidden) {
  if (dtype == hw::Dtype::kInt8) return 1.0 + 4.0 / static_cast<double>(hidden);
  return hw::dtype_bytes(dtype);
}

MoeCommVolume all_gather_volume(const MoeCommShape& s) {
  MoeCommVolume v;
  v.method = MoeCommMethod::kAllGather;
  double peers = s.ep - 1;
  double t = static_cast<double>(s.tokens), h = static_cast<double>(s.hidden);
  v.dispatch_send_bytes = v.dispatch_recv_bytes = peers * t * h * s.dispatch_bytes_per_element;
  if (s.gather_router_logits) {
    double logits = peers * t * static_cast<double>(s.experts) * 4;
    v.dispatch_send_bytes += logits;
    v.dispatch_recv_bytes += logits;
  }
  v.combine_send_bytes = v.combine_recv_bytes = peers * t * h * s.combine_bytes_per_element;
  v.formula = s.gather_router_logits ? "dispatch (P-1)*T*(H*b_d + E*4); combine (reduce-scatter) (P-1)*T*H*b_c"
                                     : "dispatch (P-1)*T*H*b_d; combine (reduce-scatter) (P-1)*T*H*b_c";
  return v;
}

MoeCommVolume all_to_all_volume(const MoeCommShape& s) {
  MoeCommVolume v = mc2_volume(s);
  v.method = MoeCommMethod::kAllToAll;
  // Each rank tells every rank how many rows it sends to each of that rank's E/P experts.
  v.metadata_bytes = static_cast<double>(s.experts) * kCountBytes;
  v.formula = "dispatch T*K*H*b_d*(P-1)/P; combine T*K*H*b_c*(P-1)/P; counts P*(E/P)*8";
  return v;
}

MoeCommVolume mc2_volume(const MoeCommShape& s) {
  MoeCommVolume v;
  v.method = MoeCommMethod::kMc2;
  double remote = static_cast<double>(s.ep - 1) / s.ep;
  double rows = static_cast<double>(s.tokens) * s.top_k;
  double h = static_cast<double>(s.hidden);
  v.dispatch_send_bytes = v.dispatch_recv_bytes = rows * h * s.dispatch_bytes_per_element * remote;
  v.combine_send_bytes = v.combine_recv_bytes = rows * h * s.combine_bytes_per_element * remote;
  v.formula = "dispatch T*K*H*b_d*(P-1)/P; combine T*K*H*b_c*(P-1)/P (in-kernel, into peers' HCCL windows)";
  return v;
}

MoeCommVolume moe_comm_volume(MoeCommMethod m, const MoeCommShape& s) {
  switch (m) {
    case MoeCommMethod::kAllGather:
    case MoeCommMethod::kNaiveMulticast: {
      MoeCommVolume v = all_gather_volume(s);
      v.method = m;
      return v;
    }
    case MoeCommMethod::kAllToAll: return all_to_all_volume(s);
    case MoeCommMethod::kMc2:
    case MoeCommMethod::kFusedMc2: {
      MoeCommVolume v = mc2_volume(s);
      v.method = m;
      return v;
    }
    case MoeCommMethod::kNone: break;
  }
  MoeCommVolume none;
  none.formula = "no MoE communication";
  return none;
}

double transfer_seconds(const MoeCommVolume& v, double bytes_per_s) {
  if (bytes_per_s <= 0) return 0;
  return std::max(v.send_bytes(), v.recv_bytes()) / bytes_per_s;
}

}  // namespace llmsa::perf
