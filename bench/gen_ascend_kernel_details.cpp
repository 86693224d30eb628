// Writes a synthetic multi-rank Ascend capture (kernel_details.csv + profiler_info_{N}.json per rank)
// of a chosen total size, for benchmarks and stress tests of `llmsa ingest`.
//   gen_ascend_kernel_details <out_dir> [total_MB=1024] [ranks=4]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ascend_kernel_details_gen.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <out_dir> [total_MB=1024] [ranks=4]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const double total_mb = argc > 2 ? std::atof(argv[2]) : 1024.0;
  const int ranks = argc > 3 ? std::atoi(argv[3]) : 4;
  if (total_mb <= 0 || ranks <= 0 || ranks > 4096) {
    std::fprintf(stderr, "bad size or rank count\n");
    return 2;
  }
  std::uint64_t total_bytes = 0, total_rows = 0;
  for (int r = 0; r < ranks; ++r) {
    auto dir = out / ("rank" + std::to_string(r) + "_ascend_pt");
    std::filesystem::create_directories(dir / "ASCEND_PROFILER_OUTPUT");
    std::ofstream(dir / ("profiler_info_" + std::to_string(r) + ".json"))
        << "{\"config\":{\"experimental_config\":{\"_profiler_level\":\"Level2\",\"_aic_metrics\":"
           "\"ACL_AICORE_PIPE_UTILIZATION\",\"_export_type\":[\"text\"]}},\"rank_id\":"
        << r << "}\n";
    llmsa::bench::KernelDetailsGenOptions o;
    o.target_bytes = static_cast<std::uint64_t>(total_mb * 1048576.0 / ranks);
    o.rank = r;
    o.bom = r % 4 == 1;
    o.crlf = r % 4 == 2;
    o.hccl_spelling = r % 4 == 3;
    auto res = llmsa::bench::write_kernel_details((dir / "ASCEND_PROFILER_OUTPUT" / "kernel_details.csv").string(), o);
    total_bytes += res.bytes;
    total_rows += res.rows;
  }
  std::printf("wrote %d ranks, %llu rows, %.1f MB under %s\n", ranks, static_cast<unsigned long long>(total_rows),
              static_cast<double>(total_bytes) / 1048576.0, out.string().c_str());
  return 0;
}
