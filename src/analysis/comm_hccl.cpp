#include "analysis/comm_hccl.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace llmsa::analysis {

namespace {
std::string lower(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return u;
}
bool starts(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

double nearest_rank(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
}
}  // namespace

std::string hccl_op_kind(std::string_view op_name_or_type) {
  const std::string s = lower(op_name_or_type);
  // A.5's prefixes (HCOM_ALLREDUCE_ ...), compared case-insensitively; DB exports drop the prefix.
  for (std::string_view p : {"hcom_", "hccl_"})
    if (starts(s, p)) {
      const std::string rest = s.substr(p.size());
      if (starts(rest, "allreduce")) return "allreduce";
      if (starts(rest, "allgather")) return "allgather";
      if (starts(rest, "reducescatter")) return "reducescatter";
      if (starts(rest, "alltoall")) return "alltoallv";
      if (starts(rest, "broadcast")) return "broadcast";
      if (starts(rest, "send") || starts(rest, "receive") || starts(rest, "batchput") || starts(rest, "batchsendrecv"))
        return "send_recv";
      if (starts(rest, "barrier")) return "barrier";
      if (starts(rest, "reduce")) return "reduce";
      return "other";
    }
  return "other";
}

bool is_total_entry(std::string_view op_name) { return lower(op_name).rfind("total", 0) == 0; }

HcclSummary summarize_hccl(const trace::RankProfile& rank, const hw::Device* device) {
  HcclSummary out;
  out.rank = rank.events.rank;
  out.available = !rank.comm_ops.empty();

  std::map<std::string, HcclKindSummary> kinds;
  std::map<std::string, std::vector<double>> elapses;
  for (const auto& op : rank.comm_ops) {
    if (is_total_entry(op.op_name)) continue;
    const std::string k = hccl_op_kind(op.op_name);
    auto& s = kinds[k];
    s.kind = k;
    ++s.calls;
    s.elapse_ms += op.elapse_ms.value_or(0);
    s.transit_ms += op.transit_ms.value_or(0);
    s.wait_ms += op.wait_ms.value_or(0);
    s.sync_ms += op.sync_ms.value_or(0);
    s.idle_ms += op.idle_ms.value_or(0);
    if (op.elapse_ms) elapses[k].push_back(*op.elapse_ms);
    s.rows.push_back(op.from);
  }
  for (auto& [k, s] : kinds) {
    s.elapse_p50_ms = nearest_rank(elapses[k], 0.5);
    s.elapse_p90_ms = nearest_rank(elapses[k], 0.9);
    s.elapse_max_ms = elapses[k].empty() ? 0 : *std::max_element(elapses[k].begin(), elapses[k].end());
    s.wait_share = s.elapse_ms > 0 ? s.wait_ms / s.elapse_ms : 0;
    out.kinds.push_back(std::move(s));
  }

  std::map<std::string, TransportBandwidth> tr;
  for (const auto& b : rank.comm_bandwidth) {
    if (is_total_entry(b.op_name)) continue;
    const double size = b.transit_size_mb.value_or(0), time = b.transit_ms.value_or(0);
    if (size <= 0 && time <= 0) continue;  // transport unused by this op
    auto& t = tr[b.transport];
    t.transport = b.transport;
    ++t.ops;
    t.transit_size_mb += size;
    t.transit_ms += time;
    t.rows.push_back(b.from);
  }
  for (auto& [name, t] : tr) {
    if (t.transit_ms > 0) t.bandwidth_gbps = t.transit_size_mb / t.transit_ms;
    if (device) {
      const std::optional<hw::Link>* link = nullptr;
      if (name == "HCCS" || name == "SIO" || name == "SDMA") link = &device->scale_up;
      else if (name == "RDMA") link = &device->scale_out;
      else if (name == "PCIE" && device->scale_up && device->scale_up->name.find("PCIe") != std::string::npos)
        link = &device->scale_up;
      if (link && link->has_value()) {
        // The profiler's figure is one direction of one op's traffic: compare per direction.
        t.expected_gbps = (*link)->per_direction_bytes_per_s() / 1e9;
        t.expected_link = (*link)->name;
        if (t.bandwidth_gbps && *t.expected_gbps > 0) t.utilization = *t.bandwidth_gbps / *t.expected_gbps;
      }
    }
    out.transports.push_back(std::move(t));
  }

  std::map<std::tuple<std::string, int, int>, LinkFigure> links;
  for (const auto& l : rank.comm_links) {
    if (is_total_entry(l.op_name)) continue;
    auto& f = links[{l.transport, l.src_rank, l.dst_rank}];
    f.transport = l.transport;
    f.src_rank = l.src_rank;
    f.dst_rank = l.dst_rank;
    ++f.ops;
    f.transit_size_mb += l.transit_size_mb.value_or(0);
    f.transit_ms += l.transit_ms.value_or(0);
    f.rows.push_back(l.from);
  }
  for (auto& [key, f] : links) {
    if (f.transit_ms > 0) f.bandwidth_gbps = f.transit_size_mb / f.transit_ms;
    out.links.push_back(std::move(f));
  }
  return out;
}

}  // namespace llmsa::analysis
