#include "perf/mc2_window.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"

namespace llmsa::perf {

namespace {

const nlohmann::json& tiling() {
  static const nlohmann::json j = nlohmann::json::parse(require_embedded_file("moe/mc2_tiling.json"));
  return j;
}

std::int64_t align_up(std::int64_t v, std::int64_t a) { return (v + a - 1) / a * a; }
std::int64_t ceil_div(std::int64_t v, std::int64_t a) { return (v + a - 1) / a; }

}  // namespace

Mc2WindowResult mc2_window(const Mc2WindowInput& in) {
  const auto& w = tiling()["window"];
  const std::int64_t out_dtype = w["max_out_dtype_size"], win_align = w["win_addr_align"], ub_align = w["ub_align"],
                     tail = w["token_tail_bytes"], chunk = w["comm_alg_chunk"], dbl = w["double_data_buffer"];
  Mc2WindowResult r;
  r.token_need_size_combine = align_up(in.hidden * out_dtype, win_align);
  std::int64_t token_actual_len = align_up(in.hidden * out_dtype, ub_align) + tail;
  r.token_need_size_dispatch = in.comm_alg_set ? ceil_div(token_actual_len, chunk) * win_align
                                               : align_up(token_actual_len, win_align);
  r.actual_size_bytes = (in.max_bs * r.token_need_size_dispatch * in.ep_world_size * in.local_moe_expert_num +
                         in.max_bs * r.token_need_size_combine * (in.top_k + in.shared_expert_num)) *
                        dbl;
  if (in.tp_world_size == 2) {
    // Receive rows A with global_bs = 0: BS * ep_world_size * min(local experts, K).
    std::int64_t a = in.max_bs * in.ep_world_size * std::min<std::int64_t>(in.local_moe_expert_num, in.top_k);
    r.tp_window_bytes = a * (r.token_need_size_dispatch + r.token_need_size_combine) * dbl;
  }
  constexpr std::int64_t kMiB = 1024 * 1024;
  r.needed_mb = r.actual_size_bytes / kMiB + 1;
  r.window_bytes = static_cast<std::int64_t>(in.hccl_buffsize_mb * kMiB);
  r.fits = r.actual_size_bytes <= r.window_bytes && r.tp_window_bytes <= r.window_bytes;
  return r;
}

bool mc2_op_limits_known(const std::string& soc) { return soc != "common" && tiling()["limits"].contains(soc); }

std::vector<std::string> mc2_op_violations(const Mc2OpShape& s) {
  const auto& limits = tiling()["limits"];
  if (!mc2_op_limits_known(s.soc)) return {};
  std::map<std::string, std::int64_t> lim;
  for (const auto* part : {&limits["common"], &limits[s.soc]}) {
    for (auto it = part->begin(); it != part->end(); ++it) {
      if (it->is_number_integer()) lim[it.key()] = it->get<std::int64_t>();
    }
  }
  std::vector<std::string> v;
  auto check_max = [&](const char* what, std::int64_t value, const char* key) {
    if (lim.count(key) && value > lim[key]) v.push_back(fmt::format("{} {} > {} ({}, {})", what, value, lim[key], key, s.soc));
  };
  auto check_min = [&](const char* what, std::int64_t value, const char* key) {
    if (lim.count(key) && value < lim[key]) v.push_back(fmt::format("{} {} < {} ({}, {})", what, value, lim[key], key, s.soc));
  };
  check_max("tokens per rank (bs)", s.bs, "bs_max");
  check_max("top_k", s.top_k, "top_k_max");
  check_min("hidden", s.hidden, "hidden_min");
  check_max("hidden", s.hidden, "hidden_max");
  check_min("ep", s.ep_world_size, "ep_min");
  check_max("ep", s.ep_world_size, "ep_max");
  check_max("experts", s.experts, "experts_max");
  if (s.ep_world_size > 0) check_max("experts per rank", s.experts / s.ep_world_size, "local_experts_max");
  check_max("shared experts", s.shared_expert_num, "shared_experts_max");
  check_max("tp", s.tp_world_size, "tp_max");
  if (lim.count("ep_multiple_of") && s.ep_world_size % lim["ep_multiple_of"] != 0)
    v.push_back(fmt::format("ep {} is not a multiple of {} (ep_multiple_of, {})", s.ep_world_size, lim["ep_multiple_of"], s.soc));
  if (s.ep_world_size > 0 && s.experts % s.ep_world_size != 0)
    v.push_back(fmt::format("experts {} not divisible by ep {} (moeExpertNum % epWorldSize == 0)", s.experts, s.ep_world_size));
  return v;
}

}  // namespace llmsa::perf
