#pragma once
// Writes realistic Ascend kernel_details.csv files of any size, for benchmarks and stress tests.
// Shape of the data follows the real late-2025 Level2 PipeUtilization export
// (samples Ascend-msinsight test/st/level2, 47 columns with Device_id): real kernel names of
// Megatron-style LLM training (MatMulV3, FlashAttentionScore(Grad), RmsNorm, SwiGlu), MoE ops
// (GroupedMatmul, MoeInitRouting, MoeTokenPermute...) and HCCL collectives, with the quirks of real
// files: TAB after start times (bare and quoted), shapes in doubled quotes, N/A for missing values,
// COMMUNICATION (and HCCL in the older-variant ranks), optional BOM and CRLF, locally unsorted rows,
// empty Step Id on some rows.
#include <cstdint>
#include <cstdio>
#include <string>

namespace llmsa::bench {

struct KernelDetailsGenOptions {
  std::uint64_t target_bytes = 64ull << 20;
  int rank = 0;
  bool bom = false;
  bool crlf = false;
  bool hccl_spelling = false;  // older files say HCCL where newer say COMMUNICATION
  std::uint64_t seed = 1;
};

struct GenResult {
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;
};

inline std::uint64_t splitmix64(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct GenKernel {
  const char* name;
  const char* type;
  const char* core;
  const char* in_shapes;
  const char* in_dtypes;
  const char* out_shapes;
  double mean_us;
};

// Names, types and cores as in the real samples (level2 rank 0 and the reference's MoE list).
inline constexpr GenKernel kGenKernels[] = {
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
inline constexpr const char* kGenCollectives[] = {"hcom_allReduce_", "hcom_allGather_", "hcom_reduceScatter_",
                                                  "hcom_broadcast_", "hcom_batchSendRecv_", "hcom_alltoallv_"};

inline constexpr const char* kGenHeader =
    "Step Id,Device_id,Model ID,Task ID,Stream ID,Name,Type,OP State,Accelerator Core,Start Time(us),Duration(us),"
    "Wait Time(us),Block Dim,Mix Block Dim,HF32 Eligible,Input Shapes,Input Data Types,Input Formats,Output Shapes,"
    "Output Data Types,Output Formats,Context ID,aicore_time(us),aic_total_cycles,aic_mac_time(us),aic_mac_ratio,"
    "aic_scalar_time(us),aic_scalar_ratio,aic_mte1_time(us),aic_mte1_ratio,aic_mte2_time(us),aic_mte2_ratio,"
    "aic_fixpipe_time(us),aic_fixpipe_ratio,aic_icache_miss_rate,aiv_time(us),aiv_total_cycles,aiv_vec_time(us),"
    "aiv_vec_ratio,aiv_scalar_time(us),aiv_scalar_ratio,aiv_mte2_time(us),aiv_mte2_ratio,aiv_mte3_time(us),"
    "aiv_mte3_ratio,aiv_icache_miss_rate,cube_utilization(%)";

// Writes one file; returns bytes and data rows written.
inline GenResult write_kernel_details(const std::string& path, const KernelDetailsGenOptions& o) {
  GenResult res;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return res;
  std::string buf;
  buf.reserve(1 << 20);
  const char* eol = o.crlf ? "\r\n" : "\n";
  if (o.bom) buf += "\xEF\xBB\xBF";
  buf += kGenHeader;
  buf += eol;
  std::uint64_t s = o.seed * 7919 + static_cast<std::uint64_t>(o.rank);
  std::uint64_t t_ns = 1764246877073569640ull + static_cast<std::uint64_t>(o.rank) * 1731ull;  // real epoch base
  std::uint64_t task_id = 34473;
  std::uint64_t hcom_seq = 0;
  char line[2048];
  std::string pending;  // one held-back row, swapped with the next now and then: rows are not sorted
  const int device = o.rank;
  auto frac = [&](double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(splitmix64(s) >> 11) / 9007199254740992.0;
  };
  while (res.bytes + buf.size() < o.target_bytes) {
    const std::uint64_t r = splitmix64(s);
    const bool comm = r % 23 == 0;
    const std::uint64_t step = 13 + res.rows / 200000;
    const bool empty_step = r % 997 == 0;
    std::uint64_t dur_ns;
    const std::uint64_t wait_ns = (r >> 20) % 4000 * 250;
    int n;
    // Start time: µs with 3 decimals and a TAB; every 7th row quoted as in the ArithmeticUtilization files.
    const bool quoted_ts = (r >> 8) % 7 == 0;
    char ts[64];
    t_ns += wait_ns;
    std::snprintf(ts, sizeof ts, quoted_ts ? "\"%llu.%03llu\t\"" : "%llu.%03llu\t",
                  static_cast<unsigned long long>(t_ns / 1000), static_cast<unsigned long long>(t_ns % 1000));
    char step_s[24];
    if (empty_step) step_s[0] = '\0';
    else std::snprintf(step_s, sizeof step_s, "%llu", static_cast<unsigned long long>(step));
    if (comm) {
      const char* c = kGenCollectives[(r >> 12) % 6];
      dur_ns = static_cast<std::uint64_t>(frac(50, 20000) * 1000);
      n = std::snprintf(line, sizeof line,
                        "%s,%d,4294967295,N/A,N/A,%s_%llu_%d_1,%s,N/A,%s,%s,%.3f,%.6f,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,"
                        "N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,"
                        "N/A,N/A,N/A,N/A%s",
                        step_s, device, c, static_cast<unsigned long long>(100 + hcom_seq / 50),
                        static_cast<int>(hcom_seq % 50), c, o.hccl_spelling ? "HCCL" : "COMMUNICATION", ts,
                        static_cast<double>(dur_ns) / 1000.0, static_cast<double>(wait_ns) / 1000.0, eol);
      ++hcom_seq;
    } else {
      const GenKernel& k = kGenKernels[(r >> 16) % (sizeof kGenKernels / sizeof kGenKernels[0])];
      const double d_us = k.mean_us * frac(0.7, 1.3);
      dur_ns = static_cast<std::uint64_t>(d_us * 1000);
      const bool pmu = k.core[0] != 'A' || k.core[3] != 'C';  // AI_CPU rows have no PMU values
      const bool cube = k.core[3] == 'C' || k.core[4] == 'C';  // AI_CORE, MIX_AIC
      char shapes[512];
      if (k.in_shapes[0]) {
        std::snprintf(shapes, sizeof shapes, "\"\"\"%s\"\"\",%s,ND;ND,\"\"\"%s\"\"\",DT_BF16,ND", k.in_shapes,
                      k.in_dtypes, k.out_shapes);
      } else {
        std::snprintf(shapes, sizeof shapes, "\"\"\"\"\"\",,,\"\"\"\"\"\",,");
      }
      char pmu_s[768];
      if (pmu && k.core[0] != 'D') {
        const double aic = cube ? d_us * frac(0.8, 0.99) : 0.0, aiv = cube ? 0.0 : d_us * frac(0.8, 0.99);
        const double mac = frac(0.05, 0.95), mte2 = frac(0.05, 0.99), vec = frac(0.05, 0.9);
        std::snprintf(pmu_s, sizeof pmu_s,
                      "%.3f,%llu,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,"  // aic: 13 columns
                      "%.3f,%llu,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,"            // aiv: 11 columns
                      "%.3f",                                                              // cube_utilization(%)
                      aic, static_cast<unsigned long long>(aic * 1800 * 24), aic * mac, mac, aic * 0.05, 0.05,
                      aic * 0.1, 0.1, aic * mte2, mte2, aic * 0.2, 0.2, frac(0, 0.01), aiv,
                      static_cast<unsigned long long>(aiv * 1800 * 48), aiv * vec, vec, aiv * 0.03, 0.03,
                      aiv * mte2, mte2, aiv * 0.1, 0.1, frac(0, 0.01), cube ? mac * 100 : 0.0);
      } else {
        std::snprintf(pmu_s, sizeof pmu_s,
                      "N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,"
                      "N/A");
      }
      n = std::snprintf(line, sizeof line, "%s,%d,4294967295,%llu,%d,%s,%s,dynamic,%s,%s,%.3f,%.6f,%d,%s,NO,%s,N/A,%s%s",
                        step_s, device, static_cast<unsigned long long>(task_id++), 2 + static_cast<int>((r >> 40) % 3),
                        k.name, k.type, k.core, ts, d_us, static_cast<double>(wait_ns) / 1000.0,
                        cube ? 24 : 48, k.core[0] == 'M' ? "48" : "0", shapes, pmu_s, eol);
    }
    t_ns += dur_ns;
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof line) continue;
    ++res.rows;
    // Hold back every 50th row and emit it after the next one: locally unsorted, like real files.
    if (pending.empty() && r % 50 == 0) {
      pending.assign(line, static_cast<std::size_t>(n));
    } else {
      buf.append(line, static_cast<std::size_t>(n));
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
  std::fclose(f);
  return res;
}

}  // namespace llmsa::bench
