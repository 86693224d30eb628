#include "synth/kernel_details_stream.hpp"

#include <cstdio>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "synth/kernel_details_format.hpp"
#include "synth/random.hpp"

namespace llmsa::synth {

namespace {

struct StreamKernel {
  const char* name;
  const char* type;
  const char* core;
  const char* in_shapes;
  const char* in_dtypes;
  const char* out_shapes;
  double mean_us;
};

// Names, types and cores as in the real samples (level2 rank 0 and the reference's MoE list).
constexpr StreamKernel kKernels[] = {
    {"aclnnAdd_AddAiCore_Add", "Add", "AI_VECTOR_CORE", "4096,1,1024;4096,1,1024", "DT_BF16;DT_BF16", "4096,1,1024", 12.5},
    {"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", "4096,1024;1024,3072", "DT_BF16;DT_BF16", "4096,3072", 171.4},
    {"aclnnCast_CastAiCore_Cast", "Cast", "AI_VECTOR_CORE", "4096,1024", "FLOAT", "4096,1024", 9.1},
    {"aclnnMuls_MulAiCore_Mul", "Mul", "AI_VECTOR_CORE", "4096,1,1024", "DT_BF16", "4096,1,1024", 8.2},
    {"RmsNorm", "RmsNorm", "AI_VECTOR_CORE", "4096,1,1024;1024", "DT_BF16;DT_BF16", "4096,1,1024;4096,1,1", 20.3},
    {"RmsNormGrad", "RmsNormGrad", "MIX_AIV", "4096,1,1024;4096,1,1024;4096,1,1;1024", "DT_BF16;DT_BF16;FLOAT;DT_BF16", "4096,1,1024;1024", 41.0},
    {"aclnnFlashAttentionScore_FlashAttentionScore_FlashAttentionScore", "FlashAttentionScore", "MIX_AIC", "4096,1,1024;4096,1,1024;4096,1,1024;;;;2048,2048", "DT_BF16;DT_BF16;DT_BF16;UINT8", "1,8,4096,8;1,8,4096,8;;4096,1,1024", 811.7},
    {"aclnnFlashAttentionScoreGrad_FlashAttentionScoreGrad_FlashAttentionScoreGrad", "FlashAttentionScoreGrad", "MIX_AIC", "4096,1,1024;4096,1,1024;4096,1,1024;4096,1,1024", "DT_BF16;DT_BF16;DT_BF16;DT_BF16", "4096,1,1024;4096,1,1024;4096,1,1024", 2254.6},
    {"SwiGlu", "SwiGlu", "AI_VECTOR_CORE", "4096,1,5632", "DT_BF16", "4096,1,2816", 35.2},
    {"SwiGluGrad", "SwiGluGrad", "AI_VECTOR_CORE", "4096,1,2816;4096,1,5632", "DT_BF16;DT_BF16", "4096,1,5632", 61.9},
    {"RotaryPositionEmbedding", "RotaryPositionEmbedding", "AI_VECTOR_CORE", "4096,1,8,128;4096,1,1,128;4096,1,1,128", "DT_BF16;DT_BF16;DT_BF16", "4096,1,8,128", 18.4},
    {"aclnnGroupedMatmul_GroupedMatmul_GroupedMatmul", "GroupedMatmul", "AI_CORE", "16384,2048;8,2048,1408;8", "DT_BF16;DT_BF16;INT64", "16384,1408", 402.3},
    {"aclnnMoeInitRouting_MoeInitRouting_MoeInitRouting", "MoeInitRouting", "AI_VECTOR_CORE", "4096,2048;4096,4", "DT_BF16;INT32", "16384,2048;16384;16384", 55.6},
    {"aclnnMoeTokenPermute_MoeTokenPermute_MoeTokenPermute", "MoeTokenPermute", "AI_VECTOR_CORE", "4096,2048;4096,4", "DT_BF16;INT64", "16384,2048;16384", 48.3},
    {"aclnnMoeTokenUnpermute_MoeTokenUnpermute_MoeTokenUnpermute", "MoeTokenUnpermute", "AI_VECTOR_CORE", "16384,2048;16384;4096,4", "DT_BF16;INT32;DT_BF16", "4096,2048", 51.0},
    {"aclnnMoeGatingTopKSoftmax_MoeGatingTopKSoftmax_MoeGatingTopKSoftmax", "MoeGatingTopKSoftmax", "AI_VECTOR_CORE", "4096,64", "DT_BF16", "4096,4;4096,4;4096,4", 14.9},
    {"aclnnApplyAdamWV2_ApplyAdamWV2_ApplyAdamWV2", "ApplyAdamWV2", "AI_VECTOR_CORE", "3145728;3145728;3145728;3145728;1", "FLOAT;FLOAT;FLOAT;FLOAT;INT64", "3145728;3145728;3145728", 96.4},
    {"trans_TransData_0", "TransData", "AI_VECTOR_CORE", "32,3,224,224", "FLOAT", "32,1,224,224,16", 50.6},
    {"aclnnNonzeroV2_NonzeroAiCore_NonZero", "NonZero", "MIX_AIV", "4096", "INT64", "4096,1", 30.2},
    {"RandomUniform", "RandomUniform", "AI_CPU", "", "", "", 140.0},
    {"DropOutGenMaskV3", "DropOutGenMaskV3", "DSA_SQE", "", "", "", 4.1},
};
constexpr const char* kCollectives[] = {"hcom_allReduce_", "hcom_allGather_", "hcom_reduceScatter_",
                                        "hcom_broadcast_", "hcom_batchSendRecv_", "hcom_alltoallv_"};

}  // namespace

KernelDetailsStreamResult write_kernel_details_stream(const std::filesystem::path& path,
                                                      const KernelDetailsStreamOptions& o) {
  KernelDetailsStreamResult res;
  std::FILE* f = std::fopen(path.string().c_str(), "wb");
  if (!f) throw Error(ErrorKind::kBadInput, {path.string(), -1, -1, ""}, "cannot create file");
  std::string buf;
  buf.reserve(1 << 21);
  const std::string_view eol = o.crlf ? "\r\n" : "\n";
  if (o.bom) buf += "\xEF\xBB\xBF";
  buf += kernel_details_header(true);
  buf += eol;
  std::uint64_t s = o.seed * 7919 + static_cast<std::uint64_t>(o.rank);
  std::int64_t t_ns = 1764246877073569640ll + static_cast<std::int64_t>(o.rank) * 1731;  // real epoch base
  std::uint64_t task_id = 34473;
  std::uint64_t hcom_seq = 0;
  std::string line, pending;  // one held-back row, swapped with the next now and then: rows are not sorted
  std::string comm_name;
  auto done = [&] {
    return o.target_rows ? res.rows >= o.target_rows : res.bytes + buf.size() >= o.target_bytes;
  };
  while (!done()) {
    const std::uint64_t r = splitmix64(s);
    const bool comm = r % 23 == 0;
    KernelDetailsRow row;
    if (r % 997 != 0) row.step = static_cast<std::int64_t>(13 + res.rows / 200000);
    row.device_id = o.rank;
    row.wait_ns = static_cast<std::int64_t>((r >> 20) % 4000 * 250);
    row.quoted_start = (r >> 8) % 7 == 0;  // as in the ArithmeticUtilization files
    t_ns += row.wait_ns;
    row.start_ns = t_ns;
    if (comm) {
      const char* c = kCollectives[(r >> 12) % 6];
      comm_name = std::string(c) + "_" + std::to_string(100 + hcom_seq / 50) + "_" + std::to_string(hcom_seq % 50) + "_1";
      row.name = comm_name;
      row.type = c;
      row.core = o.hccl_spelling ? "HCCL" : "COMMUNICATION";
      row.dur_ns = static_cast<std::int64_t>(uniform(s, 50, 20000) * 1000);
      ++hcom_seq;
    } else {
      const StreamKernel& k = kKernels[(r >> 16) % std::size(kKernels)];
      row.name = k.name;
      row.type = k.type;
      row.core = k.core;
      row.dur_ns = static_cast<std::int64_t>(k.mean_us * uniform(s, 0.7, 1.3) * 1000);
      row.task_id = task_id++;
      row.stream_id = 2 + static_cast<int>((r >> 40) % 3);
      const bool cube = core_is_cube(k.core);
      row.block_dim = cube ? 24 : 48;
      row.mix_block_dim = k.core[0] == 'M' ? 48 : 0;
      row.in_shapes = k.in_shapes;
      row.in_dtypes = k.in_dtypes;
      row.out_shapes = k.out_shapes;
      row.out_dtypes = k.in_shapes[0] ? "DT_BF16" : "";
      row.pipe = {uniform(s, 0.05, 0.95), uniform(s, 0.05, 0.9), uniform(s, 0.05, 0.99)};
    }
    t_ns += row.dur_ns;
    line.clear();
    append_kernel_details_row(line, row, true, eol);
    ++res.rows;
    // Hold back every 50th row and emit it after the next one: locally unsorted, like real files.
    if (pending.empty() && r % 50 == 0) {
      pending = line;
    } else {
      buf += line;
      if (!pending.empty()) {
        buf += pending;
        pending.clear();
      }
    }
    if (buf.size() >= (1u << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      res.bytes += buf.size();
      buf.clear();
    }
  }
  buf += pending;
  std::fwrite(buf.data(), 1, buf.size(), f);
  res.bytes += buf.size();
  if (std::fclose(f) != 0) throw Error(ErrorKind::kBadInput, {path.string(), -1, -1, ""}, "cannot write file");
  return res;
}

KernelDetailsStreamResult write_kernel_details_capture(const std::filesystem::path& out, int ranks,
                                                       std::uint64_t total_bytes, std::uint64_t total_rows,
                                                       std::uint64_t seed) {
  KernelDetailsStreamResult total;
  for (int r = 0; r < ranks; ++r) {
    const auto dir = out / ("rank" + std::to_string(r) + "_ascend_pt");
    std::filesystem::create_directories(dir / "ASCEND_PROFILER_OUTPUT");
    std::ofstream(dir / ("profiler_info_" + std::to_string(r) + ".json"))
        << "{\"config\":{\"experimental_config\":{\"_profiler_level\":\"Level2\",\"_aic_metrics\":"
           "\"ACL_AICORE_PIPE_UTILIZATION\",\"_export_type\":[\"text\"]}},\"rank_id\":"
        << r << "}\n";
    KernelDetailsStreamOptions o;
    o.target_bytes = total_bytes / static_cast<std::uint64_t>(ranks);
    o.target_rows = total_rows / static_cast<std::uint64_t>(ranks);
    o.rank = r;
    o.bom = r % 4 == 1;
    o.crlf = r % 4 == 2;
    o.hccl_spelling = r % 4 == 3;
    o.seed = seed;
    const auto res = write_kernel_details_stream(dir / "ASCEND_PROFILER_OUTPUT" / "kernel_details.csv", o);
    total.bytes += res.bytes;
    total.rows += res.rows;
  }
  return total;
}

}  // namespace llmsa::synth
