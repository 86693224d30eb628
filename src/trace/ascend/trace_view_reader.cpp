#include "trace/ascend/trace_view_reader.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <unordered_map>

#include "core/error.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::optional<std::int64_t> get_int(const element& obj, std::string_view key) {
  auto v = obj[key];
  if (v.error()) return std::nullopt;
  if (auto i = v.get_int64(); !i.error()) return i.value();
  if (auto u = v.get_uint64(); !u.error()) return static_cast<std::int64_t>(u.value() & 0x7FFFFFFFFFFFFFFFull);
  if (auto d = v.get_double(); !d.error()) return static_cast<std::int64_t>(d.value());
  if (auto s = v.get_string(); !s.error()) return parse_int_field(s.value());
  return std::nullopt;
}

std::string_view get_str(const element& obj, std::string_view key) {
  auto v = obj[key];
  if (v.error()) return {};
  auto s = v.get_string();
  return s.error() ? std::string_view{} : s.value();
}

// Time in µs, as a string ("1736408883704643.212", exact) or a number.
std::optional<std::int64_t> get_us(const element& obj, std::string_view key) {
  auto v = obj[key];
  if (v.error()) return std::nullopt;
  if (auto s = v.get_string(); !s.error()) return parse_us_to_ns(s.value());
  if (auto i = v.get_int64(); !i.error()) {
    if (i.value() > INT64_MAX / 1000 || i.value() < INT64_MIN / 1000) return std::nullopt;
    return i.value() * 1000;
  }
  if (auto d = v.get_double(); !d.error()) return double_us_to_ns(d.value());
  return std::nullopt;
}

EventKind kind_of(std::string_view lane, std::string_view cat, std::string_view name, std::string_view task_type,
                  Side& side) {
  side = Side::kHost;
  if (lane == "Ascend Hardware") {
    side = Side::kDevice;
    if (task_type.find("SDMA") != std::string_view::npos || task_type.find("DMA") != std::string_view::npos ||
        name.find("MEMCPY") != std::string_view::npos)
      return EventKind::kMemcpy;
    if (task_type.find("EVENT") != std::string_view::npos || task_type.find("Notify") != std::string_view::npos ||
        task_type.find("Write Value") != std::string_view::npos)
      return EventKind::kSync;
    if (task_type == "AI_CPU") return EventKind::kAicpu;
    if (name.rfind("hcom_", 0) == 0) return EventKind::kCommunication;
    return EventKind::kKernel;
  }
  if (lane == "HCCL" || lane == "Communication") {
    side = Side::kDevice;
    return EventKind::kCommunication;
  }
  if (lane == "Overlap Analysis") {
    side = Side::kDevice;
    return EventKind::kOverlap;
  }
  if (lane == "CANN") return EventKind::kRuntime;
  if (name.rfind("ProfilerStep#", 0) == 0) return EventKind::kAnnotation;
  if (cat == "cpu_op") return EventKind::kCpuOp;
  if (cat == "python_function") return EventKind::kPython;
  if (cat == "enqueue" || cat == "dequeue") return EventKind::kRuntime;
  return EventKind::kOther;
}

// Repairs a cut-off array: keeps everything up to the last '}' that closes a top-level record and
// closes the array. Returns the repaired text and the byte where the kept part ends.
std::pair<std::string, std::size_t> repair_truncated_array(std::string_view b) {
  int depth = 0;
  bool in_str = false, esc = false;
  std::size_t last_record_end = std::string::npos;
  for (std::size_t i = 0; i < b.size(); ++i) {
    char c = b[i];
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      --depth;
      if (c == '}' && depth == 1) last_record_end = i + 1;
    }
  }
  std::size_t open = b.find('[');
  if (last_record_end == std::string::npos) return {std::string(open == std::string::npos ? "" : "[]"), 0};
  std::string s(b.substr(0, last_record_end));
  s += "]";
  return {std::move(s), last_record_end};
}

}  // namespace

void read_trace_view(InputBuffer& in, RankEvents& events, std::vector<CounterSample>& counters,
                     FileReadReport& report) {
  report.path = in.name();
  report.format = kTraceViewFormat;
  auto bytes = in.bytes();
  if (trim_field(bytes).empty()) throw_bad_input({in.name(), 1, 0, ""}, "empty file");
  simdjson::dom::parser parser;
  simdjson::padded_string text(bytes.data(), bytes.size());
  element root;
  auto err = parser.parse(text).get(root);
  if (err) {
    // Tolerate a missing closing ']' or a record cut mid-way (interrupted export), nothing else.
    std::string_view t = trim_field(bytes);
    if (t.front() != '[') throw_bad_input({in.name(), 1, 0, ""}, std::string("JSON error: ") + simdjson::error_message(err));
    auto [fixed, kept] = repair_truncated_array(bytes);
    simdjson::padded_string fixed_text(fixed);
    element r2;
    auto err2 = parser.parse(fixed_text).get(r2);
    if (err2 || kept == 0)
      throw_bad_input({in.name(), -1, -1, ""},
                      std::string("JSON syntax error (not a truncation that can be repaired): ") +
                          simdjson::error_message(err));
    report.notes.push_back(fmt::format(
        "file is cut short ({}): read the records before byte {}, the remaining {} bytes are lost",
        simdjson::error_message(err), kept, bytes.size() - kept));
    text = std::move(fixed_text);
    if (parser.parse(text).get(root)) throw_internal("trace_view reparse failed");
  }
  simdjson::dom::array arr;
  if (root.get_array().get(arr)) {
    // Some exports wrap the array as {"traceEvents": [...]}.
    if (root["traceEvents"].get_array().get(arr))
      throw_bad_input({in.name(), -1, -1, ""}, "expected a JSON array of trace records");
  }

  // Pass 1: lane names from metadata.
  std::unordered_map<std::int64_t, StringId> lane_of_pid;
  for (element e : arr) {
    if (get_str(e, "ph") != "M" || get_str(e, "name") != "process_name") continue;
    auto pid = get_int(e, "pid");
    auto args = e["args"];
    if (!pid || args.error()) continue;
    lane_of_pid[*pid] = events.strings.intern(get_str(args.value(), "name"));
  }
  if (lane_of_pid.empty()) report.notes.push_back("no process_name metadata: lanes unknown, kinds from categories only");

  const std::uint16_t src = events.add_source(in.name(), kTraceViewFormat);
  const std::size_t first_event = events.size();
  // (pid, tid, start) -> event, to attach flow endpoints.
  std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t>, std::uint32_t> slice_at;
  struct FlowEnd {
    std::uint64_t row;
    std::int64_t pid, tid, ts;
    StringId cat;
  };
  // (cat, id) -> starts and finishes; HostToDevice flows fan out (one start, several finishes).
  std::map<std::pair<std::string, std::string>, std::pair<std::vector<FlowEnd>, std::vector<FlowEnd>>> flows;
  bool has_task_type = false;

  std::uint64_t row = 0;
  for (element e : arr) {
    std::string_view ph = get_str(e, "ph");
    if (ph == "M") continue;
    const std::uint64_t this_row = row++;
    ++report.rows_read;
    auto reject = [&](std::string reason) { report.reject({this_row, -1, -1, std::move(reason)}); };
    if (!e.is_object()) { reject("record is not an object"); continue; }
    auto pid = get_int(e, "pid");
    auto tid = get_int(e, "tid");
    auto ts = get_us(e, "ts");
    if (!ts) { reject("missing or bad ts"); continue; }
    StringId lane = kEmptyString;
    if (pid) if (auto it = lane_of_pid.find(*pid); it != lane_of_pid.end()) lane = it->second;
    if (ph == "X") {
      auto dur = get_us(e, "dur");
      if (!dur) { reject("missing or bad dur"); continue; }
      if (*dur < 0) { reject("absurd dur: negative"); continue; }
      std::string_view name = get_str(e, "name");
      std::string_view cat = get_str(e, "cat");
      auto args = e["args"];
      std::string_view task_type = args.error() ? std::string_view{} : get_str(args.value(), "Task Type");
      if (!task_type.empty()) has_task_type = true;
      Side side;
      EventKind k = kind_of(events.strings.view(lane), cat, name, task_type, side);
      std::uint32_t ev = events.add_event(k, side, *ts, *dur, events.strings.intern(name), src, this_row);
      events.lane[ev] = lane;
      if (!cat.empty()) events.type[ev] = events.strings.intern(cat);
      if (!task_type.empty()) events.core[ev] = events.strings.intern(task_type);
      if (pid && *pid >= INT32_MIN && *pid <= INT32_MAX) events.pid[ev] = static_cast<std::int32_t>(*pid);
      if (tid && *tid >= INT32_MIN && *tid <= INT32_MAX) events.stream[ev] = static_cast<std::int32_t>(*tid);
      if (!args.error()) {
        object ao;
        if (!args.get_object().get(ao)) {
          for (auto field : ao) {
            if (field.key == "connection_id") {
              if (auto c = field.value.get_int64(); !c.error()) events.correlation[ev] = c.value();
            }
            if (auto s = field.value.get_string(); !s.error()) {
              events.add_arg(ev, field.key, s.value());
            } else if (field.value.is_number()) {
              events.add_arg(ev, field.key, simdjson::minify(field.value));
            }
          }
        }
      }
      slice_at.emplace(std::make_tuple(pid.value_or(-1), tid.value_or(-1), *ts), ev);
      ++report.events;
    } else if (ph == "C") {
      auto args = e["args"];
      object ao;
      if (args.error() || args.get_object().get(ao)) { reject("counter without args"); continue; }
      StringId nm = events.strings.intern(get_str(e, "name"));
      bool any = false;
      for (auto field : ao) {
        double v = 0;
        if (auto d = field.value.get_double(); !d.error()) v = d.value();
        else if (auto s = field.value.get_string(); !s.error()) {
          auto p = parse_double_field(s.value());
          if (!p) continue;
          v = *p;
        } else continue;
        counters.push_back({{src, this_row}, lane, nm, events.strings.intern(field.key), *ts, v});
        any = true;
      }
      if (!any) { reject("counter without numeric values"); continue; }
      ++report.events;
    } else if (ph == "s" || ph == "f") {
      // Ids are numbers (async_npu) or strings (HostToDevice "936"): compare them as text.
      auto idv = e["id"];
      std::string id;
      if (!idv.error()) {
        if (auto sv = idv.get_string(); !sv.error()) id = std::string(sv.value());
        else if (idv.is_number()) id = simdjson::minify(idv.value());
      }
      if (id.empty()) { reject("flow without id"); continue; }
      FlowEnd fe{this_row, pid.value_or(-1), tid.value_or(-1), *ts, events.strings.intern(get_str(e, "cat"))};
      auto& slot = flows[{std::string(get_str(e, "cat")), id}];
      (ph == "s" ? slot.first : slot.second).push_back(fe);
    } else {
      reject(fmt::format("phase '{}' not used by the analyses", ph));
    }
  }
  // Flows: both ends must exist and land on a slice starting at the same (pid, tid, ts).
  // A flow end binds to the slice starting at its (pid, tid, ts), else to the innermost slice of that
  // lane enclosing ts (Chrome trace binding point; torch_npu flow starts sit inside the host op).
  auto find = [&](const FlowEnd& x) -> std::optional<std::uint32_t> {
    auto it = slice_at.upper_bound({x.pid, x.tid, x.ts});
    for (int steps = 0; steps < 256 && it != slice_at.begin(); ++steps) {
      --it;
      const auto& [key, ev] = *it;
      if (std::get<0>(key) != x.pid || std::get<1>(key) != x.tid) break;
      if (std::get<2>(key) == x.ts || std::get<2>(key) + events.dur_ns[ev] >= x.ts) return ev;
    }
    return std::nullopt;
  };
  for (auto& [key, ends] : flows) {
    auto& [starts, finishes] = ends;
    std::vector<bool> start_used(starts.size(), false);
    for (std::size_t i = 0; i < finishes.size(); ++i) {
      const FlowEnd& f = finishes[i];
      if (starts.empty()) {
        report.reject({f.row, -1, -1, "flow finish without start"});
        continue;
      }
      std::size_t si = std::min(i, starts.size() - 1);
      auto from = find(starts[si]);
      auto to = find(f);
      if (!from || !to) {
        report.reject({f.row, -1, -1, "flow endpoint on no slice"});
        continue;
      }
      events.flows.from.push_back(*from);
      events.flows.to.push_back(*to);
      events.flows.category.push_back(f.cat);
      ++report.events;
      start_used[si] = true;
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
      if (start_used[i]) ++report.events;
      else report.reject({starts[i].row, -1, -1, finishes.empty() ? "flow start without finish" : "flow endpoint on no slice"});
    }
  }
  if (!has_task_type && events.size() > first_event)
    report.notes.push_back("no 'Task Type' args on device slices: device task classes come from kernel_details only");
}

}  // namespace llmsa::trace::ascend
