#include "synth/ascend_capture.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "core/error.hpp"

namespace llmsa::synth {

void write_text_file(const std::filesystem::path& file, const std::string& text) {
  std::FILE* f = std::fopen(file.string().c_str(), "wb");
  if (!f) throw Error(ErrorKind::kBadInput, {file.string(), -1, -1, ""}, "cannot create file");
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) throw Error(ErrorKind::kBadInput, {file.string(), -1, -1, ""}, "cannot write file");
}

void write_profiler_info_json(const std::filesystem::path& folder, const SynthRank& r) {
  // The structure of the real profiler_info_{N}.json (MSINSIGHT level1 sample): Level1 with
  // PipeUtilization, so kernel_details carries the PMU time columns and communication.json exists.
  nlohmann::ordered_json info = {
      {"config",
       {{"common_config",
         {{"activities", {"ProfilerActivity.CPU", "ProfilerActivity.NPU"}},
          {"schedule", {{"wait", 0}, {"active", static_cast<int>(r.steps.size())}, {"warmup", 1}, {"repeat", 1}, {"skip_first", 4}}},
          {"record_shapes", true},
          {"profile_memory", false},
          {"with_stack", false},
          {"with_flops", false},
          {"with_modules", false}}},
        {"experimental_config",
         {{"_profiler_level", "Level1"},
          {"_aic_metrics", "ACL_AICORE_PIPE_UTILIZATION"},
          {"_l2_cache", false},
          {"_msprof_tx", false},
          {"_data_simplification", true},
          {"record_op_args", false},
          {"_export_type", {"text"}},
          {"_op_attr", false},
          {"_gc_detect_threshold", nullptr}}}}},
      {"start_info", {{"syscnt_enable", true}, {"freq", 100}, {"start_cnt", 17238197612056}, {"start_monotonic", 172163581670080}}},
      {"end_info",
       {{"collectionTimeEnd", r.steps.empty() ? 0 : r.steps.back().host_end_ns},
        {"MonotonicTimeEnd", 172164265133640}}},
      {"rank_id", r.rank}};
  write_text_file(folder / ("profiler_info_" + std::to_string(r.rank) + ".json"), info.dump(4) + "\n");
  std::vector<int> all;
  for (int i = 0; i < r.world_size; ++i) all.push_back(i);
  nlohmann::ordered_json meta = {
      {"distributed_args",
       {{"tensor_model_parallel_size", r.world_size},
        {"pipeline_model_parallel_size", 1},
        {"data_parallel_size", 1},
        {"context_parallel_size", 1},
        {"expert_model_parallel_size", r.world_size},
        {"sequence_parallel", false},
        {"rank", r.rank},
        {"world_size", r.world_size}}},
      {"ENV_VARIABLES",
       {{"ASCEND_GLOBAL_LOG_LEVEL", "3"},
        {"HCCL_RDMA_TC", ""},
        {"HCCL_RDMA_SL", ""},
        {"ACLNN_CACHE_LIMIT", ""},
        {"HOST_CACHE_CAPACITY", ""},
        {"ASCEND_ENHANCE_ENABLE", ""},
        {"PYTORCH_NPU_ALLOC_CONF", "expandable_segments:True"},
        {"ASCEND_LAUNCH_BLOCKING", ""},
        {"HCCL_ALGO", ""}}},
      {"parallel_group_info",
       {{"group_name_0", {{"group_name", "default_group"}, {"group_rank", r.rank}, {"global_ranks", all}}},
        {"group_name_1", {{"group_name", "tp"}, {"group_rank", r.rank}, {"global_ranks", all}}}}}};
  write_text_file(folder / "profiler_metadata.json", meta.dump() + "\n");
}

std::vector<WrittenFile> write_ascend_rank(const std::filesystem::path& root, const SynthRank& r,
                                           const RankWriteOptions& o) {
  const std::filesystem::path folder = root / r.folder;
  const std::filesystem::path out = folder / "ASCEND_PROFILER_OUTPUT";
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) throw Error(ErrorKind::kBadInput, {out.string(), -1, -1, "-o"}, "cannot create folder: " + ec.message());
  write_profiler_info_json(folder, r);
  std::vector<WrittenFile> files;
  files.push_back(write_kernel_details_csv(out / "kernel_details.csv", r, o));
  files.push_back(write_op_statistic_csv(out / "op_statistic.csv", r, o));
  files.push_back(write_trace_view_json(out / "trace_view.json", r, o));
  files.push_back(write_step_trace_time_csv(out / "step_trace_time.csv", r, o));
  files.push_back(write_communication_json(out / "communication.json", r));
  files.push_back(write_communication_matrix_json(out / "communication_matrix.json", r));
  // torch_npu writes this marker when its post-processing finished.
  write_text_file(out / "analyse.done", "");
  return files;
}

}  // namespace llmsa::synth
