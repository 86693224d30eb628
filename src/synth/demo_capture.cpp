#include "synth/demo_capture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "synth/random.hpp"

namespace llmsa::synth {

namespace {

enum class OpKind { kKernel, kAicpu, kCollective };

// One operator of the model program. Names, types and cores follow torch_npu / vllm-ascend kernel
// names (aclnn<Op>_<Kernel>_<Type>) and are the ones data/kernels/kernel_signatures.json classifies:
// MlaPreprocess -> attention.mla.preprocess, FusedInferAttentionScore and RINGMLAPrefillBF16Kernel ->
// attention.flash_score,
// TransposeBatchMatMul -> attention.mla.v_up_proj, MoeGatingTopK -> moe.gating, DispatchFFNCombine ->
// moe.dispatch_expert_compute (fused MC2), ArgMaxV2 -> sampling.argmax, hcom_allReduce -> communication.
struct OpSpec {
  const char* name;
  const char* type;
  const char* core;
  const char* task_type;  // trace_view Task Type
  OpKind kind;
  double decode_us, prefill_us;  // mean device time (collectives: transit time)
  const char* decode_shapes;     // "in|dtypes|out"
  const char* prefill_shapes;
  PipeRatios pipe;
};

// DeepSeek-V3 dimensions (hidden 7168, q_lora 1536, kv_lora 512, 128 heads / 4 TP ranks, 256 routed
// experts / 4 EP ranks, top-8), decode batch 16, prefill 2048 tokens.
constexpr OpSpec kEmbedding{"aclnnEmbedding_GatherV2AiCore_GatherV2", "GatherV2", "AI_VECTOR_CORE", "AI_VECTOR_CORE",
                            OpKind::kKernel, 5.2, 38.0, "129280,7168;16|DT_BF16;INT64|16,7168",
                            "129280,7168;2048|DT_BF16;INT64|2048,7168", {0.0, 0.35, 0.82}};
constexpr OpSpec kAicpu{"NonZero", "NonZero", "AI_CPU", "AI_CPU", OpKind::kAicpu, 185.0, 240.0, "", "", {}};
constexpr OpSpec kInputNorm{"aclnnRmsNorm_RmsNorm_RmsNorm", "RmsNorm", "AI_VECTOR_CORE", "AI_VECTOR_CORE",
                            OpKind::kKernel, 6.1, 61.0, "16,7168;7168|DT_BF16;DT_BF16|16,7168",
                            "2048,7168;7168|DT_BF16;DT_BF16|2048,7168", {0.0, 0.42, 0.77}};
constexpr OpSpec kMlaPre{"aclnnMlaPreprocess_MlaPreprocess_MlaPreprocess", "MlaPreprocess", "MIX_AIC", "MIX_AIC",
                         OpKind::kKernel, 44.0, 520.0, "16,7168;7168,2112;1536,6144|DT_BF16;DT_BF16;DT_BF16|16,32,576",
                         "2048,7168;7168,2112;1536,6144|DT_BF16;DT_BF16;DT_BF16|2048,32,576", {0.48, 0.2, 0.61}};
// MLA attention as vllm-ascend runs it (vllm_ascend/attention/mla_v1.py). Decode: FusedInferAttentionScore
// on the absorbed latent in BNSD layout, q_nope viewed as (tokens, heads, 1, kv_lora_rank), the paged
// latent cache as (blocks, kv_heads=1, block_size, 512), then q_rope / k_rope (64): the query length 1 is
// in the shape. Prefill does not use FIA: torch_npu.atb.npu_ring_mla (ATB kernel RINGMLAPrefillBF16Kernel)
// on q_nope/q_rope/k_nope/k_rope/value in type_bsnd with the per-request lengths in `seqlen` (a host
// tensor, not a shape): the tokens' split into sequences is not in its Input Shapes, its name says prefill.
constexpr OpSpec kAttention{"aclnnFusedInferAttentionScoreV3_FusedInferAttentionScore_FusedInferAttentionScore",
                            "FusedInferAttentionScore", "MIX_AIC", "MIX_AIC", OpKind::kKernel, 37.5, 37.5,
                            "16,32,1,512;1024,1,128,512;1024,1,128,512;16,32,1,64;1024,1,128,64"
                            "|DT_BF16;DT_BF16;DT_BF16;DT_BF16;DT_BF16|16,32,1,512",
                            "16,32,1,512;1024,1,128,512;1024,1,128,512;16,32,1,64;1024,1,128,64"
                            "|DT_BF16;DT_BF16;DT_BF16;DT_BF16;DT_BF16|16,32,1,512",
                            {0.55, 0.25, 0.52}};
constexpr OpSpec kRingMla{"RINGMLAPrefillBF16Kernel", "RINGMLAPrefillBF16Kernel", "MIX_AIC", "MIX_AIC", OpKind::kKernel,
                          910.0, 910.0,
                          "2048,32,128;2048,32,64;2048,32,128;2048,32,64;2048,32,128;512,512;1"
                          "|DT_BF16;DT_BF16;DT_BF16;DT_BF16;DT_BF16;DT_BF16;INT32|2048,32,128",
                          "2048,32,128;2048,32,64;2048,32,128;2048,32,64;2048,32,128;512,512;1"
                          "|DT_BF16;DT_BF16;DT_BF16;DT_BF16;DT_BF16;DT_BF16;INT32|2048,32,128",
                          {0.55, 0.25, 0.52}};
constexpr OpSpec kVUp{"aclnnTransposeBatchMatMul_TransposeBatchMatMul_TransposeBatchMatMul", "TransposeBatchMatMul",
                      "AI_CORE", "AI_CORE", OpKind::kKernel, 13.8, 160.0, "32,16,512;32,512,128|DT_BF16;DT_BF16|16,32,128",
                      "32,2048,512;32,512,128|DT_BF16;DT_BF16|2048,32,128", {0.62, 0.0, 0.48}};
constexpr OpSpec kOProj{"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "AI_CORE", OpKind::kKernel, 22.4,
                        410.0, "16,4096;4096,7168|DT_BF16;DT_BF16|16,7168", "2048,4096;4096,7168|DT_BF16;DT_BF16|2048,7168",
                        {0.31, 0.0, 0.83}};
constexpr OpSpec kAllReduce{"hcom_allReduce_", "hcom_allReduce_", "COMMUNICATION", "", OpKind::kCollective, 18.0, 420.0,
                            "", "", {}};
constexpr OpSpec kPostNorm{"aclnnAddRmsNorm_AddRmsNorm_AddRmsNorm", "AddRmsNorm", "AI_VECTOR_CORE", "AI_VECTOR_CORE",
                           OpKind::kKernel, 7.3, 74.0, "16,7168;16,7168;7168|DT_BF16;DT_BF16;DT_BF16|16,7168",
                           "2048,7168;2048,7168;7168|DT_BF16;DT_BF16;DT_BF16|2048,7168", {0.0, 0.45, 0.74}};
constexpr OpSpec kGateUp{"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "AI_CORE", OpKind::kKernel, 30.2,
                         690.0, "16,7168;7168,9216|DT_BF16;DT_BF16|16,9216", "2048,7168;7168,9216|DT_BF16;DT_BF16|2048,9216",
                         {0.29, 0.0, 0.86}};
constexpr OpSpec kSwiGlu{"aclnnSwiGlu_SwiGlu_SwiGlu", "SwiGlu", "AI_VECTOR_CORE", "AI_VECTOR_CORE", OpKind::kKernel, 5.1,
                         66.0, "16,9216|DT_BF16|16,4608", "2048,9216|DT_BF16|2048,4608", {0.0, 0.51, 0.66}};
constexpr OpSpec kDown{"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "AI_CORE", OpKind::kKernel, 19.6,
                       350.0, "16,4608;4608,7168|DT_BF16;DT_BF16|16,7168", "2048,4608;4608,7168|DT_BF16;DT_BF16|2048,7168",
                       {0.3, 0.0, 0.84}};
constexpr OpSpec kGating{"aclnnMoeGatingTopK_MoeGatingTopK_MoeGatingTopK", "MoeGatingTopK", "AI_VECTOR_CORE",
                         "AI_VECTOR_CORE", OpKind::kKernel, 9.4, 48.0, "16,256;256|FLOAT;FLOAT|16,8;16,8",
                         "2048,256;256|FLOAT;FLOAT|2048,8;2048,8", {0.0, 0.38, 0.55}};
// Fused MC2: token dispatch, expert GEMMs and combine in one kernel (vllm-ascend's decode kernel,
// and the FFN variant for prefill).
constexpr OpSpec kMc2Decode{"aclnnDispatchGmmCombineDecode_DispatchGmmCombineDecode_DispatchGmmCombineDecode",
                            "DispatchGmmCombineDecode", "MIX_AIC", "MIX_AIC", OpKind::kKernel, 158.0, 158.0,
                            "16,7168;16,8;64,7168,4096;64,2048,7168|DT_BF16;INT32;INT8;INT8|16,7168",
                            "16,7168;16,8;64,7168,4096;64,2048,7168|DT_BF16;INT32;INT8;INT8|16,7168", {0.44, 0.21, 0.58}};
constexpr OpSpec kMc2Prefill{"aclnnDispatchFFNCombine_DispatchFFNCombine_DispatchFFNCombine", "DispatchFFNCombine",
                             "MIX_AIC", "MIX_AIC", OpKind::kKernel, 1850.0, 1850.0,
                             "2048,7168;2048,8;64,7168,4096;64,2048,7168|DT_BF16;INT32;INT8;INT8|2048,7168",
                             "2048,7168;2048,8;64,7168,4096;64,2048,7168|DT_BF16;INT32;INT8;INT8|2048,7168",
                             {0.44, 0.21, 0.58}};
constexpr OpSpec kSharedUp{"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "AI_CORE", OpKind::kKernel, 11.9,
                           170.0, "16,7168;7168,1024|DT_BF16;DT_BF16|16,1024", "2048,7168;7168,1024|DT_BF16;DT_BF16|2048,1024",
                           {0.27, 0.0, 0.88}};
constexpr OpSpec kSharedDown{"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "AI_CORE", OpKind::kKernel, 8.3,
                             95.0, "16,512;512,7168|DT_BF16;DT_BF16|16,7168", "2048,512;512,7168|DT_BF16;DT_BF16|2048,7168",
                             {0.26, 0.0, 0.87}};
constexpr OpSpec kAdd{"aclnnAdd_AddAiCore_Add", "Add", "AI_VECTOR_CORE", "AI_VECTOR_CORE", OpKind::kKernel, 4.2, 41.0,
                      "16,7168;16,7168|DT_BF16;DT_BF16|16,7168", "2048,7168;2048,7168|DT_BF16;DT_BF16|2048,7168",
                      {0.0, 0.33, 0.8}};
constexpr OpSpec kFinalNorm = kInputNorm;
constexpr OpSpec kLmHead{"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "AI_CORE", OpKind::kKernel, 71.0,
                         96.0, "16,7168;7168,32320|DT_BF16;DT_BF16|16,32320", "16,7168;7168,32320|DT_BF16;DT_BF16|16,32320",
                         {0.22, 0.0, 0.91}};
constexpr OpSpec kArgMax{kDemoBubbleKernel, "ArgMaxV2", "AI_VECTOR_CORE", "AI_VECTOR_CORE", OpKind::kKernel, 8.8, 8.8,
                         "16,32320|DT_BF16|16", "16,32320|DT_BF16|16", {0.0, 0.29, 0.71}};

// The operators of one step, in issue order.
std::vector<const OpSpec*> step_program(int moe_layers, bool prefill) {
  std::vector<const OpSpec*> p{&kEmbedding, &kAicpu};
  auto attention = [&] {
    for (const OpSpec* op : {&kInputNorm, &kMlaPre, prefill ? &kRingMla : &kAttention, &kVUp, &kOProj, &kAllReduce, &kPostNorm})
      p.push_back(op);
  };
  attention();  // layer 0: dense FFN with its own TP all-reduce
  for (const OpSpec* op : {&kGateUp, &kSwiGlu, &kDown, &kAllReduce}) p.push_back(op);
  for (int l = 0; l < moe_layers; ++l) {
    attention();
    for (const OpSpec* op : {&kGating, prefill ? &kMc2Prefill : &kMc2Decode, &kSharedUp, &kSwiGlu, &kSharedDown, &kAdd}) p.push_back(op);
  }
  for (const OpSpec* op : {&kFinalNorm, &kLmHead, &kArgMax}) p.push_back(op);
  return p;
}

struct Shapes {
  std::string in, dtypes, out;
};
Shapes split_shapes(const char* spec) {
  const std::string s(spec);
  if (s.empty()) return {};
  const auto a = s.find('|'), b = s.find('|', a + 1);
  return {s.substr(0, a), s.substr(a + 1, b - a - 1), s.substr(b + 1)};
}

std::int64_t to_ns(double us) { return static_cast<std::int64_t>(std::llround(us * 1000.0)); }

constexpr std::int64_t kEpochNs = 1764063015000000000;  // 2025-11-25 09:30:15 UTC
constexpr const char* kGroupHash = "7429468418543562853";
constexpr std::int64_t kLaunchNs = 8'000, kHcclLaunchNs = 24'000, kSubmitNs = 2'000;

}  // namespace

std::vector<SynthRank> build_demo_ranks(const DemoOptions& o) {
  if (o.ranks < 2 || o.ranks > 64 || o.decode_steps < 1 || o.moe_layers < 1 || o.straggler_rank < 0 ||
      o.straggler_rank >= o.ranks || o.bubble_rank < 0 || o.bubble_rank >= o.ranks)
    throw Error(ErrorKind::kBadInput, {"demo", -1, -1, "options"}, "demo options out of range");
  std::vector<SynthRank> ranks(static_cast<std::size_t>(o.ranks));
  std::vector<std::uint64_t> rng(ranks.size());
  for (int r = 0; r < o.ranks; ++r) {
    SynthRank& x = ranks[static_cast<std::size_t>(r)];
    x.rank = r;
    x.device_id = r;
    x.world_size = o.ranks;
    x.host_pid = 41000 + 17 * r;
    x.host_tid = x.host_pid;
    x.folder = fmt::format("rank{}_synth-node_{}_20251125093015{:03}_ascend_pt", r, x.host_pid, 100 + r);
    rng[static_cast<std::size_t>(r)] = o.seed * 1000003 + static_cast<std::uint64_t>(r);
  }
  std::int64_t step_start = kEpochNs;
  std::vector<std::int64_t> last_end(ranks.size(), kEpochNs);  // previous task end, for Wait Time
  int collective_index = 0;
  const int steps = 1 + o.decode_steps;
  for (int s = 0; s < steps; ++s) {
    const bool prefill = s == 0;
    const std::int64_t step_id = s + 1;
    std::vector<std::int64_t> host(ranks.size(), step_start), device(ranks.size(), step_start);
    for (const OpSpec* op : step_program(o.moe_layers, prefill)) {
      const Shapes shapes = split_shapes(prefill ? op->prefill_shapes : op->decode_shapes);
      std::vector<std::size_t> index(ranks.size());
      for (std::size_t r = 0; r < ranks.size(); ++r) {
        SynthRank& x = ranks[r];
        std::uint64_t& g = rng[r];
        SynthTask t;
        t.name = op->name;
        t.type = op->type;
        t.core = op->core;
        t.task_type = op->task_type;
        t.in_shapes = shapes.in;
        t.in_dtypes = shapes.dtypes;
        t.out_shapes = shapes.out;
        t.out_dtypes = shapes.out.empty() ? "" : "DT_BF16";
        t.pipe = op->pipe;
        t.step = step_id;
        t.collective = op->kind == OpKind::kCollective;
        const bool cube = core_is_cube(op->core);
        t.block_dim = op->kind != OpKind::kKernel ? 0 : cube ? 24 : 48;  // AI_CPU and HCCL rows use no AI cores
        t.mix_block_dim = std::string_view(op->core).rfind("MIX_", 0) == 0 ? 48 : 0;
        // Host side: the launch, late when the injected host delay applies.
        std::int64_t launch = host[r];
        const bool delayed = !prefill && static_cast<int>(r) == o.bubble_rank && op == &kArgMax;
        if (delayed) {
          // Sampling parameters are prepared in Python only once the logits are back: the launch
          // waits for the device, then for that work.
          const std::int64_t py_start = std::max(host[r], device[r]);
          x.host_slices.push_back({"vllm_ascend/sample/sampler.py(187): apply_penalties", "python_function", py_start,
                                   o.host_delay_ns, "host_bubble"});
          launch = py_start + o.host_delay_ns;
          t.tag = "host_bubble";
        }
        t.launch_ns = launch;
        t.launch_dur_ns = t.collective ? kHcclLaunchNs : kLaunchNs;
        host[r] = launch + t.launch_dur_ns;
        const std::int64_t ready = launch + t.launch_dur_ns + kSubmitNs;
        const std::int64_t gap = to_ns(uniform(g, 0.9, 1.1));  // task dispatch on the stream
        t.start_ns = std::max(device[r] + gap, ready);
        if (op->kind == OpKind::kCollective) {
          t.name = fmt::format("hcom_allReduce__742_{}_1", collective_index);
          t.group = kGroupHash;
          t.size_mb = (prefill ? 2048.0 : 16.0) * 7168 * 2 / 1048576.0;
          t.stream = 3;
        } else {
          const double mean = prefill ? op->prefill_us : op->decode_us;
          double us = mean * uniform(g, 0.997, 1.003);
          if (static_cast<int>(r) == o.straggler_rank && op->kind == OpKind::kKernel) us *= o.straggler_slowdown;
          t.dur_ns = to_ns(us);
          if (op->kind == OpKind::kAicpu) t.tag = "aicpu_exposed";
          t.stream = 2;
        }
        index[r] = x.tasks.size();
        x.tasks.push_back(std::move(t));
      }
      if (op->kind == OpKind::kCollective) {
        // A collective ends for everyone once the last rank has arrived and the data has moved.
        std::int64_t last = INT64_MIN;
        for (std::size_t r = 0; r < ranks.size(); ++r) last = std::max(last, ranks[r].tasks[index[r]].start_ns);
        const double transit_us = (prefill ? kAllReduce.prefill_us : kAllReduce.decode_us) * uniform(rng[0], 0.99, 1.01);
        const std::int64_t sync_ns = 800, idle_ns = 3'000;
        const std::int64_t end = last + sync_ns + to_ns(transit_us) + idle_ns;
        for (std::size_t r = 0; r < ranks.size(); ++r) {
          SynthTask& t = ranks[r].tasks[index[r]];
          t.dur_ns = end - t.start_ns;
          t.transit_ms = transit_us / 1000.0;
          t.wait_ms = static_cast<double>(last + sync_ns - t.start_ns) / 1e6;
          if (static_cast<int>(r) == o.straggler_rank) t.tag = "slow_rank";
        }
        ++collective_index;
      }
      for (std::size_t r = 0; r < ranks.size(); ++r) {
        SynthTask& t = ranks[r].tasks[index[r]];
        t.wait_ns = t.start_ns - last_end[r];
        device[r] = last_end[r] = t.start_ns + t.dur_ns;
      }
    }
    // Each rank's step ends when its host has the sampled tokens; the next step starts on every rank
    // together (the scheduler's broadcast), after the slowest rank.
    std::int64_t next = step_start;
    for (std::size_t r = 0; r < ranks.size(); ++r) {
      const std::int64_t end = std::max(host[r], device[r]) + 12'000;
      ranks[r].steps.push_back({step_id, step_start, end});
      next = std::max(next, end);
    }
    step_start = next + 150'000;  // scheduling and input preparation between steps
  }
  return ranks;
}

DemoCapture write_demo_capture(const std::filesystem::path& root, const DemoOptions& o) {
  DemoCapture cap;
  cap.root = root;
  const std::vector<SynthRank> ranks = build_demo_ranks(o);
  RankWriteOptions wo;
  wo.profiler_steps = true;
  wo.device_id_column = true;
  for (const SynthRank& r : ranks) cap.files.push_back(write_ascend_rank(root, r, wo));

  auto collect = [&](const std::string& tag, InjectedProblem& p) {
    for (std::size_t r = 0; r < cap.files.size(); ++r)
      for (const WrittenFile& f : cap.files[r])
        if (auto it = f.rows_by_tag.find(tag); it != f.rows_by_tag.end()) {
          p.rows.push_back({ranks[r].rank, f.path, f.format, it->second});
          if (std::find(p.ranks.begin(), p.ranks.end(), ranks[r].rank) == p.ranks.end()) p.ranks.push_back(ranks[r].rank);
        }
  };
  InjectedProblem slow{"slow_rank", {}, "hcom_allReduce",
                       fmt::format("rank {} computes {:.0f}% slower and arrives last at every all-reduce; the other "
                                   "ranks wait inside the collective",
                                   o.straggler_rank, (o.straggler_slowdown - 1) * 100),
                       {}};
  collect("slow_rank", slow);
  InjectedProblem bubble{"host_bubble", {}, kDemoBubbleKernel,
                         fmt::format("rank {}: in every decode step the host launches {} {:.0f} us late (Python work "
                                     "before the launch), so the device idles before it",
                                     o.bubble_rank, kDemoBubbleKernel, static_cast<double>(o.host_delay_ns) / 1000.0),
                         {}};
  collect("host_bubble", bubble);
  InjectedProblem aicpu{"aicpu_exposed", {}, kDemoAicpuOp,
                        fmt::format("{} runs on the AI CPU every step with no AI Core work overlapping it", kDemoAicpuOp),
                        {}};
  collect("aicpu_exposed", aicpu);
  cap.injected = {std::move(slow), std::move(bubble), std::move(aicpu)};
  return cap;
}

}  // namespace llmsa::synth
