// Kernel classification on real kernel names. Every name below was copied from the sample file named
// beside it (under ../shared/samples); the expected categories and roles come from the table of
// ascend-profiling.md A.5 (Ascend) and from the kernel families cited in data/kernels/kernel_signatures.json
// (GPU). HTA's own classification follows trace-analyzers.md 5.2.
#include "analysis/kernel_classifier.hpp"

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/hta_kernel_type.hpp"
#include "core/error.hpp"
#include "support/samples.hpp"

namespace llmsa::analysis {
namespace {

const KernelClassifier& builtin() {
  static const KernelClassifier c = KernelClassifier::builtin();
  return c;
}

struct Case {
  const char* name;
  const char* type;
  const char* core;
  OpRole role;
  CollectiveKind collective;
  std::vector<std::string> must_have;  // categories that must be present
};

void expect_case(const Case& c) {
  const KernelClass k = builtin().classify(c.name, c.type, c.core);
  EXPECT_EQ(op_role_name(k.role), std::string(op_role_name(c.role))) << c.name;
  EXPECT_EQ(collective_kind_name(k.collective), std::string(collective_kind_name(c.collective))) << c.name;
  for (const auto& cat : c.must_have) EXPECT_TRUE(builtin().has_category(k, cat)) << c.name << " lacks " << cat;
}

// Ascend: test/st/level2/rank_0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv (Ascend-msinsight),
// late-2025 header (Accelerator Core COMMUNICATION).
TEST(KernelClassifier, AscendLevel2LlmTrainingNames) {
  const std::vector<Case> cases = {
      {"aclnnFlashAttentionScore_FlashAttentionScore_FlashAttentionScore", "FlashAttentionScore", "MIX_AIC",
       OpRole::kAttention, CollectiveKind::kNone, {"attention.flash_score"}},
      {"aclnnFlashAttentionScoreGrad_FlashAttentionScoreGrad_FlashAttentionScoreGrad", "FlashAttentionScoreGrad",
       "MIX_AIC", OpRole::kAttention, CollectiveKind::kNone, {"attention.flash_score"}},
      {"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE", OpRole::kFfnMatmul, CollectiveKind::kNone,
       {"compute.matmul"}},
      {"aclnnMatmul_MatMulCommon_MatMulV2", "MatMulV2", "AI_CORE", OpRole::kFfnMatmul, CollectiveKind::kNone,
       {"compute.matmul"}},
      {"RmsNorm", "RmsNorm", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone, {"normalization"}},
      {"RotaryPositionEmbedding", "RotaryPositionEmbedding", "AI_VECTOR_CORE", OpRole::kAttention,
       CollectiveKind::kNone, {"attention.rope"}},
      {"SwiGlu", "SwiGlu", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone, {"vector.elementwise"}},
      {"aclnnAdd_AddAiCore_Add", "Add", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone, {"vector.elementwise"}},
      {"aclnnCast_CastAiCore_Cast", "Cast", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone, {"vector.layout"}},
      {"hcom_allReduce__346_3_1", "hcom_allReduce_", "COMMUNICATION", OpRole::kCommunication,
       CollectiveKind::kAllReduce, {"communication.collective", "communication.allreduce"}},
      {"hcom_allGather__097_6_1", "hcom_allGather_", "COMMUNICATION", OpRole::kCommunication,
       CollectiveKind::kAllGather, {"communication.allgather"}},
      {"hcom_reduceScatter__097_4_1", "hcom_reduceScatter_", "COMMUNICATION", OpRole::kCommunication,
       CollectiveKind::kReduceScatter, {"communication.reducescatter"}},
      {"hcom_batchSendRecv__128_3_1", "hcom_batchSendRecv_", "COMMUNICATION", OpRole::kCommunication,
       CollectiveKind::kSendRecv, {"communication.send_recv"}},
  };
  for (const auto& c : cases) expect_case(c);
}

// Ascend 2023: server/src/test/test_data/test_rank_0/ASCEND_PROFILER_OUTPUT/kernel_details.csv (HCCL core,
// AI_CPU and DSA_SQE rows), and the level1 CNN capture test/data/pytorch/text/level1/rank0_ascend_pt.
TEST(KernelClassifier, AscendOlderCoresAicpuDsaAndCnn) {
  const std::vector<Case> cases = {
      {"hcom_broadcast__483_0", "hcom_broadcast_", "HCCL", OpRole::kCommunication, CollectiveKind::kBroadcast,
       {"communication.broadcast"}},
      {"hcom_allGather__483_3", "hcom_allGather_", "HCCL", OpRole::kCommunication, CollectiveKind::kAllGather, {}},
      {"trans_Cast_15", "Cast", "AI_CPU", OpRole::kAicpu, CollectiveKind::kNone, {"aicpu"}},
      {"StatelessDropOutGenMask/DSASTATELESSGENBITMASK", "DSAStatelessGenBitMask", "DSA_SQE", OpRole::kOther,
       CollectiveKind::kNone, {"dsa"}},
      {"FlashAttentionScore", "FlashAttentionScore", "MIX_AIC", OpRole::kAttention, CollectiveKind::kNone,
       {"attention.flash_score"}},
      {"Cast", "Cast", "AI_CORE", OpRole::kVector, CollectiveKind::kNone, {"vector.layout"}},
      {"Conv2DBackpropFilter6", "Conv2DBackpropFilter", "AI_CORE", OpRole::kConvolution, CollectiveKind::kNone,
       {"compute.conv"}},
      {"aclnnAddmm_MatMulCommon_MatMulV2", "MatMulV2", "AI_CORE", OpRole::kFfnMatmul, CollectiveKind::kNone,
       {"compute.matmul"}},
      {"aclnnMaxPool2dWithMask_MaxPoolWithArgmaxV1AiCore_MaxPoolWithArgmaxV1", "MaxPoolWithArgmaxV1",
       "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone, {"vector.reduce"}},
      {"hcom_allReduce__586_0_1", "hcom_allReduce_", "HCCL", OpRole::kCommunication, CollectiveKind::kAllReduce, {}},
      {"aclnnTopk_TopkV2_TopKV2", "TopKV2", "MIX_AIV", OpRole::kVector, CollectiveKind::kNone, {}},
  };
  for (const auto& c : cases) expect_case(c);
  // MaxPoolWithArgmax is pooling: the argmax sampling category must not be attached (A.5 pitfall class).
  auto k = builtin().classify("aclnnMaxPool2dWithMask_MaxPoolWithArgmaxV1AiCore_MaxPoolWithArgmaxV1",
                              "MaxPoolWithArgmaxV1", "AI_VECTOR_CORE");
  EXPECT_FALSE(builtin().has_category(k, "sampling.argmax"));
}

// Level0 captures have Type and Accelerator Core = N/A (C.2 variant 1): the op type is recovered from the
// aclnn / trans_ name structure. Names from test/data/pytorch/text/level0/rank0_ascend_pt kernel_details.csv.
TEST(KernelClassifier, AscendLevel0RecoversOpTypeFromName) {
  EXPECT_EQ(effective_op_type("aclnnInplaceRelu_Relu_Relu", "N/A"), "Relu");
  EXPECT_EQ(effective_op_type("trans_TransData_0", "N/A"), "TransData");
  EXPECT_EQ(effective_op_type("Conv2D1", "N/A"), "");
  EXPECT_EQ(effective_op_type("Conv2D1", "Conv2D"), "Conv2D");
  EXPECT_EQ(builtin().classify("aclnnInplaceRelu_Relu_Relu", "N/A", "N/A").role, OpRole::kVector);
  EXPECT_EQ(builtin().classify("trans_TransData_0", "N/A", "N/A").role, OpRole::kVector);
  EXPECT_EQ(builtin().classify("Conv2D1", "N/A", "N/A").role, OpRole::kConvolution);
}

// A.5 rows and pitfalls for inference kernels that no sample contains (SOURCES/Part "Not found": no public
// vLLM-Ascend MoE capture), named as the reference lists them.
TEST(KernelClassifier, AscendA5InferenceRowsAndPitfalls) {
  const std::vector<Case> cases = {
      {"DispatchGmmCombineDecode", "DispatchGmmCombineDecode", "MIX_AIC", OpRole::kMoeFusedMc2, CollectiveKind::kNone,
       {"moe.dispatch_expert_compute"}},
      {"DispatchFFNCombine", "DispatchFFNCombine", "COMMUNICATION", OpRole::kMoeFusedMc2, CollectiveKind::kNone,
       {"moe.dispatch_expert_compute"}},
      {"MoeDistributeDispatchV2", "MoeDistributeDispatchV2", "COMMUNICATION", OpRole::kMoeDispatch,
       CollectiveKind::kNone, {"moe.dispatch"}},
      {"MoeDistributeCombineV2", "MoeDistributeCombineV2", "COMMUNICATION", OpRole::kMoeCombine,
       CollectiveKind::kNone, {"moe.combine"}},
      {"MoeGatingTopK", "MoeGatingTopK", "AI_VECTOR_CORE", OpRole::kMoeGating, CollectiveKind::kNone, {"moe.gating"}},
      {"GroupedMatmul", "GroupedMatmul", "MIX_AIC", OpRole::kMoeExpertGemm, CollectiveKind::kNone,
       {"moe.expert_matmul", "compute.matmul"}},
      {"MlaPrologV2", "MlaPrologV2", "MIX_AIC", OpRole::kAttention, CollectiveKind::kNone, {"attention.mla.preprocess"}},
      {"FusedInferAttentionScore", "FusedInferAttentionScore", "MIX_AIC", OpRole::kAttention, CollectiveKind::kNone,
       {"attention.flash_score"}},
      {"KvRmsNormRopeCache", "KvRmsNormRopeCache", "AI_VECTOR_CORE", OpRole::kAttention, CollectiveKind::kNone,
       {"attention.mla.kv_norm_rope_cache", "attention.rope"}},
      {"SparseAttnSharedkvMetadata", "SparseAttnSharedkvMetadata", "AI_CPU", OpRole::kAttention,
       CollectiveKind::kNone, {"attention.sparse_sharedkv.metadata"}},
      {"HcPreSinkhorn", "HcPreSinkhorn", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone,
       {"block_head.mhc_prefix"}},
      {"MhcRmsNorm", "MhcRmsNorm", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone,
       {"block_head.mhc_prefix", "normalization"}},
      {"fused_qkvzba_split_reshape_cat", "fused_qkvzba_split", "AI_VECTOR_CORE", OpRole::kAttention,
       CollectiveKind::kNone, {"attention.linear_or_mamba"}},
      {"ApplyTopKTopP", "ApplyTopKTopP", "AI_VECTOR_CORE", OpRole::kVector, CollectiveKind::kNone,
       {"sampling.top_k_top_p"}},
  };
  for (const auto& c : cases) expect_case(c);
  auto mc2 = builtin().classify("DispatchGmmCombineDecode", "DispatchGmmCombineDecode", "MIX_AIC");
  EXPECT_FALSE(builtin().has_category(mc2, "moe.expert_matmul"));  // contains gmm, but fused MC2
  EXPECT_FALSE(builtin().has_category(mc2, "moe.dispatch"));
  auto hc = builtin().classify("HcPreSinkhorn", "HcPreSinkhorn", "AI_VECTOR_CORE");
  EXPECT_FALSE(builtin().has_category_prefix(hc, "communication."));  // hc prefix is not HCCL
  auto gdn = builtin().classify("fused_qkvzba_split_reshape_cat", "fused_qkvzba_split", "AI_VECTOR_CORE");
  EXPECT_FALSE(builtin().has_category_prefix(gdn, "attention.mla"));  // GDN, not MLA
  auto fa = builtin().classify("FlashAttentionScore", "FlashAttentionScore", "MIX_AIC");
  EXPECT_FALSE(builtin().has_category(fa, "attention.generic"));  // generic only without another attention category
}

// GPU names, copied from the Kineto samples (file in the comment of each).
TEST(KernelClassifier, GpuKinetoNames) {
  const std::vector<Case> cases = {
      // HolisticTraceAnalysis/tests/data/df_index_resolver/df_index_resolver.json.gz
      {"ncclKernel_AllReduce_RING_LL_Sum_float(ncclWorkElem)", "", "kernel", OpRole::kCommunication,
       CollectiveKind::kAllReduce, {"communication.allreduce"}},
      {"volta_sgemm_128x32_nt", "", "kernel", OpRole::kFfnMatmul, CollectiveKind::kNone, {"compute.matmul"}},
      {"Memcpy DtoD (Device -> Device)", "", "gpu_memcpy", OpRole::kMemcpy, CollectiveKind::kNone, {"memory.memcpy"}},
      // HolisticTraceAnalysis/tests/data/nccl_parser_config/nccl_data.json.gz
      {"ncclKernel_Broadcast_RING_LL_Sum_int8_t(ncclDevComm*, unsigned long, ncclWork*)", "", "kernel",
       OpRole::kCommunication, CollectiveKind::kBroadcast, {}},
      {"sm80_xmma_fprop_implicit_gemm_indexed_tf32f32_tf32f32_f32_nhwckrsc_nchw_tilesize128x128x16", "", "kernel",
       OpRole::kConvolution, CollectiveKind::kNone, {"compute.conv"}},
      // HolisticTraceAnalysis/tests/data/negative_queue_length_values_check/rank0.json.gz
      {"ncclKernel_SendRecv_RING_SIMPLE_Sum_int8_t(ncclDevComm*, unsigned long, ncclWork*)", "", "kernel",
       OpRole::kCommunication, CollectiveKind::kSendRecv, {}},
      // HolisticTraceAnalysis/tests/data/critical_path/alexnet/...trace.json.gz
      {"Memset (Device)", "", "gpu_memset", OpRole::kMemcpy, CollectiveKind::kNone, {"memory.memset"}},
      // HolisticTraceAnalysis/tests/data/triton_example/triton_example.json.gz
      {"triton_poi_fused_add_cos_sin_0", "", "kernel", OpRole::kVector, CollectiveKind::kNone, {"vector.elementwise"}},
      // HolisticTraceAnalysis/tests/data/trace_diff/test/test.json.gz
      {"void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3> >(int, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3>)",
       "", "kernel", OpRole::kVector, CollectiveKind::kNone, {"vector.elementwise"}},
      // TraceLens/tests/traces/h100/Falconsai_nsfw_image_detection__1016002.json.gz
      {"sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas",
       "", "kernel", OpRole::kFfnMatmul, CollectiveKind::kNone, {"compute.matmul"}},
      {"void cutlass::Kernel2<cutlass_80_tensorop_bf16_s16816gemm_relu_bf16_128x64_64x6_tn_align8>(cutlass_80_tensorop_bf16_s16816gemm_relu_bf16_128x64_64x6_tn_align8::Params)",
       "", "kernel", OpRole::kFfnMatmul, CollectiveKind::kNone, {"compute.matmul"}},
      // TraceLens/tests/traces/b200/eager_trace.json.gz
      {"nvjet_tst_64x64_64x16_2x1_2cta_v_bz_bias_TNT", "", "kernel", OpRole::kFfnMatmul, CollectiveKind::kNone,
       {"compute.matmul"}},
      {"fmhaSm100aKernel_QkvE4m3OBfloat16H64PagedKvSlidingOrChunkedCausalP16VarSeqQ128Kv128PersistentContext", "",
       "kernel", OpRole::kAttention, CollectiveKind::kNone, {"attention.flash_score"}},
      {"ncclDevKernel_AllGather_RING_LL(ncclDevKernelArgsStorage<4096ul>)", "", "kernel", OpRole::kCommunication,
       CollectiveKind::kAllGather, {}},
      {"void (anonymous namespace)::multimem_all_reduce_kernel<c10::BFloat16, 16>(c10::BFloat16*, unsigned long, unsigned int**, unsigned long, unsigned long)",
       "", "kernel", OpRole::kCommunication, CollectiveKind::kAllReduce, {}},
      {"void vllm::reshape_and_cache_flash_kernel<__nv_bfloat16, unsigned char, (vllm::Fp8KVCacheDataType)1>(__nv_bfloat16 const*, __nv_bfloat16 const*, unsigned char*, unsigned char*, long const*, long, long, long, long, long, int)",
       "", "kernel", OpRole::kAttention, CollectiveKind::kNone, {"attention.kv_cache_io"}},
      {"void vllm::rotary_embedding_kernel<c10::BFloat16, true>(long const*, c10::BFloat16*, c10::BFloat16*, c10::BFloat16 const*, int, long, long, long, int, int, int)",
       "", "kernel", OpRole::kAttention, CollectiveKind::kNone, {"attention.rope"}},
      {"void vllm::rms_norm_kernel<c10::BFloat16, 8, 2>(c10::BFloat16*, c10::BFloat16 const*, long, long, long, long, long, c10::BFloat16 const*, float, int, int)",
       "", "kernel", OpRole::kVector, CollectiveKind::kNone, {"normalization"}},
      {"void moe::dev::routing::routingRenormalize::routingIndicesHistogramScoresKernel<moe::dev::routing::routingRenormalize::KernelParams<__nv_bfloat16, __nv_bfloat16, 128, false, true, true> >",
       "", "kernel", OpRole::kMoeGating, CollectiveKind::kNone, {"moe.gating"}},
      {"void moe::dev::finalize::finalizeKernelVecLoad<moe::dev::finalize::KernelParams<cutlass::bfloat16_t, cutlass::bfloat16_t, 4, true> >(moe::dev::finalize::KernelParams<cutlass::bfloat16_t, cutlass::bfloat16_t, 4, true>)",
       "", "kernel", OpRole::kMoeCombine, CollectiveKind::kNone, {"moe.combine"}},
      // TraceLens/tests/traces/h100/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz
      {"void pytorch_flash::flash_fwd_kernel<pytorch_flash::Flash_fwd_kernel_traits<64, 128, 128, 4, false, false, cutlass::bfloat16_t, pytorch_flash::Flash_kernel_traits<64, 128, 128, 4, cutlass::bfloat16_t> >, false, false, false",
       "", "kernel", OpRole::kAttention, CollectiveKind::kNone, {"attention.flash_score"}},
      // TraceLens/tests/traces/mi300/Falconsai_nsfw_image_detection__1016002.json.gz
      {"attn_fwd", "", "kernel", OpRole::kAttention, CollectiveKind::kNone, {"attention.flash_score"}},
      {"Cijk_Alik_Bljk_B_BS_BH_Bias_HA_S_SAV_UserArgs_MT64x32x128_MI16x16x1_SN_LDSB1_AFC1_AFEM1_AFEM1_ASEM1_CLR1",
       "", "kernel", OpRole::kFfnMatmul, CollectiveKind::kNone, {"compute.matmul"}},
      // TraceLens/tests/traces/mi300/resnet_act_checkpoint.json.gz
      {"ncclDevKernel_Generic(ncclDevKernelArgsStorage<4096ul>)", "", "kernel", OpRole::kCommunication,
       CollectiveKind::kOther, {"communication.collective"}},
      {"batched_transpose_16x32_half", "", "kernel", OpRole::kVector, CollectiveKind::kNone, {"vector.layout"}},
      // TraceLens/tests/traces/inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz
      {"void paged_attention_ll4mi_QKV_mfma16_kernel<0, __hip_bfloat16, __hip_bfloat16, (vllm::Fp8KVCacheDataType)0, 1, 128, 256, false, 4, 1, ck_tile::ComposedAttention<0u, false> >",
       "", "kernel", OpRole::kAttention, CollectiveKind::kNone, {"attention.flash_score"}},
      {"_ZN7sgl_hip10activation18act_and_mul_kernelI14__hip_bfloat16TnPFT_RKS3_EXadL_Z4siluIS2_ES3_S5_EEEEvPS3_PS4_i",
       "", "kernel", OpRole::kVector, CollectiveKind::kNone, {"vector.activation"}},
      // TraceLens/tests/traces/torch_compile_triton/trace.json.gz
      {"triton_red_fused_add_mean_mul_pow_rsqrt_0", "", "kernel", OpRole::kVector, CollectiveKind::kNone,
       {"vector.reduce"}},
  };
  for (const auto& c : cases) expect_case(c);
  // Ascend-only tokens must not fire on GPU names: cub's DispatchReduceByKey is not MoE dispatch.
  auto cub = builtin().classify(
      "void cub::DeviceReduceByKeyKernel<cub::DispatchReduceByKey<long*, long*, cub::ConstantInputIterator<int, long>",
      "", "kernel");
  EXPECT_FALSE(builtin().has_category_prefix(cub, "moe."));
  EXPECT_EQ(cub.role, OpRole::kVector);
}

// trace-analyzers.md 5.2, including the quirks of 5.9 (^hip is communication).
TEST(HtaKernelType, RuleOrderAndQuirks) {
  EXPECT_EQ(hta_kernel_type("ncclKernel_AllReduce_RING_LL_Sum_float(ncclWorkElem)"), HtaKernelType::kCommunication);
  EXPECT_EQ(hta_kernel_type("ncclDevKernel_Generic(ncclDevKernelArgsStorage<4096ul>)"), HtaKernelType::kCommunication);
  EXPECT_EQ(hta_kernel_type("void (anonymous namespace)::multimem_all_reduce_kernel<c10::BFloat16, 16>"),
            HtaKernelType::kComputation);  // not nccl-named: HTA counts it as compute
  EXPECT_EQ(hta_kernel_type("hipMemcpyAsync"), HtaKernelType::kCommunication);  // quirk: ^hip first
  EXPECT_EQ(hta_kernel_type("Memcpy DtoD (Device -> Device)"), HtaKernelType::kMemory);
  EXPECT_EQ(hta_kernel_type("Memset (Device)"), HtaKernelType::kMemory);
  EXPECT_EQ(hta_kernel_type("volta_sgemm_128x32_nt"), HtaKernelType::kComputation);
  EXPECT_EQ(hta_kernel_type("Stream Sync"), HtaKernelType::kOther);
  EXPECT_EQ(hta_kernel_type("Event Sync"), HtaKernelType::kOther);
  EXPECT_EQ(hta_kernel_type("Stream Wait Event"), HtaKernelType::kOther);
  EXPECT_EQ(hta_kernel_type("cudaLaunchKernel"), HtaKernelType::kOther);
  EXPECT_EQ(hta_kernel_type("my cudaLaunchKernel"), HtaKernelType::kComputation);  // re.match anchors "cuda"
  EXPECT_EQ(hta_kernel_type("void foo_dma_kernel"), HtaKernelType::kOther);        // (.*dma)
  EXPECT_EQ(hta_kernel_type("x\nMemcpy"), HtaKernelType::kComputation);            // '.' does not cross newline
  EXPECT_EQ(hta_kernel_type("dma_copy"), HtaKernelType::kMemory);
  EXPECT_EQ(hta_kernel_type("hccl_allreduce"), HtaKernelType::kCommunication);
  EXPECT_STREQ(hta_kernel_type_name(HtaKernelType::kComputation), "COMPUTATION");
}

TEST(KernelClassifier, UserRulesTakePrecedence) {
  const std::string user = R"({"rules": [
    {"id": "user.my_attention", "any": ["mycustomattn"], "categories": ["attention.custom"], "roles": ["attention"]},
    {"id": "user.matmul_is_moe", "any": ["matmulv3"], "role": "moe_expert_gemm", "final": true}
  ]})";
  const auto c = KernelClassifier::with_user_rules(user, "my_rules.json");
  EXPECT_EQ(c.rule_count(), builtin().rule_count() + 2);
  auto custom = c.classify("MyCustomAttnKernel", "MyCustomAttn", "MIX_AIC");
  EXPECT_EQ(custom.role, OpRole::kAttention);
  EXPECT_TRUE(c.has_category(custom, "attention.custom"));
  EXPECT_EQ(custom.first_rule, "user.my_attention");
  auto mm = c.classify("aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE");
  EXPECT_EQ(mm.role, OpRole::kMoeExpertGemm);
  EXPECT_TRUE(mm.categories.empty());  // final: the built-in compute.matmul rule never ran
}

TEST(KernelClassifier, MalformedUserRulesAreBadInputWithTheField) {
  auto field_of = [](const std::string& json) {
    try {
      KernelClassifier::with_user_rules(json, "bad.json");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      EXPECT_EQ(e.where().file, "bad.json");
      return e.where().field;
    }
    return std::string("no error");
  };
  EXPECT_EQ(field_of(R"({"rules": [{"id": "x", "any": ["Flash"], "roles": ["attention"]}]})"), "rules[0].any");
  EXPECT_EQ(field_of(R"({"rules": [{"id": "x", "anyy": ["flash"], "roles": ["attention"]}]})"), "rules[0].anyy");
  EXPECT_EQ(field_of(R"({"rules": [{"id": "x", "any": ["flash"], "role": "bogus"}]})"), "rules[0].role");
  EXPECT_EQ(field_of(R"({"rules": [{"id": "x", "roles": ["attention"]}]})"), "rules[0]");
  EXPECT_EQ(field_of(R"({"rules": [{"id": "ascend.matmul", "any": ["x"], "roles": ["compute"]}]})"), "rules[0].id");
  EXPECT_EQ(field_of(R"({"rules": 3})"), "rules");
  EXPECT_EQ(field_of(R"({"rules": [)"), "");
}

TEST(KernelClassifier, BuiltinRulesAllCiteASource) {
  // from_json refuses a built-in-style rule without "source"; the embedded file loads, so all cite one.
  EXPECT_THROW(KernelClassifier::from_json(R"({"rules": [{"id": "x", "any": ["a"], "roles": ["other"]}]})", "t"), Error);
  EXPECT_GT(builtin().rule_count(), 60u);
}

TEST(KernelClassifier, PlatformDetectionAndFolding) {
  EXPECT_EQ(detect_platform("kernel"), Platform::kGpu);
  EXPECT_EQ(detect_platform("Kernel"), Platform::kGpu);
  EXPECT_EQ(detect_platform("gpu_memcpy"), Platform::kGpu);
  EXPECT_EQ(detect_platform("AI_CORE"), Platform::kAscend);
  EXPECT_EQ(detect_platform("COMMUNICATION"), Platform::kAscend);
  EXPECT_EQ(detect_platform(""), Platform::kAuto);
  EXPECT_EQ(fold_text("hcom_allReduce__586_0_1 AI_CPU"), "hcomallreduce58601aicpu");
}

// Every distinct kernel of a real kernel_details.csv gets a class; the cache classifies each triple once.
TEST(KernelClassCache, ClassifiesEachDistinctTripleOnceOnARealFile) {
  const char* rel = "Ascend-msinsight/test/st/level2/rank_0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  LLMSA_REQUIRE_SAMPLE(rel);
  std::ifstream in(test::sample_path(rel));
  std::string header;
  std::getline(in, header);
  // Columns 0..7 of this header are Step Id,Device_id,Model ID,Task ID,Stream ID,Name,Type,OP State,
  // Accelerator Core (C.2 variant 3); names have no commas or quotes in this file's first fields.
  StringPool pool;
  KernelClassCache cache(builtin(), pool);
  std::map<std::string, int> role_counts;
  std::string line;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    for (int i = 0; i < 9 && std::getline(ss, cell, ','); ++i) f.push_back(cell);
    ASSERT_EQ(f.size(), 9u);
    const auto& k = cache.get(pool.intern(f[5]), pool.intern(f[6]), pool.intern(f[8]));
    ++role_counts[op_role_name(k.role)];
    ++rows;
  }
  EXPECT_EQ(rows, 2463u);  // SOURCES.md: "kernel_details.csv for rank 0 (2,463 rows)"
  EXPECT_LT(cache.distinct(), 100u);
  // 28 FlashAttentionScore + 28 FlashAttentionScoreGrad + 56 RotaryPositionEmbedding + 56 ...Grad (Type
  // column counted with python's csv module over the raw file) are attention; 56 MatMulV2 + 280 MatMulV3
  // are matmul; 15 hcom_* rows are communication.
  EXPECT_EQ(role_counts["attention"], 28 + 28 + 56 + 56);
  EXPECT_EQ(role_counts["ffn_matmul"], 56 + 280);
  EXPECT_EQ(role_counts["communication"], 15);
  EXPECT_EQ(role_counts["other"], 0);
}

}  // namespace
}  // namespace llmsa::analysis

namespace llmsa::analysis {
namespace {
TEST(KernelClassifier, WrongJsonTypesAreBadInputNotACrash) {
  for (const char* json : {R"({"rules": [{"id": 3, "any": ["a"], "roles": ["other"]}]})",
                           R"({"rules": [{"id": "x", "any": "a", "roles": ["other"]}]})",
                           R"({"rules": [{"id": "x", "any": [1], "roles": ["other"]}]})",
                           R"({"rules": [{"id": "x", "any": ["a"], "role": 5}]})", R"([1, 2])", R"("rules")"}) {
    try {
      KernelClassifier::with_user_rules(json, "u.json");
      ADD_FAILURE() << "accepted: " << json;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput) << json;
    }
  }
}
}  // namespace
}  // namespace llmsa::analysis

namespace llmsa::analysis {
namespace {
// The memo behind KernelClassCache is exact: the same class as classify(), one stored copy per triple,
// and a cache hands out the same class for a name whatever (type, core) it saw first.
TEST(KernelClassifier, MemoizedClassificationEqualsClassify) {
  const KernelClassifier c = KernelClassifier::builtin();
  const std::vector<std::array<const char*, 3>> triples = {
      {"hcom_allReduce__586_0_1", "hcom_allReduce_", "HCCL"},
      {"aclnnFlashAttentionScore_FlashAttentionScore_FlashAttentionScore", "FlashAttentionScore", "MIX_AIC"},
      {"aclnnMatmul_MatMulV3Common_MatMulV3", "MatMulV3", "AI_CORE"},
      {"ncclDevKernel_Generic(ncclDevKernelArgsStorage<4096ul>)", "", "kernel"},
      {"MEMCPY_ASYNC", "", "SDMA_SQE"}};
  for (const auto& [name, type, core] : triples) {
    const KernelClass direct = c.classify(name, type, core);
    const KernelClass& memo = c.classify_memoized(name, type, core);
    EXPECT_EQ(memo.categories, direct.categories) << name;
    EXPECT_EQ(memo.role, direct.role) << name;
    EXPECT_EQ(memo.roles, direct.roles) << name;
    EXPECT_EQ(memo.collective, direct.collective) << name;
    EXPECT_EQ(memo.first_rule, direct.first_rule) << name;
    EXPECT_EQ(&memo, &c.classify_memoized(name, type, core)) << name;
  }
  // One name under two (type, core) pairs: the slot keeps the first, the second goes through the map.
  StringPool pool;
  KernelClassCache cache(c, pool);
  const auto n = pool.intern("MEMCPY_ASYNC"), t = pool.intern(""), a = pool.intern("SDMA_SQE"), b = pool.intern("AI_CORE");
  const KernelClass& first = cache.get(n, t, a);
  const KernelClass& second = cache.get(n, t, b);
  EXPECT_EQ(cache.distinct(), 2u);
  EXPECT_EQ(&first, &cache.get(n, t, a));
  EXPECT_EQ(&second, &cache.get(n, t, b));
  EXPECT_NE(cache.index(n, t, a), cache.index(n, t, b));
  EXPECT_EQ(first.categories, c.classify("MEMCPY_ASYNC", "", "SDMA_SQE").categories);
  EXPECT_EQ(second.categories, c.classify("MEMCPY_ASYNC", "", "AI_CORE").categories);
}
}  // namespace
}  // namespace llmsa::analysis

namespace llmsa::analysis {
namespace {

// The rule language (data/kernels/kernel_signatures.json "description"): 'any'/'all'/'none' look at
// fold(name + op_type + core), i.e. a token matches wherever it occurs in that folded text, including
// across the name/type/core boundary, at its very start or end, and as a one-character token. The
// classifier finds every token in one scan (TokenIndex); these names put tokens at each such place.
TEST(KernelClassifier, TokensMatchAnywhereInTheFoldedText) {
  const auto c = KernelClassifier::from_json(R"({"rules": [
    {"id": "t.ab", "source": "test", "any": ["ab"], "categories": ["t.ab"]},
    {"id": "t.x", "source": "test", "any": ["x"], "categories": ["t.x"]},
    {"id": "t.all", "source": "test", "all": ["qr", "st"], "categories": ["t.all"]},
    {"id": "t.none", "source": "test", "any": ["qr"], "none": ["zz9"], "categories": ["t.none"]},
    {"id": "t.long", "source": "test", "any": ["abcdefghij0123"], "categories": ["t.long"]}
  ]})", "tokens.json");
  auto cats = [&](std::string_view name, std::string_view type, std::string_view core) {
    return c.category_names(c.classify(name, type, core));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(cats("A_b", "", ""), V{"t.ab"});                 // folding removes '_' and lowercases
  EXPECT_EQ(cats("q", "a", "b"), V{"t.ab"});                 // "qab": across the type/core boundary
  EXPECT_EQ(cats("ka", "B", ""), V{"t.ab"});                 // across the name/type boundary
  EXPECT_EQ(cats("x", "", ""), V{"t.x"});                    // one character, the whole text
  EXPECT_EQ(cats("mmm", "", "X"), V{"t.x"});                 // one character, the last one
  EXPECT_EQ(cats("a", "", ""), V{});                         // a prefix of a token is no match
  EXPECT_EQ(cats("QRst", "", ""), (V{"t.all", "t.none"}));   // all of qr and st
  EXPECT_EQ(cats("qr", "", ""), V{"t.none"});                // st missing: not 'all'
  EXPECT_EQ(cats("qr_zz9", "", ""), V{});                    // 'none' token present
  EXPECT_EQ(cats("qrZZ", "9", ""), V{});                     // 'none' token across the boundary
  EXPECT_EQ(cats("abcdefghij012", "3", ""), (V{"t.ab", "t.long"}));
  EXPECT_EQ(cats("abcdefghij012", "", ""), V{"t.ab"});       // one character short
}

}  // namespace
}  // namespace llmsa::analysis

namespace llmsa::analysis {
namespace {

// classify_memoized shares one memo entry between names that differ only inside a long trailing id
// (HCCL op names carry group, sequence and index numbers: "hcom_allReduce__100_8_1"). Its answer must be
// classify()'s for every name, whichever name of the group came first. The names below put the rules'
// digit-bearing tokens (data/kernels/kernel_signatures.json: argmaxv1 in 'none', conv2d/conv3d/im2col in
// 'any', reduce1block) right at the start and end of the trailing ids, where a shared entry would go
// wrong if it dropped the digits a token can reach.
TEST(KernelClassifier, MemoSharedAcrossTrailingIdsStaysExact) {
  const KernelClassifier c = KernelClassifier::builtin();
  const std::vector<std::array<const char*, 3>> groups[] = {
      {{"hcom_allReduce__100_8_1", "hcom_allReduce_", "COMMUNICATION"},
       {"hcom_allReduce__999_0_7", "hcom_allReduce_", "COMMUNICATION"},
       {"hcom_allReduce__100_8_1234", "hcom_allReduce_", "COMMUNICATION"}},
      {{"ArgMaxV_1000001", "ArgMax", "AI_VECTOR_CORE"},  // folds to argmaxv1000001: 'none' argmaxv1 matches
       {"ArgMaxV_2000001", "ArgMax", "AI_VECTOR_CORE"}}, // argmaxv2...: no match
      {{"conv_2000003", "Conv", "AI_CORE"},              // conv2...: not conv2d
       {"conv_3000002", "Conv", "AI_CORE"}},
      {{"im_2000_9", "X", "AI_CORE"}, {"im_3000_2", "X", "AI_CORE"}},
      {{"ab_0000_9", "dcol", "AI_CORE"}, {"ab_0000_2", "dcol", "AI_CORE"}},  // ...9dcol / ...2dcol (type after id)
      {{"reduce_1000_0", "block", "kernel"}, {"reduce_1000_1", "block", "kernel"}},
  };
  for (const auto& group : groups)
    for (const auto& n : group) {
      const KernelClass want = c.classify(n[0], n[1], n[2]);
      const KernelClass& got = c.classify_memoized(n[0], n[1], n[2]);
      EXPECT_EQ(got.categories, want.categories) << n[0];
      EXPECT_EQ(got.role, want.role) << n[0];
      EXPECT_EQ(got.roles, want.roles) << n[0];
      EXPECT_EQ(got.collective, want.collective) << n[0];
      EXPECT_EQ(got.first_rule, want.first_rule) << n[0];
    }
  // The collective kind still comes from the name (A.5: hcom_allReduce_ is an all-reduce).
  EXPECT_EQ(c.classify_memoized("hcom_allReduce__5_5_5", "hcom_allReduce_", "COMMUNICATION").collective,
            CollectiveKind::kAllReduce);
}

}  // namespace
}  // namespace llmsa::analysis
