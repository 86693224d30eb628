// Writes a realistic Kineto trace of a given size, for benchmarks and manual testing.
//   gen_kineto_trace <out.json|out.json.gz> <megabytes> [rank]
// The output is gzip when the name ends in .gz.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kineto_trace_writer.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <out.json|out.json.gz> <megabytes> [rank]\nexample: %s /tmp/rank0.pt.trace.json 100\n",
                 argv[0], argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const double mb = std::atof(argv[2]);
  const int rank = argc > 3 ? std::atoi(argv[3]) : 0;
  const bool gz = path.size() > 3 && path.substr(path.size() - 3) == ".gz";
  auto st = llmsa::bench::write_kineto_trace(path, static_cast<std::uint64_t>(mb * 1e6), gz, rank);
  std::printf("wrote %s: %.1f MB JSON, %llu records, %llu kernels, %llu flows, %llu steps\n", path.c_str(), st.bytes / 1e6,
              static_cast<unsigned long long>(st.events), static_cast<unsigned long long>(st.kernels),
              static_cast<unsigned long long>(st.flows), static_cast<unsigned long long>(st.steps));
  return 0;
}
