// communication.json and communication_matrix.json of a SynthRank (ascend-profiling.md C.7, C.8):
// per step "step{N}" -> "collective" -> "<op name>@<group hash>". Rows are counted the way
// src/trace/ascend/comm_json_readers.cpp counts them: steps, kinds and ops in the parser's key order,
// "Total Op Info" skipped.
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "synth/ascend_capture.hpp"

namespace llmsa::synth {

namespace {

double round_to(double v, double unit) { return std::round(v / unit) * unit; }

nlohmann::json bandwidth_block(double size_mb, double transit_ms) {
  auto block = [](double mb, double ms) {
    return nlohmann::json{{"Transit Size(MB)", mb},
                          {"Transit Time(ms)", ms},
                          {"Bandwidth(GB/s)", ms > 0 ? round_to(mb / ms, 1e-4) : 0.0},
                          {"Large Packet Ratio", 0.0},
                          {"Size Distribution", nlohmann::json::object()}};
  };
  // Intra-node ring over HCCS; SDMA aggregates HCCS and PCIE (C.7).
  return {{"RDMA", block(0, 0)}, {"HCCS", block(size_mb, transit_ms)}, {"PCIE", block(0, 0)},
          {"SDMA", block(size_mb, transit_ms)}, {"SIO", block(0, 0)}};
}

std::string op_key(const SynthTask& t) { return t.name + "@" + t.group; }

}  // namespace

WrittenFile write_communication_json(const std::filesystem::path& file, const SynthRank& r) {
  WrittenFile wf{file, "ascend.communication.json", {}};
  nlohmann::json root = nlohmann::json::object();
  std::map<std::string, std::string> tag_of;  // "step|key" -> tag
  std::map<std::int64_t, std::array<double, 4>> totals;  // step -> elapse, transit, wait, size
  for (const auto& t : r.tasks) {
    if (!t.collective) continue;
    const std::string step = "step" + std::to_string(t.step);
    const double elapse = static_cast<double>(t.dur_ns) / 1e6;
    const double sync = t.wait_ms * 0.98;
    const double idle = std::max(0.0, elapse - t.transit_ms - t.wait_ms);
    nlohmann::json info = {
        {"Start Timestamp(us)", static_cast<double>(t.start_ns) / 1000.0},
        {"Elapse Time(ms)", elapse},
        {"Transit Time(ms)", t.transit_ms},
        {"Wait Time(ms)", t.wait_ms},
        {"Synchronization Time(ms)", sync},
        {"Idle Time(ms)", idle},
        {"Wait Time Ratio", t.wait_ms + t.transit_ms > 0 ? round_to(t.wait_ms / (t.wait_ms + t.transit_ms), 1e-4) : 0.0},
        {"Synchronization Time Ratio", sync + t.transit_ms > 0 ? round_to(sync / (sync + t.transit_ms), 1e-4) : 0.0}};
    root[step]["p2p"] = nlohmann::json::object();
    root[step]["collective"][op_key(t)] = {{"Communication Time Info", info},
                                           {"Communication Bandwidth Info", bandwidth_block(t.size_mb, t.transit_ms)}};
    auto& tot = totals[t.step];
    tot[0] += elapse, tot[1] += t.transit_ms, tot[2] += t.wait_ms, tot[3] += t.size_mb;
    if (!t.tag.empty()) tag_of[step + "|" + op_key(t)] = t.tag;
  }
  for (const auto& [step, tot] : totals) {
    const double sync = tot[2] * 0.98;
    root["step" + std::to_string(step)]["collective"]["Total Op Info"] = {
        {"Communication Time Info",
         {{"Elapse Time(ms)", tot[0]},
          {"Transit Time(ms)", tot[1]},
          {"Wait Time(ms)", tot[2]},
          {"Synchronization Time(ms)", sync},
          {"Idle Time(ms)", std::max(0.0, tot[0] - tot[1] - tot[2])},
          {"Wait Time Ratio", tot[2] + tot[1] > 0 ? round_to(tot[2] / (tot[2] + tot[1]), 1e-4) : 0.0},
          {"Synchronization Time Ratio", sync + tot[1] > 0 ? round_to(sync / (sync + tot[1]), 1e-4) : 0.0}}},
        {"Communication Bandwidth Info", bandwidth_block(tot[3], tot[1])}};
  }
  // Record numbering exactly as the reader walks the parsed object.
  std::uint64_t rec = 0;
  for (auto& [step, by_kind] : root.items())
    for (auto& [kind, ops] : by_kind.items())
      for (auto& [key, op] : ops.items()) {
        if (key.rfind("Total", 0) == 0) continue;
        const std::uint64_t row = rec++;
        if (auto it = tag_of.find(step + "|" + key); it != tag_of.end()) wf.rows_by_tag[it->second].push_back(row);
      }
  write_text_file(file, root.dump() + "\n");
  return wf;
}

WrittenFile write_communication_matrix_json(const std::filesystem::path& file, const SynthRank& r) {
  WrittenFile wf{file, "ascend.communication_matrix.json", {}};
  nlohmann::json root = nlohmann::json::object();
  // Per step, the largest allreduce of this rank ("allreduce-top1") with one link to every group
  // member in local ranks; the link to itself is LOCAL (C.8).
  std::map<std::int64_t, const SynthTask*> top;
  for (const auto& t : r.tasks)
    if (t.collective && (!top.count(t.step) || t.transit_ms > top[t.step]->transit_ms)) top[t.step] = &t;
  for (const auto& [step, t] : top) {
    nlohmann::json links = nlohmann::json::object();
    for (int dst = 0; dst < r.world_size; ++dst) {
      const bool local = dst == r.rank;
      const double mb = local ? t->size_mb : t->size_mb / std::max(1, r.world_size - 1);
      const double ms = local ? t->transit_ms * 0.1 : t->transit_ms;
      links[std::to_string(r.rank) + "-" + std::to_string(dst)] = {
          {"Transport Type", local ? "LOCAL" : "HCCS"},
          {"Transit Size(MB)", mb},
          {"Transit Time(ms)", ms},
          {"Bandwidth(GB/s)", ms > 0 ? round_to(mb / ms, 1e-4) : 0.0},
          {"Op Name", t->name}};
    }
    root["step" + std::to_string(step)]["collective"]["allreduce-top1@" + t->group] = links;
    root["step" + std::to_string(step)]["p2p"] = nlohmann::json::object();
  }
  write_text_file(file, root.dump() + "\n");
  return wf;
}

}  // namespace llmsa::synth
