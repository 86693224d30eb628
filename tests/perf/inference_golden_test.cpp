// The inference model end to end (model analysis -> sharding -> per-op roofline -> memory -> serving)
// against the worked numbers of methodology.md s7, s8, s11 and Appendix V.1. The reference computes with
// rounded model-level inputs (N = 70e9, weights 140 GB); the analysis uses the real checkpoints
// (Llama-3.1-70B: 70,553,706,496 params; the LM head only for the last prompt token; the embedding as a
// row gather). Where that moves a number, the test states both and the tolerance that covers it.
#include <gtest/gtest.h>

#include <cmath>

#include "hw/hardware_db.hpp"
#include "model/analysis.hpp"
#include "model/config_reader.hpp"
#include "perf/inference_memory.hpp"
#include "perf/inference_step.hpp"
#include "perf/memory_capacity.hpp"
#include "perf/serving_formulas.hpp"

namespace llmsa::perf {
namespace {

const hw::HardwareDb& db() {
  static const hw::HardwareDb d = hw::HardwareDb::builtin();
  return d;
}

// The methodology's counting: no norms, no biases; Part 7's prefill FLOPs 2NS + 4 S^2 H D L are the
// full square (not causal-halved).
model::AnalysisOptions part7_options() {
  model::AnalysisOptions o;
  o.count_norms = false;
  o.count_biases = false;
  o.causal = model::CausalCounting::kFullSquare;
  return o;
}

// s1.7 / s11: TFLOPS_eff = 989 x 0.75 = 742 on H100; memory at the full 3.35 TB/s.
InferenceConfig h100_config(int tp) {
  InferenceConfig c;
  c.layout = InferenceLayout{tp, 1, 1};
  c.efficiency = Efficiency{0.75, 1.0};
  return c;
}

const model::ModelSpec& llama70b() {
  static const model::ModelSpec s = model::load_model("Llama-3.1-70B");
  return s;
}

TEST(InferenceGolden, Llama70bPrefill2048IsComputeBoundAbout400ms) {
  // s11 / V.1: 2.9772e14 FLOPs / 742e12 = 401.2 ms, compute-bound (memory 41.8 ms). The analysis charges
  // 2 x 68.45B linear params per token (70.55B minus the embedding gather and the LM head, which runs for
  // the last token only): 2.914e14 FLOPs -> 392.7 ms, within 3% of the reference.
  StepTime t = prefill_time(llama70b(), db().require("H100-SXM"), part7_options(), h100_config(1), 2048);
  EXPECT_NEAR(t.flops, 2.9772e14, 0.03 * 2.9772e14);
  EXPECT_NEAR(t.seconds * 1e3, 401.2, 0.03 * 401.2);
  // Compute-bound: the reference's memory time is 41.8 ms for the weights alone; the analysis also moves
  // the GEMMs' activations (2048 tokens x 80 layers) and the KV write, 59 ms in all, still far below compute.
  EXPECT_GT(t.compute_seconds, 5 * t.memory_seconds);
  EXPECT_GT(t.memory_seconds * 1e3, 41.8);
}

TEST(InferenceGolden, Llama70bPrefill128IsMemoryBound) {
  // s11: S = 128: compute 24 ms, memory 140/3.35 = 42 ms -> TTFT ~42 ms, memory-bound.
  StepTime t = prefill_time(llama70b(), db().require("H100-SXM"), part7_options(), h100_config(1), 128);
  EXPECT_LT(t.compute_seconds, t.memory_seconds);
  EXPECT_NEAR(t.seconds * 1e3, 42.0, 0.03 * 42.0);
}

TEST(InferenceGolden, Llama70bDecodeOnOneH100About42ms) {
  // s11 / V.1: 140 GB / 3.35 TB/s = 41.79 ms. The analysis reads 2 x (70.55B - 1.05B embedding rows not
  // gathered) = 139.0 GB of weights plus 0.42 GB of KV at context 1280: within 1.5%.
  StepTime t = decode_time(llama70b(), db().require("H100-SXM"), part7_options(), h100_config(1), 1, 1280);
  EXPECT_NEAR(t.seconds * 1e3, 41.79, 0.015 * 41.79);
  EXPECT_GT(t.memory_seconds, 50 * t.compute_seconds);  // decode AI ~1 FLOP/byte (s8)
  EXPECT_NEAR(t.flops / t.bytes, 1.0, 0.03);  // s8: decode AI ~ 2 / bytes per param = 1 in BF16 (+ attention)
}

TEST(InferenceGolden, Llama70bTp4EndToEndAbout2p70s) {
  // s11: TP 4, S 1024, N_out 256: prefill 49 ms, decode 10.4 ms, end to end 2.70 s (V.1 exact: 49.23 ms,
  // 10.448 ms, 2.713 s). NVLink all-reduces (two per layer, s6) at 450 GB/s per direction add 8.9 ms to the
  // prefill (16.8 MB per all-reduce, 160 of them) and 9 us to a decode step; the reference ignores them.
  const auto& h100 = db().require("H100-SXM");
  StepTime pre = prefill_time(llama70b(), h100, part7_options(), h100_config(4), 1024);
  StepTime dec = decode_time(llama70b(), h100, part7_options(), h100_config(4), 1, 1024 + 128);
  EXPECT_NEAR(pre.op_seconds * 1e3, 49.23, 0.03 * 49.23);
  EXPECT_NEAR(dec.seconds * 1e3, 10.448, 0.015 * 10.448);
  EXPECT_EQ(pre.comm.tp_all_reduces, 160);
  double e2e = end_to_end_seconds(pre.seconds, dec.seconds, 256);
  EXPECT_NEAR(e2e, 2.713, 0.015 * 2.713);
  EXPECT_NEAR(e2e, 2.70, 0.015 * 2.70);
  // F23 (V.2): the per-layer all-reduce at B = 1 is 16 KB of payload, 24 KB on the wire for tp 4.
  EXPECT_DOUBLE_EQ(dec.comm.tp_all_reduce_wire_bytes / dec.comm.tp_all_reduces, 24576);
}

TEST(InferenceGolden, Llama70bKvLimitedBatchAbout413) {
  // s11: TP 4 on 4 x H100 80 GB, request of 1024 + 256 tokens, KV 419,430,400 B / 0.96 utilisation.
  // Reference: (320 - 140) GB / 436 MB ~ 413 (exact with 140 GB: 411, V.1). With the real weights
  // 2 x 70,553,706,496 B: floor((320e9 - 141,107,412,992) / 436,906,666.7) = floor(409.45) = 409, which
  // the memory model reaches per card: (80e9 - weights/4) / (436.9 MB / 4 KV-head shards).
  MemoryOptions m;
  m.framework_overhead_bytes = 0;
  m.activation_bytes_per_sequence = 0;
  m.kv_utilization = 0.96;
  model::Workload w;
  w.seq = 1280;
  model::ModelAnalysis a = model::analyze(llama70b(), w, part7_options());
  EXPECT_DOUBLE_EQ(model::cache_bytes_at_context(a, 1280), 419'430'400);
  // The official count less the 161 RMSNorm vectors of 8192 (2 per layer + final) the methodology ignores.
  EXPECT_DOUBLE_EQ(model_weight_bytes(a), 2.0 * (70'553'706'496 - 161 * 8192));
  BatchCapacity c = max_batch(llama70b(), a, db().require("H100-SXM"), InferenceLayout{4, 1, 1}, 1280, m);
  EXPECT_EQ(c.per_replica, 409);
  EXPECT_NEAR(static_cast<double>(c.per_replica), 413, 0.01 * 413);
}

const model::ModelSpec& m3() {
  static const model::ModelSpec s = model::load_model("MiniMax-M3");
  return s;
}

TEST(InferenceGolden, MiniMaxM3DecodeIntensity) {
  // s8: M3 decode at 1M, B = 1: 215 GFLOPs over 46 GB (official 23B active) -> AI ~4.7. V.1: with the real
  // LM head the FLOPs are 217.57 G (F10); the config's active parameters are 25.96B (F4), of which the
  // embedding's 6144 x 200,064 = 1.229B are a one-row gather in decode, so the weights read are
  // 2 x (25.9617 - 1.2292)B = 49.47 GB and the weight-only AI is 217.57 / 49.47 = 4.40 (4.7 needs the
  // official 23B). The KV read is not s8's "~6.7 GB (~15%, ignored)": that counts the 3 full layers
  // (3 x 2 x 4 x 128 x 2^20 x 2 = 6,442,450,944 B) and the MSA-selected keys (57 x 2 x 4 x 128 x 2048 x 2 =
  // 239,075,328 B) but not the lightning indexer, which scores every cached index key each step: the whole
  // index K, 57 x 128 x 2^20 x 2 = 15,300,820,992 B (s5). In all 21,982,347,264 B, and the whole-step AI
  // falls to 3.05. Either way decode is far below H200's ridge of 206.
  model::AnalysisOptions o;
  o.count_norms = false;
  o.count_biases = false;
  o.msa_cap_selected_to_context = false;
  StepTime t = decode_time(m3(), db().require("H200-SXM"), o, InferenceConfig{}, 1, 1 << 20);
  EXPECT_NEAR(t.flops / 1e9, 217.57, 0.005 * 217.57);
  model::Workload w;
  w.seq = 1 << 20;
  model::ModelAnalysis a = model::analyze(m3(), w, o);
  EXPECT_NEAR(a.decode.weight_bytes / 1e9, 2 * (25.9617 - 1.229193216), 0.001 * 49.47);
  EXPECT_DOUBLE_EQ(a.decode.kv_read_bytes, 6'442'450'944.0 + 239'075'328.0 + 15'300'820'992.0);
  EXPECT_NEAR(a.decode.flops / a.decode.weight_bytes, 4.40, 0.01);
  EXPECT_NEAR(t.flops / t.bytes, 3.05, 0.02);
  EXPECT_NEAR(215e9 / (2 * 23e9), 4.7, 0.05);  // the reference's inputs, for the record
  EXPECT_LT(t.flops / t.bytes, 206);
}

TEST(InferenceGolden, MiniMaxM3MaxBatchAt1MOn8xH200) {
  // s7 table, 8 x H200 pool 1,128, per sample KV + ~5 GiB (act + overhead):
  //   BF16 W + BF16 KV -> 1; FP8 W + BF16 KV -> 4 (the text's formula: floor(700/139.3) = 5, F14);
  //   FP8 W + FP8 KV -> 9; INT4 W + FP8 KV -> 12.
  // The author divides GB of free memory by GiB of KV. In bytes (KV 134.25 GiB = 144.15 GB, s5; weights
  // from the checkpoint, 427.05B params incl. vision, V.1) FP8 W + BF16 KV is floor(701/149.5) = 4, so the
  // table's 4 is right and the formula's 5 is the unit slip; INT4 W + FP8 KV is floor(914.5/77.4) = 11, so
  // the table's 12 is the unit slip there.
  const double pool = 8 * db().require("H200-SXM").memory_capacity_bytes.value;
  EXPECT_DOUBLE_EQ(pool, 1128e9);
  const double per_sample_extra = 5.0 * (1 << 30);
  struct Row {
    model::DType w, kv;
    std::int64_t table, bytes_consistent;
  };
  for (Row r : {Row{model::DType::kBf16, model::DType::kBf16, 1, 1}, Row{model::DType::kFp8, model::DType::kBf16, 4, 4},
                Row{model::DType::kFp8, model::DType::kFp8, 9, 9}, Row{model::DType::kInt4, model::DType::kFp8, 12, 11}}) {
    model::AnalysisOptions o;
    o.count_norms = false;
    o.count_biases = false;
    o.weight_dtype = r.w;
    o.kv_dtype = r.kv;
    model::Workload w;
    w.seq = 1 << 20;
    model::ModelAnalysis a = model::analyze(m3(), w, o);
    const double kv = model::cache_bytes_at_context(a, 1 << 20);
    EXPECT_NEAR(kv / (1 << 30), 134.25 * model::dtype_bytes(r.kv) / 2, 0.01);
    std::int64_t b = max_batch_for_pool(pool, model_weight_bytes(a), kv, per_sample_extra);
    EXPECT_EQ(b, r.bytes_consistent) << model::dtype_name(r.w) << " W + " << model::dtype_name(r.kv) << " KV";
    EXPECT_LE(std::abs(b - r.table), 1);
  }
}

TEST(InferenceGolden, MiniMaxM3KvReplicationUnderTp8) {
  // s11: "TP+EP (KV replicated across TP ranks)". M3 has 4 KV heads, so tp 8 keeps every KV head on two
  // cards: a card holds 1/4 of the 144.15 GB KV per sample, which no longer fits next to the weights
  // that the pool arithmetic above assumed spread evenly. The layout model says so instead of a batch.
  model::AnalysisOptions o;
  model::Workload w;
  w.seq = 1 << 20;
  model::ModelAnalysis a = model::analyze(m3(), w, o);
  MemoryOptions m;
  BatchCapacity c = max_batch(m3(), a, db().require("H200-SXM"), InferenceLayout{8, 1, 8}, 1 << 20, m);
  EXPECT_NEAR(c.at_max.kv_bytes_per_sequence / 1e9, 144.15 / 4, 0.5);
  EXPECT_EQ(c.per_replica, 0);
  ASSERT_FALSE(c.violations.empty());
}

}  // namespace
}  // namespace llmsa::perf
