// End-to-end read throughput and peak memory of `ingest` on generated Ascend kernel_details.csv,
// each as a ratio against `wc -l` on the same files, measured in the same run.
//   bench_kernel_details [total_MB=1024] [ranks=4] [threads=0 (all cores)]
//   bench_kernel_details --read <kernel_details.csv> [threads=1]
// The --read form reads one file once in this process and prints its row count: a fixed workload for
// instruction counts (valgrind --tool=callgrind, perf stat) without forks or generation.
// Each measurement runs in a forked child so that its peak RSS (ru_maxrss from wait4) is its own.
// Temp files live in /tmp and are deleted at the end.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "synth/kernel_details_stream.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/ingest.hpp"

namespace fs = std::filesystem;

struct Measured {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system time of the child: what the work costs on a shared machine
  double peak_rss_mb = 0;
  int status = -1;
};

// Runs `body` in a child; returns wall time and the child's RSS high-water mark.
static Measured in_child(const std::function<int()>& body) {
  Measured m;
  std::fflush(stdout);  // else the child would print the parent's buffered lines again
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.peak_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  m.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                  static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;  // ru_maxrss is in KiB on Linux
  m.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return m;
}

// Reads one file with the kernel_details reader alone; prints rows, events and instructions to find.
static int read_one(const char* path, unsigned threads) {
  llmsa::trace::RankEvents events;
  llmsa::trace::FileReadReport report;
  llmsa::trace::ascend::KernelDetailsOptions o;
  o.threads = threads;
  llmsa::trace::ascend::read_kernel_details(fs::path(path), events, report, o);
  std::printf("rows %llu, events %llu, rejected %llu\n", static_cast<unsigned long long>(report.rows_read),
              static_cast<unsigned long long>(report.events), static_cast<unsigned long long>(report.rejected));
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "--read")
    return read_one(argv[2], argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 1u);
  const double total_mb = argc > 1 ? std::atof(argv[1]) : 1024.0;
  const int ranks = argc > 2 ? std::atoi(argv[2]) : 4;
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 0;
  if (total_mb <= 0 || ranks <= 0) return 2;
  const fs::path dir = fs::temp_directory_path() / ("llmsa_bench_kd_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::vector<fs::path> files;
  std::uint64_t bytes = 0, rows = 0;
  for (int r = 0; r < ranks; ++r) {
    auto rd = dir / ("rank" + std::to_string(r) + "_ascend_pt") / "ASCEND_PROFILER_OUTPUT";
    fs::create_directories(rd);
    llmsa::synth::KernelDetailsStreamOptions o;
    o.target_bytes = static_cast<std::uint64_t>(total_mb * 1048576.0 / ranks);
    o.rank = r;
    o.bom = r % 4 == 1;
    o.crlf = r % 4 == 2;
    o.hccl_spelling = r % 4 == 3;
    auto res = llmsa::synth::write_kernel_details_stream(rd / "kernel_details.csv", o);
    bytes += res.bytes;
    rows += res.rows;
    files.push_back(rd / "kernel_details.csv");
  }
  const double mb = static_cast<double>(bytes) / 1048576.0;
  std::printf("input: %d ranks, %llu rows, %.1f MB (%.0f bytes/row)\n", ranks, static_cast<unsigned long long>(rows),
              mb, static_cast<double>(bytes) / static_cast<double>(rows));

  std::string wc = "wc -l";
  for (auto& f : files) wc += " '" + f.string() + "'";
  wc += " > /dev/null";
  // Warm the page cache once so both sides read from memory, then measure each.
  (void)std::system(wc.c_str());
  Measured base = in_child([&] { return std::system(wc.c_str()) == 0 ? 0 : 1; });
  // wc runs in a grandchild (via sh); measure its RSS directly with a second fork+exec.
  Measured base_rss = in_child([&] {
    std::vector<std::string> args{"wc", "-l"};
    for (auto& f : files) args.push_back(f.string());
    std::vector<char*> av;
    for (auto& a : args) av.push_back(a.data());
    av.push_back(nullptr);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    execvp("wc", av.data());
    return 127;
  });

  std::uint64_t events_seen = 0;
  Measured ours = in_child([&] {
    auto result = llmsa::trace::ingest({dir}, {threads});
    std::uint64_t ev = 0, store_bytes = 0;
    for (auto& r : result.capture.ranks) {
      ev += r.events.size();
      store_bytes += r.events.memory_bytes();
    }
    // Printed by the child: the store's own bytes (column capacity, string pool excluded) per event.
    std::printf("event store  : %.1f MB, %.1f B/row\n", static_cast<double>(store_bytes) / 1048576.0,
                ev ? static_cast<double>(store_bytes) / static_cast<double>(ev) : 0.0);
    std::fflush(stdout);
    return ev == rows ? 0 : 3;  // every generated row must come back as an event
  });
  (void)events_seen;
  fs::remove_all(dir);

  const double ours_mbs = mb / ours.seconds, base_mbs = mb / base_rss.seconds;
  std::printf("wc -l        : %.3f s  %8.1f MB/s  peak RSS %7.1f MB\n", base_rss.seconds, base_mbs, base_rss.peak_rss_mb);
  std::printf("llmsa ingest : %.3f s  %8.1f MB/s  peak RSS %7.1f MB  (threads=%u, all rows kept: %s)\n", ours.seconds,
              ours_mbs, ours.peak_rss_mb, threads, ours.status == 0 ? "yes" : "NO");
  std::printf("CPU time     : wc -l %.3f s (%.1f MB per CPU-second), llmsa %.3f s (%.1f MB per CPU-second)\n",
              base_rss.cpu_seconds, mb / base_rss.cpu_seconds, ours.cpu_seconds, mb / ours.cpu_seconds);
  std::printf("throughput ratio vs wc -l: %.3f   (target >= 1 GB/s: %s)\n", ours_mbs / base_mbs,
              ours_mbs >= 1024.0 ? "met" : "not met");
  std::printf("peak memory / file size : %.3f   (target <= 0.3: %s); vs wc -l peak RSS: %.1fx\n",
              ours.peak_rss_mb / mb, ours.peak_rss_mb / mb <= 0.3 ? "met" : "not met",
              ours.peak_rss_mb / base_rss.peak_rss_mb);
  (void)base;
  return ours.status == 0 ? 0 : 1;
}
