#include "trace/ingest.hpp"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "core/error.hpp"
#include "core/progress_bar.hpp"
#include "trace/ascend/comm_json_readers.hpp"
#include "trace/ascend/db_readers.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace/ascend/profiler_info_reader.hpp"
#include "trace/ascend/stat_csv_readers.hpp"
#include "trace/ascend/trace_view_reader.hpp"
#include "trace/input_buffer.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace fs = std::filesystem;

namespace llmsa::trace {

using namespace ascend;

void read_kineto_file(const fs::path& path, RankProfile& profile, FileReadReport& report, unsigned threads) {
  KinetoReadOptions options;
  options.threads = threads;
  read_kineto_trace(path, profile.events, report, nullptr, options);
}

namespace {

// Reads one file into the rank profile. Per-file faults become report.error; other files go on.
// file_threads: threads one big file may use (cores left over when there are fewer ranks than cores).
void read_one(const DiscoveredFile& f, RankProfile& p, FileReadReport& rep, unsigned file_threads) {
  rep.path = f.path.string();
  rep.format = f.format;
  rep.rank = p.events.rank;
  try {
    if (f.format == "kineto.json") {
      read_kineto_file(f.path, p, rep, file_threads);
    } else if (f.format == kProfilerDbFormat) {
      read_profiler_db(f.path, p, rep);
    } else if (f.format == kAnalysisDbFormat) {
      read_analysis_db(f.path, p, rep);
    } else {
      InputBuffer in = InputBuffer::map_file(f.path);
      auto src = [&] { return p.events.add_source(f.path.string(), f.format); };
      if (f.format == kKernelDetailsFormat) read_kernel_details(in, p.events, rep, {file_threads});
      else if (f.format == kOpStatisticFormat) read_op_statistic(in, src(), p.op_statistic, rep);
      else if (f.format == kStepTraceFormat) read_step_trace_time(in, src(), p.step_trace, rep);
      else if (f.format == kApiStatisticFormat) read_api_statistic(in, src(), p.api_statistic, rep);
      else if (f.format == kTraceViewFormat) read_trace_view(in, p.events, p.counters, rep);
      else if (f.format == kCommunicationFormat) read_communication_json(in, src(), p.comm_ops, p.comm_bandwidth, rep);
      else if (f.format == kCommMatrixFormat) read_communication_matrix_json(in, src(), p.comm_links, rep);
      else if (f.format == kProfilerInfoFormat) read_profiler_info(in, p.config, rep);
      else if (f.format == kProfilerMetadataFormat) read_profiler_metadata(in, p.config, rep);
      else {
        rep.read = false;
        rep.notes.push_back("no reader for this format");
      }
    }
  } catch (const Error& e) {
    rep.error = e.what();
  } catch (const std::bad_alloc&) {
    rep.error = rep.path + ": out of memory while reading";
  } catch (const std::exception& e) {
    rep.error = rep.path + ": " + e.what();
  }
  rep.path = f.path.string();
  rep.format = f.format;
}

// What the absence of each optional file means (reference C.1 Level -> files, Part F).
void note_missing_files(RankProfile& p) {
  std::set<std::string> have;
  bool kineto = false;
  for (auto& f : p.files)
    if (f.read && f.error.empty()) {
      have.insert(f.format);
      if (f.format == "kineto.json") kineto = true;
    }
  if (kineto) return;
  bool any_ascend = false;
  for (auto& f : p.files) any_ascend |= f.format.rfind("ascend.", 0) == 0;
  if (!any_ascend) return;
  auto missing = [&](const char* fmt) { return !have.count(fmt); };
  if (missing(kKernelDetailsFormat) && missing(kProfilerDbFormat))
    p.notes.push_back("no kernel_details.csv or profiler DB: no device kernels, so compute, bubble and bound "
                      "analyses are unavailable for this rank");
  if (missing(kTraceViewFormat) && missing(kProfilerDbFormat))
    p.notes.push_back("no trace_view.json: host lanes (Python, CANN), flows and ProfilerStep# ranges are "
                      "unavailable; steps come from Step Id");
  if (missing(kCommunicationFormat) && missing(kAnalysisDbFormat))
    p.notes.push_back("no communication.json: per-collective wait/transit/idle split and slow-rank voting are "
                      "unavailable (Level0 or single-card capture)");
  if (missing(kCommMatrixFormat) && missing(kAnalysisDbFormat))
    p.notes.push_back("no communication_matrix.json: per-link bandwidth (HCCS/RDMA) is unavailable");
  if (missing(kStepTraceFormat) && missing(kAnalysisDbFormat))
    p.notes.push_back("no step_trace_time.csv: the step breakdown (computing/communication/free) is recomputed "
                      "from events only");
  if (missing(kProfilerInfoFormat))
    p.notes.push_back("no profiler_info_{N}.json: profiler level and PMU metric set unknown; rank id from the name");
  if (missing(kProfilerMetadataFormat))
    p.notes.push_back("no profiler_metadata.json: parallel sizes and group membership (local -> global rank) unknown");
}

void read_rank(const DiscoveredRank& r, RankProfile& p, unsigned file_threads, ProgressBar& progress) {
  p.root = r.root.string();
  p.events.rank = r.rank.value_or(-1);
  p.events.rank_source = r.rank_source;
  // profiler_info first: its rank_id outranks any name.
  std::vector<const DiscoveredFile*> order;
  for (auto& f : r.files)
    if (f.format == kProfilerInfoFormat) order.push_back(&f);
  for (auto& f : r.files)
    if (f.format != kProfilerInfoFormat) order.push_back(&f);
  for (const DiscoveredFile* f : order) {
    FileReadReport rep;
    read_one(*f, p, rep, file_threads);
    if (f->format == kProfilerInfoFormat && p.config.rank_id) {
      p.events.rank = *p.config.rank_id;
      p.events.rank_source = "profiler_info";
    }
    p.files.push_back(std::move(rep));
    progress.advance();
  }
  for (auto& f : p.files) f.rank = p.events.rank;
  note_missing_files(p);
}

}  // namespace

bool IngestResult::usable() const {
  auto ok = [](const FileReadReport& f) { return f.read && f.error.empty() && f.events > 0; };
  for (auto& r : capture.ranks)
    for (auto& f : r.files)
      if (ok(f)) return true;
  for (auto& f : capture.cluster_files)
    if (ok(f)) return true;
  return false;
}

Capture ingest_discovered(const Discovery& d, const IngestOptions& options) {
  Capture cap;
  cap.ranks.resize(d.ranks.size());
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const auto nranks = static_cast<unsigned>(std::max<std::size_t>(1, d.ranks.size()));
  const unsigned file_threads = std::max(1u, threads / nranks);  // e.g. one rank on two cores: 2
  threads = std::min(threads, nranks);
  std::atomic<std::size_t> next{0};
  std::uint64_t files = d.cluster_files.size();
  for (const auto& r : d.ranks) files += r.files.size();
  ProgressBar progress("reading", files, stderr, options.progress && is_terminal(stderr));
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < d.ranks.size();)
      read_rank(d.ranks[i], cap.ranks[i], file_threads, progress);
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  // Ranks without any id get ordinals after the largest known id, in root order (deterministic).
  int max_id = -1;
  for (auto& r : cap.ranks) max_id = std::max(max_id, r.events.rank);
  for (auto& r : cap.ranks)
    if (r.events.rank < 0) {
      r.events.rank = ++max_id;
      r.events.rank_source = "ordinal";
      for (auto& f : r.files) f.rank = r.events.rank;
    }
  std::stable_sort(cap.ranks.begin(), cap.ranks.end(), [](const RankProfile& a, const RankProfile& b) {
    return a.events.rank != b.events.rank ? a.events.rank < b.events.rank : a.root < b.root;
  });

  for (auto& f : d.cluster_files) {
    FileReadReport rep;
    rep.path = f.path.string();
    rep.format = f.format;
    try {
      InputBuffer in = InputBuffer::map_file(f.path);
      cap.cluster_sources.push_back({f.path.string(), f.format});
      auto src = static_cast<std::uint16_t>(cap.cluster_sources.size() - 1);
      if (f.format == kClusterStepTraceFormat) read_cluster_step_trace_time(in, src, cap.cluster_step_trace, rep);
      else if (f.format == kClusterCommFormat) read_cluster_communication_json(in, src, cap.cluster_communication, rep);
      else if (f.format == kClusterMatrixFormat) read_cluster_communication_matrix_json(in, src, cap.cluster_links, rep);
    } catch (const Error& e) {
      rep.error = e.what();
    } catch (const std::exception& e) {
      rep.error = rep.path + ": " + e.what();
    }
    rep.path = f.path.string();
    rep.format = f.format;
    cap.cluster_files.push_back(std::move(rep));
    progress.advance();
  }
  return cap;
}

IngestResult ingest(const std::vector<fs::path>& inputs, const IngestOptions& options) {
  Discovery d = discover(inputs);
  IngestResult r;
  r.capture = ingest_discovered(d, options);
  r.problems = std::move(d.problems);
  return r;
}

}  // namespace llmsa::trace
