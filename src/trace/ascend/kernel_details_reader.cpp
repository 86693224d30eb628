#include "trace/ascend/kernel_details_reader.hpp"

#include <algorithm>
#include <array>
#include <cstring>
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
};

// Rows expected in the file, from the newline density of its first MB (+5%), so that the event
// columns are reserved once instead of growing by doubling (which would double peak memory). If the
// estimate is short the reader grows the columns by 1/8 at a time (see the main loop).
std::size_t estimate_rows(const InputBuffer& in) {
  auto b = in.bytes();
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

}  // namespace

void read_kernel_details(const std::filesystem::path& path, RankEvents& events, FileReadReport& report) {
  InputBuffer in = InputBuffer::map_file(path);
  read_kernel_details(in, events, report);
}

void read_kernel_details(InputBuffer& in, RankEvents& events, FileReadReport& report) {
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
  const std::vector<std::string> header = canonical_header(rec.fields);

  Cols c;
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
  const std::size_t rows_estimate = estimate_rows(in);
  for (std::size_t i = 0; i < header.size(); ++i) {
    int ii = static_cast<int>(i);
    if (std::find(kept.begin(), kept.end(), ii) != kept.end()) continue;
    if (std::find(kNotStored.begin(), kNotStored.end(), header[i]) != kNotStored.end()) {
      not_stored.push_back(header[i]);
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
  events.reserve(rows_estimate);

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

  const std::uint16_t src = events.add_source(in.name(), kKernelDetailsFormat);
  std::vector<CoreCacheEntry> core_cache;
  InternCache names(events.strings);
  // Metric columns of this rank that this file does not have (e.g. from a DB export read earlier)
  // still get one (absent) value per event, so that every column keeps the store's length.
  std::vector<std::size_t> other_metrics;
  for (std::size_t k = 0; k < events.metrics.size(); ++k)
    if (std::none_of(c.metrics.begin(), c.metrics.end(), [&](auto& m) { return m.second == k; }))
      other_metrics.push_back(k);
  // PMU values are staged for 64 rows, column by column, and appended to the metric columns in
  // one go: per cell that is one store instead of two vector push_backs.
  constexpr unsigned kBatch = 64;
  const std::size_t nmetrics = c.metrics.size();
  std::vector<float> batch(nmetrics * kBatch);
  std::vector<std::uint64_t> batch_bits(nmetrics);
  std::vector<std::uint8_t> mpresent(nmetrics);
  unsigned nbatch = 0;
  auto flush_metrics = [&] {
    for (std::size_t k = 0; k < nmetrics; ++k) {
      MetricColumn& m = events.metrics[c.metrics[k].second];
      const float* b = batch.data() + k * kBatch;
      m.value.insert(m.value.end(), b, b + nbatch);
      m.present.append_bits(batch_bits[k], nbatch);
      batch_bits[k] = 0;
    }
    for (std::size_t k : other_metrics) {  // absent in this file: one empty cell per event
      events.metrics[k].value.insert(events.metrics[k].value.end(), nbatch, 0.0f);
      events.metrics[k].present.append_bits(0, nbatch);
    }
    nbatch = 0;
  };
  bool core_all_na = true;
  const std::size_t ncols = header.size();
  std::uint64_t row = 0;
  auto field = [&](int i) -> std::string_view {
    return i >= 0 ? rec.fields[static_cast<std::size_t>(i)] : std::string_view{};
  };
  std::size_t next_release = std::size_t{4} << 20;

  for (;;) {
    st = tok.next(rec);
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
      in.release_before(rec.offset);
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
    auto start = parse_us_to_ns(s_start);
    if (!start) { reject(is_missing_field(s_start) ? "missing Start Time(us)" : "bad Start Time(us)"); continue; }
    auto dur = parse_us_to_ns(s_dur);
    if (!dur) { reject(is_missing_field(s_dur) ? "missing Duration(us)" : "bad Duration(us)"); continue; }
    if (*start < 0) { reject("absurd Start Time(us): negative"); continue; }
    if (*dur < 0) { reject("absurd Duration(us): negative"); continue; }
    if (*dur > std::int64_t{86400} * 1000000000) { reject("absurd Duration(us): more than a day"); continue; }
    std::optional<std::int64_t> wait;
    if (c.wait >= 0) {
      wait = parse_us_to_ns(field(c.wait));
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
    // column gets exactly one value (NaN-free: absent cells store 0 with the presence bit clear).
    bool bad_metric = false;
    for (std::size_t k = 0; k < c.metrics.size(); ++k) {
      float& cell = batch[k * kBatch + nbatch];
      const int r = parse_metric_cell(field(c.metrics[k].first), cell);  // 0: N/A, blank, "-"
      mpresent[k] = r > 0;
      if (r == 0) cell = 0.0f;  // absent cells store 0 with the presence bit clear
      if (r < 0) {
        reject("bad value in " + header[static_cast<std::size_t>(c.metrics[k].first)]);
        bad_metric = true;
        break;
      }
    }
    if (bad_metric) continue;

    std::string_view name = trim_field(field(c.name));
    std::string_view core = c.core >= 0 ? trim_field(field(c.core)) : std::string_view{};
    StringId core_id = kEmptyString;
    if (!core.empty()) {
      if (core != "N/A" && core != "HCCL" && core != "COMMUNICATION") core_all_na = false;
      for (auto& e : core_cache)
        if (e.text == core) { core_id = e.id; break; }
      if (core_id == kEmptyString) {
        core_id = events.strings.intern(core);
        core_cache.push_back({std::string(core), core_id});
      }
    }
    EventKind kind = kind_of_accelerator_core(core, name);
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
      if (!t.empty() && t != "N/A") events.type[ev] = names.intern(t);
    }
    if (c.in_shapes >= 0) events.input_shapes[ev] = names.intern(strip_literal_quotes(field(c.in_shapes)));
    if (c.in_dtypes >= 0) events.input_dtypes[ev] = names.intern(strip_literal_quotes(field(c.in_dtypes)));
    if (c.out_shapes >= 0) events.output_shapes[ev] = names.intern(strip_literal_quotes(field(c.out_shapes)));
    for (std::size_t k = 0; k < nmetrics; ++k) batch_bits[k] |= std::uint64_t{mpresent[k]} << nbatch;
    if (++nbatch == kBatch) flush_metrics();
    ++report.events;
  }
  flush_metrics();
  in.release_before(bytes.size());
  if (c.core >= 0 && core_all_na && report.events > 0 && !has_pmu)
    report.notes.push_back(
        "Accelerator Core is N/A for compute rows (Level0 export): cube/vector/AI_CPU split unavailable; "
        "kernels are classified by name only");
  if (tok.had_bom()) report.notes.push_back("file starts with a UTF-8 byte order mark (skipped)");
}

}  // namespace llmsa::trace::ascend
