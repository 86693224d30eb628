// Writes a synthetic multi-rank Ascend capture (kernel_details.csv + profiler_info_{N}.json per rank)
// of a chosen total size, for benchmarks and stress tests of `llmsa ingest`.
//   gen_ascend_kernel_details <out_dir> [total_MB=1024] [ranks=4]
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "synth/kernel_details_stream.hpp"

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
  try {
    const auto res = llmsa::synth::write_kernel_details_capture(out, ranks, static_cast<std::uint64_t>(total_mb * 1048576.0));
    std::printf("wrote %d ranks, %llu rows, %.1f MB under %s\n", ranks, static_cast<unsigned long long>(res.rows),
                static_cast<double>(res.bytes) / 1048576.0, out.string().c_str());
  } catch (const llmsa::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
