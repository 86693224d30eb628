#include "trace/ascend/kernel_details_reader.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <fmt/format.h>

#include "core/error.hpp"
#include "trace/ascend/column_aliases.hpp"
#include "trace/csv_tokenizer.hpp"
#include "trace/intern_cache.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

EventKind kind_of_accelerator_core(std::string_view core, std::string_view name) {
  core = trim_field(core);
  if (core == "HCCL" || core == "COMMUNICATION") return EventKind::kCommunication;
  if (core == "AI_CPU") return EventKind::kAicpu;
  if (core == "N/A" || core.empty()) {
    // Level0 writes N/A for every compute row; communication rows keep HCCL. Guard on the name too.
    return name.rfind("hcom_", 0) == 0 ? EventKind::kCommunication : EventKind::kKernel;
  }
  return EventKind::kKernel;  // AI_CORE, AI_VECTOR_CORE, MIX_AIC/AIV, MIXED_*, DSA_SQE, ...
}

namespace {

// Columns kept in dedicated event columns or deliberately not stored. Anything else is a PMU
// metric column (aic_*/aiv_*/cube_utilization...), stored as a MetricColumn.
constexpr std::array<std::string_view, 14> kNotStored{
    "Model ID", "Task ID", "OP State", "HF32 Eligible", "Input Formats", "Output Data Types", "Output Formats",
    "Context ID", "Model Name", "Infer ID", "Register value", "Op Name", "Task Type", "Device_id_unused"};

struct Cols {
  int step = -1, device = -1, stream = -1, name = -1, type = -1, core = -1, start = -1, dur = -1, wait = -1;
  int in_shapes = -1, in_dtypes = -1, out_shapes = -1;
  std::vector<std::pair<int, std::size_t>> metrics;  // column index -> index in events.metrics
};

// Shapes are written as """32,3,224,224""": after CSV unquoting the value still carries one pair of
// literal quotes, which are not part of the shape.
std::string_view strip_literal_quotes(std::string_view s) {
  s = trim_field(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

struct CoreCacheEntry {
  std::string text;
  StringId id;
  bool na_like;       // N/A, HCCL or COMMUNICATION: the Level0 note looks for files with only these
  bool name_decides;  // N/A: the kind depends on the kernel name
  EventKind kind;     // otherwise, the kind of every row with this core
};

// Rows expected in the file, from the newline density of its first MB (+5%), so that the event
// columns are reserved once instead of growing by doubling (which would double peak memory). If the
// estimate is short the reader grows the columns by 1/8 at a time (see the main loop).
std::size_t estimate_rows(std::string_view b) {
  const std::size_t sample = std::min<std::size_t>(b.size(), std::size_t{1} << 20);
  std::size_t n = 0;
  for (const char* p = b.data(); p < b.data() + sample;) {
    const void* q = std::memchr(p, '\n', static_cast<std::size_t>(b.data() + sample - p));
    if (!q) break;
    ++n;
    p = static_cast<const char*>(q) + 1;
  }
  if (sample == b.size()) return n + 1;
  const double per_byte = static_cast<double>(n) / static_cast<double>(sample);
  return static_cast<std::size_t>(per_byte * static_cast<double>(b.size()) * 1.05) + 64;
}

// What the header says, shared read-only by every part of a split read.
struct Layout {
  Cols c;
  std::vector<std::string> header;
  std::uint16_t src = 0;
};

// The account of one byte range: rows are numbered from 0 within the range; the merge shifts them.
struct PartResult {
  FileReadReport rep;
  bool core_all_na = true;
};

// Parses the records of bytes [begin, end) (begin: a record start, first_line its line) into
// `events`, whose metric columns are in the same order as the ones Layout refers to.
void read_rows(InputBuffer& in, std::size_t begin, std::size_t end, std::uint64_t first_line, const Layout& L,
               RankEvents& events, PartResult& part);

// Split points for `parts` byte ranges after the header (which ends at data_begin): each is just
// after an LF outside quotes, found by quote parity from the start of the file, so every range
// starts at a record start exactly as the sequential tokenizer would see it. Returns (offset, line)
// pairs; fewer than parts - 1 when the file is small or an unclosed quote runs to the end.
std::vector<std::pair<std::size_t, std::uint64_t>> split_points(std::string_view b, std::size_t data_begin,
                                                                unsigned parts) {
  std::vector<std::pair<std::size_t, std::uint64_t>> out;
  std::size_t pos = 0;
  std::uint64_t quotes = 0, lines = 1;
  for (unsigned k = 1; k < parts; ++k) {
    const std::size_t target = data_begin + (b.size() - data_begin) / parts * k;
    // Counted 16 bytes at a time (SSE2): this pass touches half the file, it must cost little.
    // Per-byte counters (cmpeq gives -1, subtracted) are summed with SAD before they can wrap.
    const __m128i q = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    auto sum_bytes = [&](__m128i acc) {
      const __m128i s = _mm_sad_epu8(acc, zero);
      return static_cast<std::uint64_t>(_mm_cvtsi128_si64(s)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s)));
    };
    while (pos + 16 <= target) {
      __m128i acc_q = zero, acc_lf = zero;
      for (int n = 0; n < 255 && pos + 16 <= target; ++n, pos += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + pos));
        acc_q = _mm_sub_epi8(acc_q, _mm_cmpeq_epi8(v, q));
        acc_lf = _mm_sub_epi8(acc_lf, _mm_cmpeq_epi8(v, lf));
      }
      quotes += sum_bytes(acc_q);
      lines += sum_bytes(acc_lf);
    }
    for (; pos < target; ++pos) {
      quotes += b[pos] == '"';
      lines += b[pos] == '\n';
    }
    // The first LF at or after the target with an even number of quotes before it.
    for (; pos < b.size(); ++pos) {
      const char ch = b[pos];
      if (ch == '\n' && quotes % 2 == 0) break;
      quotes += ch == '"';
      lines += ch == '\n';
    }
    if (pos + 1 >= b.size()) break;
    ++pos;  // past the LF
    ++lines;
    out.emplace_back(pos, lines);
  }
  return out;
}

// Appends `part` (read from a later byte range into its own store) to `events`: string ids are
// re-interned in row order and in the order the sequential reader interns them (core, name, type,
// shapes), so the pool ends up identical to a one-thread read; row indices shift by row_offset.
void merge_part(RankEvents& events, RankEvents& part, std::uint64_t row_offset) {
  std::vector<StringId> map(part.strings.size(), StringPool::kNotFound);
  map[kEmptyString] = kEmptyString;
  const RankEvents& read = part;
  auto remap = [&](StringId id) {
    StringId& m = map[id];
    if (m == StringPool::kNotFound) m = events.strings.intern(part.strings.view(id));
  };
  for (std::size_t i = 0; i < part.size(); ++i) {
    remap(read.core[i]);
    remap(read.name[i]);
    remap(read.type[i]);
    remap(read.input_shapes[i]);
    remap(read.input_dtypes[i]);
    remap(read.output_shapes[i]);
    part.source_row[i] += row_offset;
  }
  // Column by column, freeing each part column once copied: the transient is one column, not a store.
  auto append = [](auto& dst, auto& src) {
    dst.reserve(dst.size() + src.size());
    dst.insert(dst.end(), src.begin(), src.end());
    std::decay_t<decltype(src)>().swap(src);
  };
  append(events.start_ns, part.start_ns);
  append(events.dur_ns, part.dur_ns);
  append(events.kind, part.kind);
  append(events.side, part.side);
  auto append_strings = [&](StringIdColumn& dst, StringIdColumn& src) {
    dst.append(src, map);
    src.release();
  };
  append_strings(events.name, part.name);
  append_strings(events.type, part.type);
  append_strings(events.core, part.core);
  append_strings(events.input_shapes, part.input_shapes);
  append_strings(events.input_dtypes, part.input_dtypes);
  append_strings(events.output_shapes, part.output_shapes);
  append(events.source, part.source);
  // Narrow columns, and columns this reader never fills (they stay unmaterialized).
  auto append_optional = [](auto& dst, auto& src) {
    dst.append(src);
    src = std::decay_t<decltype(src)>();
  };
  append_optional(events.wait_ns, part.wait_ns);
  append_optional(events.stream, part.stream);
  append_optional(events.device, part.device);
  append_optional(events.step, part.step);
  append_optional(events.source_row, part.source_row);
  append_optional(events.pid, part.pid);
  append_optional(events.correlation, part.correlation);
  append_optional(events.external_id, part.external_id);
  append_optional(events.sequence, part.sequence);
  append_optional(events.category, part.category);
  append_optional(events.lane, part.lane);
  for (std::size_t k = 0; k < events.metrics.size(); ++k) {
    events.metrics[k].append(part.metrics[k]);
    part.metrics[k] = MetricColumn();
  }
}

// Adds a later part's account to the file's, in row order (rejected examples keep the first ones).
void merge_report(FileReadReport& report, const FileReadReport& part, std::uint64_t row_offset) {
  report.rows_read += part.rows_read;
  report.events += part.events;
  report.rejected += part.rejected;
  for (const auto& [reason, n] : part.rejected_by_reason) report.rejected_by_reason[reason] += n;
  for (RejectedRow r : part.rejected_examples) {
    if (report.rejected_examples.size() >= FileReadReport::kMaxExamples) break;
    r.row += row_offset;
    report.rejected_examples.push_back(std::move(r));
  }
}

}  // namespace

void read_kernel_details(const std::filesystem::path& path, RankEvents& events, FileReadReport& report,
                         const KernelDetailsOptions& options) {
  InputBuffer in = InputBuffer::map_file(path);
  read_kernel_details(in, events, report, options);
}

void read_kernel_details(InputBuffer& in, RankEvents& events, FileReadReport& report,
                         const KernelDetailsOptions& options) {
  report.path = in.name();
  report.format = kKernelDetailsFormat;
  const auto bytes = in.bytes();
  CsvTokenizer tok(bytes);
  CsvRecord rec;
  auto st = tok.next(rec);
  if (st == CsvStatus::kEnd) throw_bad_input({in.name(), 1, 0, ""}, "empty file: no header row");
  if (st == CsvStatus::kUnterminatedQuote)
    throw_bad_input({in.name(), 1, 0, ""}, "header row has an unterminated quoted field");
  if (!is_valid_utf8(rec.raw)) throw_bad_input({in.name(), 1, 0, ""}, "header row is not valid UTF-8");
  Layout L;
  L.header = canonical_header(rec.fields);
  const std::vector<std::string>& header = L.header;
  Cols& c = L.c;
  c.step = find_column(header, "Step Id");
  c.device = find_column(header, "Device_id");
  c.stream = find_column(header, "Stream ID");
  c.name = find_column(header, "Name");
  c.type = find_column(header, "Type");
  c.core = find_column(header, "Accelerator Core");
  c.start = find_column(header, "Start Time(us)");
  c.dur = find_column(header, "Duration(us)");
  c.wait = find_column(header, "Wait Time(us)");
  c.in_shapes = find_column(header, "Input Shapes");
  c.in_dtypes = find_column(header, "Input Data Types");
  c.out_shapes = find_column(header, "Output Shapes");
  for (auto [col, label] : {std::pair{c.name, "Name"}, {c.start, "Start Time(us)"}, {c.dur, "Duration(us)"}}) {
    if (col < 0)
      throw_bad_input({in.name(), 1, 0, label},
                      fmt::format("header lacks required column '{}' (not a kernel_details.csv?)", label));
  }
  std::vector<std::string> not_stored;
  const std::array<int, 12> kept{c.step, c.device, c.stream, c.name, c.type,      c.core,
                                 c.start, c.dur,   c.wait,   c.in_shapes, c.in_dtypes, c.out_shapes};
  for (std::size_t i = 0; i < header.size(); ++i) {
    int ii = static_cast<int>(i);
    if (std::find(kept.begin(), kept.end(), ii) != kept.end()) continue;
    if (std::find(kNotStored.begin(), kNotStored.end(), header[i]) != kNotStored.end()) {
      not_stored.push_back(header[i]);
      continue;
    }
    // A header that names a metric twice: the first column is stored (one cell per event and column).
    if (std::any_of(c.metrics.begin(), c.metrics.end(),
                    [&](auto& m) { return header[static_cast<std::size_t>(m.first)] == header[i]; })) {
      not_stored.push_back(header[i] + " (duplicate)");
      continue;
    }
    events.metric(header[i]);  // creates the column
    c.metrics.emplace_back(ii, 0);
  }
  for (auto& [col, slot] : c.metrics) {
    StringId id = events.strings.intern(header[static_cast<std::size_t>(col)]);
    for (std::size_t k = 0; k < events.metrics.size(); ++k)
      if (events.metrics[k].name == id) slot = k;
  }

  // Notes: what each absent optional column means downstream (reference C.1/C.2, A.8).
  const bool has_pmu = std::any_of(c.metrics.begin(), c.metrics.end(), [&](auto& m) {
    return header[static_cast<std::size_t>(m.first)].rfind("aic", 0) == 0 ||
           header[static_cast<std::size_t>(m.first)].rfind("aiv", 0) == 0;
  });
  if (!has_pmu)
    report.notes.push_back(
        "no PMU (aic_*/aiv_*) columns: bound classification (mac/mte2/vec ratios) is unavailable; capture at "
        "Level1+ with aic_metrics set (e.g. PipeUtilization)");
  if (c.in_shapes < 0)
    report.notes.push_back("no Input Shapes column: per-kernel M/K/N, FLOPs and arithmetic intensity are unavailable");
  if (c.stream < 0)
    report.notes.push_back("no Stream ID column: per-stream timelines fall back to one device lane");
  if (c.step < 0)
    report.notes.push_back("no Step Id column: steps must come from trace_view ProfilerStep# or structural anchors");
  if (c.wait < 0) report.notes.push_back("no Wait Time(us) column: wait anchors (idle before a task) are unavailable");
  if (c.core < 0)
    report.notes.push_back("no Accelerator Core column: cube/vector/AI_CPU split unavailable; kinds inferred from names");
  if (!not_stored.empty()) {
    std::string list;
    for (auto& n : not_stored) list += (list.empty() ? "" : ", ") + n;
    report.notes.push_back("columns read but not stored (no analysis uses them): " + list);
  }
  L.src = events.add_source(in.name(), kKernelDetailsFormat);

  // Byte ranges: the first is read into `events` by this thread, the others into stores of their
  // own by helper threads, then appended in order. The result is identical for any thread count.
  const std::size_t data_begin = tok.position();
  const unsigned parts = bytes.size() >= options.min_split_bytes ? std::max(1u, options.threads) : 1u;
  std::vector<std::size_t> range_begin{data_begin};
  std::vector<std::uint64_t> range_line{tok.line()};
  if (parts > 1)
    for (auto& [off, line] : split_points(bytes, data_begin, parts)) {
      range_begin.push_back(off);
      range_line.push_back(line);
    }
  range_begin.push_back(bytes.size());
  const std::size_t nparts = range_line.size();
  // The whole file's rows are reserved in `events` up front: later parts are then appended into
  // capacity that is not resident until written (no reallocation copy), and each part column is
  // freed as soon as it is copied, so a split read peaks at about the store plus one column.
  events.reserve(estimate_rows(bytes.substr(data_begin)));
  std::vector<PartResult> results(nparts);
  std::vector<RankEvents> stores(nparts - 1);
  for (auto& store : stores)
    for (const auto& m : events.metrics) store.metric(events.strings.view(m.name));
  {
    std::vector<std::thread> helpers;
    for (std::size_t k = 1; k < nparts; ++k)
      helpers.emplace_back([&, k] {
        try {
          read_rows(in, range_begin[k], range_begin[k + 1], range_line[k], L, stores[k - 1], results[k]);
        } catch (const std::exception& e) {
          results[k].rep.error = e.what();
        }
      });
    try {
      read_rows(in, range_begin[0], range_begin[1], range_line[0], L, events, results[0]);
    } catch (...) {
      for (auto& t : helpers) t.join();
      throw;
    }
    for (auto& t : helpers) t.join();
  }
  for (std::size_t k = 1; k < nparts; ++k)
    if (!results[k].rep.error.empty()) throw std::runtime_error(results[k].rep.error);  // e.g. bad_alloc
  bool core_all_na = true;
  for (std::size_t k = 0; k < nparts; ++k) {
    const std::uint64_t row_offset = report.rows_read;
    if (k > 0) merge_part(events, stores[k - 1], row_offset);
    merge_report(report, results[k].rep, row_offset);
    core_all_na = core_all_na && results[k].core_all_na;
  }
  in.release_before(bytes.size());
  if (c.core >= 0 && core_all_na && report.events > 0 && !has_pmu)
    report.notes.push_back(
        "Accelerator Core is N/A for compute rows (Level0 export): cube/vector/AI_CPU split unavailable; "
        "kernels are classified by name only");
  if (tok.had_bom()) report.notes.push_back("file starts with a UTF-8 byte order mark (skipped)");
}

namespace {

void read_rows(InputBuffer& in, std::size_t begin, std::size_t end, std::uint64_t first_line, const Layout& L,
               RankEvents& events, PartResult& part) {
  const Cols& c = L.c;
  const std::vector<std::string>& header = L.header;
  const std::uint16_t src = L.src;
  FileReadReport& report = part.rep;
  const auto bytes = in.bytes();
  CsvTokenizer tok(bytes, begin, end, first_line);
  CsvRecord rec;
  events.reserve(estimate_rows(bytes.substr(begin, end - begin)));
  std::vector<CoreCacheEntry> core_cache;
  // Names have thousands of values (and collective names one per row); type, shapes and dtypes a
  // few dozen: each kind has its own cache, so names never evict the small vocabularies.
  InternCache names(events.strings, 8192);
  InternCache small_vocab(events.strings, 2048);
  // Metric columns of this rank that this file does not have (e.g. from a DB export read earlier)
  // still get one (absent) value per event, so that every column keeps the store's length.
  std::vector<std::size_t> other_metrics;
  for (std::size_t k = 0; k < events.metrics.size(); ++k)
    if (std::none_of(c.metrics.begin(), c.metrics.end(), [&](auto& m) { return m.second == k; }))
      other_metrics.push_back(k);
  // PMU cells are staged for 64 rows, column by column, and appended to the metric columns one
  // block at a time (a full block of one-format decimals is packed in one pass). The file columns
  // and their store slots are flat arrays: the cell loop runs 25 times per row.
  constexpr unsigned kBatch = 64;
  const std::size_t nmetrics = c.metrics.size();
  std::vector<std::uint32_t> metric_field(nmetrics), metric_slot(nmetrics);
  for (std::size_t k = 0; k < nmetrics; ++k) {
    metric_field[k] = static_cast<std::uint32_t>(c.metrics[k].first);
    metric_slot[k] = static_cast<std::uint32_t>(c.metrics[k].second);
  }
  std::vector<MetricStage> stages(nmetrics);
  unsigned nbatch = 0;
  auto flush_metrics = [&] {
    for (std::size_t k = 0; k < nmetrics; ++k) {
      events.metrics[metric_slot[k]].push_stage(stages[k], nbatch);
      stages[k].clear();
    }
    for (std::size_t k : other_metrics) events.metrics[k].push_absent(nbatch);  // absent in this file
    nbatch = 0;
  };
  bool& core_all_na = part.core_all_na;
  const std::size_t ncols = header.size();
  std::uint64_t row = 0;
  auto field = [&](int i) -> std::string_view {
    return i >= 0 ? rec.fields[static_cast<std::size_t>(i)] : std::string_view{};
  };
  // Pages of this range already parsed go back to the kernel every 4 MB (disjoint per thread).
  std::size_t released = begin;
  std::size_t next_release = begin + (std::size_t{4} << 20);

  for (;;) {
    const CsvStatus st = tok.next(rec);
    if (st == CsvStatus::kEnd) break;
    ++report.rows_read;
    const std::uint64_t this_row = row++;
    auto reject = [&](std::string reason) {
      report.reject({this_row, static_cast<std::int64_t>(rec.line), static_cast<std::int64_t>(rec.offset),
                     std::move(reason)});
    };
    if (st == CsvStatus::kUnterminatedQuote) {
      reject("unterminated quoted field (rest of file)");
      break;
    }
    if (tok.position() >= next_release) {
      in.release_range(released, rec.offset);
      released = rec.offset;
      next_release = tok.position() + (std::size_t{4} << 20);
    }
    if (rec.fields.size() != ncols) {
      reject(rec.fields.size() < ncols ? "fewer fields than the header (truncated row?)"
                                       : "more fields than the header");
      continue;
    }
    if (rec.maybe_non_ascii && !is_valid_utf8(rec.raw)) {
      reject("invalid UTF-8");
      continue;
    }
    std::string_view s_start = field(c.start), s_dur = field(c.dur);
    // A value that parses is not missing: the N/A check only runs for the rare rows that fail.
    // Records whose fields all have 32 readable bytes after their start (all but the last few of
    // the file) take the SIMD paths (same results).
    static_assert(kCsvFieldPadding >= kFieldPadding);
    const bool padded = rec.padded;
    auto us_to_ns = [&](std::string_view f) { return padded ? parse_us_to_ns_padded(f) : parse_us_to_ns(f); };
    auto start = us_to_ns(s_start);
    if (!start) { reject(is_missing_field(s_start) ? "missing Start Time(us)" : "bad Start Time(us)"); continue; }
    auto dur = us_to_ns(s_dur);
    if (!dur) { reject(is_missing_field(s_dur) ? "missing Duration(us)" : "bad Duration(us)"); continue; }
    if (*start < 0) { reject("absurd Start Time(us): negative"); continue; }
    if (*dur < 0) { reject("absurd Duration(us): negative"); continue; }
    if (*dur > std::int64_t{86400} * 1000000000) { reject("absurd Duration(us): more than a day"); continue; }
    std::optional<std::int64_t> wait;
    if (c.wait >= 0) {
      wait = us_to_ns(field(c.wait));
      if (!wait && !is_missing_field(field(c.wait))) { reject("bad Wait Time(us)"); continue; }
    }
    std::optional<std::int64_t> step, stream, device;
    if (c.step >= 0) {
      step = parse_small_int(field(c.step));
      if (!step && !is_missing_field(field(c.step))) { reject("bad Step Id"); continue; }
    }
    if (c.stream >= 0) {
      stream = parse_small_int(field(c.stream));
      if (!stream && !is_missing_field(field(c.stream))) { reject("bad Stream ID"); continue; }
      if (stream && (*stream < INT32_MIN || *stream > INT32_MAX)) { reject("bad Stream ID"); continue; }
    }
    if (c.device >= 0) {
      device = parse_small_int(field(c.device));
      if (!device && !is_missing_field(field(c.device))) { reject("bad Device_id"); continue; }
      if (device && (*device < 0 || *device > INT32_MAX)) { reject("bad Device_id"); continue; }
    }
    // Metrics parsed before the event is added, so a bad value rejects the row cleanly; then each
    // column gets exactly one cell (absent cells are kept as absent, never as zero).
    bool bad_metric = false;
    for (std::size_t k = 0; k < nmetrics; ++k) {
      MetricCell cell;
      const std::string_view f = rec.fields[metric_field[k]];
      const int r = padded ? parse_metric_cell_padded(f, cell) : parse_metric_cell(f, cell);  // 0: N/A, blank, "-"
      if (r < 0) {
        reject("bad value in " + header[metric_field[k]]);
        for (std::size_t kk = 0; kk < k; ++kk) stages[kk].put_absent(nbatch);  // the slot is reused
        bad_metric = true;
        break;
      }
      if (r == 0) stages[k].put_absent(nbatch);
      else stages[k].put(nbatch, cell);
    }
    if (bad_metric) continue;

    std::string_view name = trim_field(field(c.name));
    std::string_view core = c.core >= 0 ? trim_field(field(c.core)) : std::string_view{};
    // A file has a handful of core values: each is interned and classified once, then found by a
    // length check and one compare (only N/A rows look at the name to tell HCCL from compute).
    StringId core_id = kEmptyString;
    EventKind kind;
    if (!core.empty()) {
      const CoreCacheEntry* ce = nullptr;
      for (const auto& e : core_cache)
        if (e.text.size() == core.size() && std::memcmp(e.text.data(), core.data(), core.size()) == 0) {
          ce = &e;
          break;
        }
      if (!ce) {
        const bool na_like = core == "N/A" || core == "HCCL" || core == "COMMUNICATION";
        core_cache.push_back({std::string(core), events.strings.intern(core), na_like, core == "N/A",
                              kind_of_accelerator_core(core, {})});
        ce = &core_cache.back();
      }
      core_all_na = core_all_na && ce->na_like;
      core_id = ce->id;
      kind = ce->name_decides ? kind_of_accelerator_core(core, name) : ce->kind;
    } else {
      kind = kind_of_accelerator_core(core, name);
    }
    if (events.start_ns.size() == events.start_ns.capacity()) events.reserve(events.size() / 8 + 1024);
    std::uint32_t ev =
        events.add_event_without_metrics(kind, Side::kDevice, *start, *dur, names.intern(name), src, this_row);
    if (wait) events.wait_ns[ev] = *wait;
    if (step) events.step[ev] = *step;
    if (stream) events.stream[ev] = static_cast<std::int32_t>(*stream);
    if (device) events.device[ev] = static_cast<std::int32_t>(*device);
    events.core[ev] = core_id;
    if (c.type >= 0) {
      std::string_view t = trim_field(field(c.type));
      if (!t.empty() && t != "N/A") events.type[ev] = small_vocab.intern(t);
    }
    if (c.in_shapes >= 0) events.input_shapes[ev] = small_vocab.intern(strip_literal_quotes(field(c.in_shapes)));
    if (c.in_dtypes >= 0) events.input_dtypes[ev] = small_vocab.intern(strip_literal_quotes(field(c.in_dtypes)));
    if (c.out_shapes >= 0) events.output_shapes[ev] = small_vocab.intern(strip_literal_quotes(field(c.out_shapes)));
    if (++nbatch == kBatch) flush_metrics();
    ++report.events;
  }
  flush_metrics();
}

}  // namespace

}  // namespace llmsa::trace::ascend
