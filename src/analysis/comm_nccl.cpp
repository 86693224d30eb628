#include "analysis/comm_nccl.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <tuple>

namespace llmsa::analysis {

namespace {
std::string fold(std::string_view s) {
  std::string o;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) o.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return o;
}
std::optional<std::int64_t> to_int(std::string_view s) {
  // Kineto writes integers, sometimes as floats ("8.0"): accept the integral part of a finite number.
  double d = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || !std::isfinite(d)) return std::nullopt;
  return static_cast<std::int64_t>(d);
}
}  // namespace

std::optional<int> dtype_bytes(std::string_view dtype) {
  const std::string d = fold(dtype);
  if (d == "bfloat16" || d == "half" || d == "float16" || d == "short" || d == "int16") return 2;
  if (d == "float" || d == "float32" || d == "int" || d == "int32") return 4;
  if (d == "double" || d == "float64" || d == "long" || d == "int64" || d == "complexfloat") return 8;
  if (d == "byte" || d == "char" || d == "bool" || d == "uint8" || d == "int8" || d.rfind("float8", 0) == 0) return 1;
  return std::nullopt;
}

std::optional<double> busbw_factor(std::string_view collective, int n) {
  if (n < 1) return std::nullopt;
  const std::string c = fold(collective);
  const double nn = n;
  if (c.find("allreduce") != std::string::npos) return 2.0 * (nn - 1) / nn;
  if (c.find("allgather") != std::string::npos || c.find("reducescatter") != std::string::npos ||
      c.find("alltoall") != std::string::npos)
    return (nn - 1) / nn;
  if (c.find("broadcast") != std::string::npos || c == "reduce" || c.find("send") != std::string::npos ||
      c.find("recv") != std::string::npos)
    return 1.0;
  return std::nullopt;
}

NcclSummary summarize_nccl(const trace::RankEvents& ev) {
  NcclSummary out;
  out.rank = ev.rank;
  auto key_id = [&](std::string_view k) { return ev.strings.find(k); };
  const StringId k_coll = key_id("Collective name");
  if (k_coll == StringPool::kNotFound) return out;
  const StringId k_in = key_id("In msg nelems"), k_out = key_id("Out msg nelems"), k_gs = key_id("Group size"),
                 k_dt = key_id("dtype"), k_pg = key_id("Process Group Name"), k_pgr = key_id("Process Group Ranks"),
                 k_ins = key_id("In split size"), k_outs = key_id("Out split size");

  struct Args {
    std::string_view coll, in, outn, gs, dt, pg, pgr, ins, outs;
  };
  using Key = std::tuple<std::string, std::string, std::string, std::int64_t, std::int64_t, std::string, std::string, int, int>;
  std::map<Key, NcclCollectiveGroup> groups;
  std::map<Key, std::vector<double>> durs;

  const auto& a = ev.args;
  for (std::size_t r = 0; r < a.event.size();) {
    const std::uint32_t e = a.event[r];
    Args g;
    bool has_coll = false;
    for (; r < a.event.size() && a.event[r] == e; ++r) {
      const StringId k = a.key[r];
      const std::string_view v = ev.strings.view(a.value[r]);
      if (k == k_coll) g.coll = v, has_coll = true;
      else if (k == k_in) g.in = v;
      else if (k == k_out) g.outn = v;
      else if (k == k_gs) g.gs = v;
      else if (k == k_dt) g.dt = v;
      else if (k == k_pg) g.pg = v;
      else if (k == k_pgr) g.pgr = v;
      else if (k == k_ins) g.ins = v;
      else if (k == k_outs) g.outs = v;
    }
    // Only device kernels: the host op record_param_comms carries the same args but no GPU time.
    if (!has_coll || e >= ev.size() || ev.side[e] != trace::Side::kDevice || ev.dur_ns[e] == trace::kMissing) continue;
    ++out.collective_events;
    const auto in = to_int(g.in), outn = to_int(g.outn), gs = to_int(g.gs);
    if (!in && !outn) ++out.events_without_size;
    Key key{std::string(g.pg), std::string(g.coll), std::string(g.dt), in.value_or(0), outn.value_or(0),
            std::string(g.ins), std::string(g.outs), static_cast<int>(gs.value_or(0)), ev.stream[e]};
    auto& grp = groups[key];
    if (grp.count == 0) {
      grp.process_group = g.pg;
      grp.process_group_ranks = g.pgr;
      grp.collective = g.coll;
      grp.dtype = g.dt;
      grp.group_size = static_cast<int>(gs.value_or(0));
      grp.in_nelems = in.value_or(0);
      grp.out_nelems = outn.value_or(0);
      grp.in_split = g.ins;
      grp.out_split = g.outs;
      grp.stream = ev.stream[e];
    }
    ++grp.count;
    grp.events.push_back(e);
    durs[key].push_back(static_cast<double>(ev.dur_ns[e]) / 1000.0);
  }
  for (auto& [key, g] : groups) {
    const auto& d = durs[key];
    g.dur_min_us = d.front();
    g.dur_max_us = d.front();
    for (double x : d) {
      g.dur_sum_us += x;
      g.dur_min_us = std::min(g.dur_min_us, x);
      g.dur_max_us = std::max(g.dur_max_us, x);
    }
    g.dur_mean_us = g.dur_sum_us / static_cast<double>(d.size());
    if (d.size() > 1) {
      double ss = 0;
      for (double x : d) ss += (x - g.dur_mean_us) * (x - g.dur_mean_us);
      g.dur_std_us = std::sqrt(ss / static_cast<double>(d.size() - 1));
    }
    if (const auto b = dtype_bytes(g.dtype)) {
      g.in_msg_mb = static_cast<double>(g.in_nelems) * *b / 1048576.0;
      g.out_msg_mb = static_cast<double>(g.out_nelems) * *b / 1048576.0;
      const double bytes = static_cast<double>(std::max(g.in_nelems, g.out_nelems)) * *b;
      if (g.dur_mean_us > 0 && bytes > 0) {
        g.algbw_gbps = bytes / (g.dur_mean_us * 1e-6) / 1e9;
        if (const auto f = busbw_factor(g.collective, g.group_size)) g.busbw_gbps = *g.algbw_gbps * *f;
      }
    }
    out.groups.push_back(std::move(g));
  }
  return out;
}

}  // namespace llmsa::analysis
