// Kineto reader throughput and peak memory, against `wc -l` on the same file in the same run.
//   bench_kineto_reader [megabytes=1000] [--threads N] [--file trace.json]
// Generates a trace in /tmp (deleted afterwards; or reads --file as is), then runs `wc -l` and the
// reader each in a child process and reports wall time, CPU time and peak RSS (ru_maxrss of the
// child, i.e. VmHWM). --threads is the reader's thread count for the one file (default: 2).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <string>
#include <thread>

#include "kineto_trace_writer.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace {

struct Run {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system of the child: what the run cost, whatever else the machine does
  double sys_seconds = 0;  // of which in the kernel (page faults, mmap/munmap): the part that varies most
  long minor_faults = 0;   // pages first touched (or mapped from the page cache)
  long max_rss_kb = 0;
  int status = 0;
};

template <class F>
Run in_child(F&& body) {
  std::fflush(stdout);  // or the child would print the parent's buffered lines again
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) std::_Exit(body());
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.max_rss_kb = ru.ru_maxrss;
  r.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                  static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.sys_seconds = static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
  r.minor_faults = ru.ru_minflt;
  r.status = status;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  double mb = 1000.0;
  unsigned threads = 2;
  std::string given;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--file") && i + 1 < argc) given = argv[++i];
    else mb = std::atof(argv[i]);
  }
  const std::string path = given.empty() ? "/tmp/llmsa_bench_kineto_" + std::to_string(getpid()) + ".json" : given;
  std::uint64_t records = 0;
  if (given.empty()) records = llmsa::bench::write_kineto_trace(path, static_cast<std::uint64_t>(mb * 1e6), false).events;
  const double bytes = static_cast<double>(std::filesystem::file_size(path));
  std::printf("input: %.1f MB Kineto JSON, %llu records, reader threads %u (hardware: %u)\n", bytes / 1e6,
              static_cast<unsigned long long>(records), threads, std::thread::hardware_concurrency());

  // Warm the page cache once so both measurements read from memory.
  in_child([&] { return std::system(("cat " + path + " > /dev/null").c_str()) == 0 ? 0 : 1; });
  Run wc = in_child([&] {
    execlp("wc", "wc", "-l", path.c_str(), static_cast<char*>(nullptr));
    return 127;
  });
  Run rd = in_child([&] {
    llmsa::trace::RankEvents out;
    llmsa::trace::FileReadReport rep;
    llmsa::trace::KinetoReadOptions opt;
    opt.threads = threads;
    llmsa::trace::read_kineto_trace(path, out, rep, nullptr, opt);
    std::printf("reader: %zu events, %zu flows, %llu records, %llu rejected\n", out.size(), out.flows.from.size(),
                static_cast<unsigned long long>(rep.rows_read), static_cast<unsigned long long>(rep.rejected));
    std::fflush(stdout);
    return records == 0 || rep.rows_read == records ? 0 : 3;
  });
  if (given.empty()) std::filesystem::remove(path);

  const double wc_mbs = bytes / 1e6 / wc.seconds, rd_mbs = bytes / 1e6 / rd.seconds;
  const double wc_cpu_mbs = bytes / 1e6 / wc.cpu_seconds, rd_cpu_mbs = bytes / 1e6 / rd.cpu_seconds;
  std::printf("wc -l:  wall %.3f s %8.1f MB/s | cpu %.3f s %8.1f MB/s | peak RSS %8.1f MB\n", wc.seconds, wc_mbs,
              wc.cpu_seconds, wc_cpu_mbs, wc.max_rss_kb / 1024.0);
  std::printf("reader: wall %.3f s %8.1f MB/s | cpu %.3f s %8.1f MB/s | peak RSS %8.1f MB\n", rd.seconds, rd_mbs,
              rd.cpu_seconds, rd_cpu_mbs, rd.max_rss_kb / 1024.0);
  std::printf("ratios: throughput reader/wc wall %.3f, cpu %.3f; peak RSS reader/file %.2f, reader/wc %.1f\n",
              rd_mbs / wc_mbs, rd_cpu_mbs / wc_cpu_mbs, rd.max_rss_kb * 1024.0 / bytes,
              static_cast<double>(rd.max_rss_kb) / static_cast<double>(wc.max_rss_kb));
  std::printf("reader: sys %.3f s of the cpu time, %ld minor page faults (%.1f per MB)\n", rd.sys_seconds,
              rd.minor_faults, static_cast<double>(rd.minor_faults) / (bytes / 1e6));
  if (rd.status != 0) {
    std::printf("reader child failed (status %d)\n", rd.status);
    return 1;
  }
  return 0;
}
