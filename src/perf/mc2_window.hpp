#pragma once
// What MC2 (npu_moe_distribute_dispatch_v2 / combine_v2) needs from the HCCL window, by the CANN
// tiling formula, and which of the op's shape limits a setting breaks. The window has to hold every
// peer's dispatched rows for this rank's local experts plus the combine rows, double-buffered; when it
// does not, the op fails at run time asking for a bigger HCCL_BUFFSIZE (vllm-ascend issue #4051).
// Formula and limits: data/moe/mc2_tiling.json, determinism-mc2-rl.md s2.2-2.3.
#include <cstdint>
#include <string>
#include <vector>

namespace llmsa::perf {

struct Mc2WindowInput {
  std::int64_t max_bs = 0;             // tokens per rank the op is sized for (global_bs / ep_world_size)
  std::int64_t hidden = 0;             // H
  int ep_world_size = 1;
  std::int64_t local_moe_expert_num = 0;  // routed experts on this rank
  int top_k = 0;
  int shared_expert_num = 0;
  bool comm_alg_set = false;           // dispatch slots are then sized in 480-byte chunks of 512
  int tp_world_size = 1;               // 2 adds the TP window
  double hccl_buffsize_mb = 200;       // HCCL_BUFFSIZE (MiB, as HCCL reads it)
};

struct Mc2WindowResult {
  std::int64_t token_need_size_dispatch = 0;  // bytes per token slot
  std::int64_t token_need_size_combine = 0;
  std::int64_t actual_size_bytes = 0;          // EP window
  std::int64_t tp_window_bytes = 0;            // 0 unless tp_world_size == 2
  std::int64_t needed_mb = 0;                  // as the op's error message prints it: actual / MiB + 1
  std::int64_t window_bytes = 0;               // HCCL_BUFFSIZE in bytes
  bool fits = false;
};

Mc2WindowResult mc2_window(const Mc2WindowInput& in);

struct Mc2OpShape {
  std::string soc;  // "A2" or "A3"
  std::int64_t bs = 0;
  std::int64_t hidden = 0;
  int top_k = 0;
  int ep_world_size = 1;
  std::int64_t experts = 0;
  int shared_expert_num = 0;
  int tp_world_size = 1;
};

// Whether data/moe/mc2_tiling.json has dispatch_v2 limits for this soc (A2 and A3 today).
bool mc2_op_limits_known(const std::string& soc);
// Each violated limit as "tokens per rank (bs) 600 > 512 (bs_max, A3)"; empty when the op accepts the shape
// or when no limits are known for the soc (check mc2_op_limits_known).
std::vector<std::string> mc2_op_violations(const Mc2OpShape& s);

}  // namespace llmsa::perf
