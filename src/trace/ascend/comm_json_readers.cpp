#include "trace/ascend/comm_json_readers.hpp"

#include "core/error.hpp"
#include "trace/ascend/json_input.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

using nlohmann::json;

std::pair<std::string, std::string> split_op_key(const std::string& key) {
  auto at = key.rfind('@');
  if (at == std::string::npos) return {key, ""};
  return {key.substr(0, at), key.substr(at + 1)};
}

namespace {

bool is_total(const std::string& k) { return k.rfind("Total", 0) == 0; }

void require_object(const json& j, const InputBuffer& in, const char* what) {
  if (!j.is_object()) throw_bad_input({in.name(), -1, -1, what}, std::string("expected a JSON object at ") + what);
}

// Fills the time block of an op; returns false when a value is not a number.
template <class Row>
bool fill_time_info(const json& op, Row& r) {
  auto it = op.find("Communication Time Info");
  if (it == op.end() || !it->is_object()) return false;
  const json& t = *it;
  if (auto ts = t.find("Start Timestamp(us)"); ts != t.end() && !ts->is_null()) {
    std::optional<std::int64_t> ns;
    if (ts->is_string()) ns = parse_us_to_ns(ts->get_ref<const std::string&>());
    else if (ts->is_number_integer()) ns = ts->get<std::int64_t>() * 1000;
    else if (ts->is_number()) ns = double_us_to_ns(ts->get<double>());
    if (!ns) return false;
    r.start_ns = *ns;
  }
  r.elapse_ms = json_number(t, "Elapse Time(ms)");
  r.transit_ms = json_number(t, "Transit Time(ms)");
  r.wait_ms = json_number(t, "Wait Time(ms)");
  r.sync_ms = json_number(t, "Synchronization Time(ms)");
  r.idle_ms = json_number(t, "Idle Time(ms)");
  return true;
}

}  // namespace

void read_communication_json(InputBuffer& in, std::uint16_t source, std::vector<CommOpRow>& ops,
                             std::vector<CommBandwidthRow>& bandwidth, FileReadReport& report) {
  report.path = in.name();
  report.format = kCommunicationFormat;
  json root = parse_json_input(in);
  require_object(root, in, "root");
  std::uint64_t rec = 0;
  std::uint64_t totals = 0;
  for (auto& [step, by_kind] : root.items()) {
    if (!by_kind.is_object()) {
      report.reject({rec++, -1, -1, "step entry is not an object"});
      ++report.rows_read;
      continue;
    }
    for (auto& [kind, ops_obj] : by_kind.items()) {
      if (!ops_obj.is_object()) continue;
      for (auto& [key, op] : ops_obj.items()) {
        if (is_total(key)) {
          ++totals;
          continue;
        }
        ++report.rows_read;
        const std::uint64_t row = rec++;
        CommOpRow r;
        r.from = {source, row};
        r.step = step;
        r.kind = kind;
        std::tie(r.op_name, r.group) = split_op_key(key);
        if (!op.is_object() || !fill_time_info(op, r)) {
          report.reject({row, -1, -1, "op without a readable 'Communication Time Info'"});
          continue;
        }
        r.wait_ratio = json_number(op["Communication Time Info"], "Wait Time Ratio");
        r.sync_ratio = json_number(op["Communication Time Info"], "Synchronization Time Ratio");
        if (auto bw = op.find("Communication Bandwidth Info"); bw != op.end() && bw->is_object()) {
          for (auto& [transport, b] : bw->items()) {
            CommBandwidthRow x;
            x.from = {source, row};
            x.step = step;
            x.kind = kind;
            x.op_name = r.op_name;
            x.group = r.group;
            x.transport = transport;
            x.transit_size_mb = json_number(b, "Transit Size(MB)");
            x.transit_ms = json_number(b, "Transit Time(ms)");
            x.bandwidth_gbps = json_number(b, "Bandwidth(GB/s)");
            x.large_packet_ratio = json_number(b, "Large Packet Ratio");
            bandwidth.push_back(std::move(x));
          }
        }
        ops.push_back(std::move(r));
        ++report.events;
      }
    }
  }
  if (totals > 0)
    report.notes.push_back(std::to_string(totals) +
                           " 'Total Op Info' aggregates skipped (recomputed from the ops by the analyses)");
}

void read_communication_matrix_json(InputBuffer& in, std::uint16_t source, std::vector<CommLinkRow>& links,
                                    FileReadReport& report) {
  report.path = in.name();
  report.format = kCommMatrixFormat;
  json root = parse_json_input(in);
  require_object(root, in, "root");
  std::uint64_t rec = 0;
  // Per-rank files nest step -> kind ("step50" -> "collective"); msprof-analyze's cluster matrix nests
  // kind or group -> step ("p2p" | "(0, 1, ..., 7)" -> "step2").
  for (auto& [outer, by_kind] : root.items()) {
    if (!by_kind.is_object()) continue;
    const bool step_first = outer.rfind("step", 0) == 0;
    for (auto& [inner, ops_obj] : by_kind.items()) {
      if (!ops_obj.is_object()) continue;
      const std::string& step = step_first ? outer : inner;
      const std::string kind = step_first ? inner : (outer == "p2p" || outer == "collective" ? outer : "collective");
      const std::string group_key = step_first ? "" : outer;
      for (auto& [key, link_obj] : ops_obj.items()) {
        if (!link_obj.is_object()) continue;
        auto [op_name, group] = split_op_key(key);
        for (auto& [link, l] : link_obj.items()) {
          ++report.rows_read;
          const std::uint64_t row = rec++;
          CommLinkRow r;
          r.from = {source, row};
          r.step = step;
          r.kind = kind;
          r.op_name = op_name;
          r.group = group;
          r.group_key = group_key;
          auto dash = link.find('-');
          auto src = dash == std::string::npos ? std::nullopt : parse_int_field(std::string_view(link).substr(0, dash));
          auto dst = dash == std::string::npos ? std::nullopt : parse_int_field(std::string_view(link).substr(dash + 1));
          if (!src || !dst || *src < 0 || *dst < 0 || *src > 1'000'000 || *dst > 1'000'000 || !l.is_object()) {
            report.reject({row, -1, -1, "link key is not 'src-dst' or its value is not an object"});
            continue;
          }
          r.src_rank = static_cast<int>(*src);
          r.dst_rank = static_cast<int>(*dst);
          if (auto t = l.find("Transport Type"); t != l.end() && t->is_string()) r.transport = *t;
          if (auto t = l.find("Op Name"); t != l.end() && t->is_string()) r.hccl_op_name = *t;
          r.transit_size_mb = json_number(l, "Transit Size(MB)");
          r.transit_ms = json_number(l, "Transit Time(ms)");
          r.bandwidth_gbps = json_number(l, "Bandwidth(GB/s)");
          links.push_back(std::move(r));
          ++report.events;
        }
      }
    }
  }
}

namespace {
// {op@group: {rank: {...}}} under a step, shared by both cluster layouts.
void read_cluster_ops(const json& ops_obj, const std::string& layout, const std::string& group_key,
                      const std::string& step, const std::string& kind, std::uint16_t source, std::uint64_t& rec,
                      std::vector<ClusterCommRow>& rows, FileReadReport& report) {
  for (auto& [key, by_rank] : ops_obj.items()) {
    if (is_total(key)) continue;
    if (!by_rank.is_object()) {
      ++report.rows_read;
      report.reject({rec++, -1, -1, "op entry is not an object"});
      continue;
    }
    auto [op_name, group] = split_op_key(key);
    for (auto& [rank, info] : by_rank.items()) {
      ++report.rows_read;
      const std::uint64_t row = rec++;
      ClusterCommRow r;
      r.from = {source, row};
      r.layout = layout;
      r.group_key = group_key;
      r.step = step;
      r.kind = kind;
      r.op_name = op_name;
      r.group = group;
      r.rank = rank;
      if (!info.is_object() || !fill_time_info(info, r)) {
        report.reject({row, -1, -1, "rank entry without a readable 'Communication Time Info'"});
        continue;
      }
      rows.push_back(std::move(r));
      ++report.events;
    }
  }
}
}  // namespace

void read_cluster_communication_json(InputBuffer& in, std::uint16_t source, std::vector<ClusterCommRow>& rows,
                                     FileReadReport& report) {
  report.path = in.name();
  report.format = kClusterCommFormat;
  json root = parse_json_input(in);
  require_object(root, in, "root");
  std::uint64_t rec = 0;
  // New layout: {"p2p": {"stepN": {op@group: {rank: {...}}}}, "(0, 1, ..., 7)": {"stepN": {...}}}: p2p
  // ops under "p2p", collectives under their group's rank tuple. Old layout: {"(0, 1)": {"step": ...}}
  // with every op under its rank tuple and the step literally "step".
  bool is_new = false;
  for (auto& [k, v] : root.items())
    if (k == "p2p" || k == "collective") is_new = true;
  report.notes.push_back(is_new ? "layout: new (p2p or group tuple -> stepN -> op -> rank)"
                                : "layout: old (group tuple -> step -> op -> rank)");
  for (auto& [k1, v1] : root.items()) {
    if (!v1.is_object()) continue;
    const bool kind_key = k1 == "p2p" || k1 == "collective";
    for (auto& [k2, v2] : v1.items()) {
      if (!v2.is_object()) continue;
      read_cluster_ops(v2, is_new ? "new" : "old", kind_key ? "" : k1, k2, kind_key ? k1 : "collective", source, rec,
                       rows, report);
    }
  }
}

void read_cluster_communication_matrix_json(InputBuffer& in, std::uint16_t source, std::vector<CommLinkRow>& links,
                                            FileReadReport& report) {
  read_communication_matrix_json(in, source, links, report);
  report.format = kClusterMatrixFormat;
}

}  // namespace llmsa::trace::ascend
