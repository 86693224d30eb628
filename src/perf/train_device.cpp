#include "perf/train_device.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "core/error.hpp"

namespace llmsa::perf {

const char* primitive_name(Primitive p) {
  switch (p) {
    case Primitive::kAllReduce: return "all_reduce";
    case Primitive::kAllGather: return "all_gather";
    case Primitive::kReduceScatter: return "reduce_scatter";
    case Primitive::kAllToAll: return "all_to_all";
    case Primitive::kP2p: return "p2p";
  }
  return "p2p";
}

namespace {

const nlohmann::json& efficiency_data() {
  static const nlohmann::json data = nlohmann::json::parse(require_embedded_file("training/link_efficiency.json"));
  return data;
}

std::array<double, kPrimitiveCount> read_tier(const nlohmann::json& j, double scale) {
  std::array<double, kPrimitiveCount> out{};
  for (int i = 0; i < kPrimitiveCount; ++i) out[i] = j.at(primitive_name(static_cast<Primitive>(i))).get<double>() * scale;
  return out;
}

double figure(const hw::Device& d, const char* key, double fallback) {
  if (!d.methodology) return fallback;
  auto it = d.methodology->values.find(key);
  return it == d.methodology->values.end() ? fallback : it->second;
}

}  // namespace

TrainDevice train_device(const hw::Device& d, bool methodology_figures) {
  const auto& data = efficiency_data();
  TrainDevice t;
  t.name = d.name;
  auto peak = d.dense_flops(hw::Dtype::kBf16);
  if (!peak) throw_bad_input({}, fmt::format("{} has no BF16 compute figure in the hardware database", d.name));
  t.peak_flops = *peak;
  t.capacity_bytes = d.memory_capacity_bytes.value;
  if (methodology_figures) {
    t.peak_flops = figure(d, "bf16_tflops", t.peak_flops / 1e12) * 1e12;
    t.capacity_bytes = figure(d, "hbm_capacity_gb", figure(d, "hbm_capacity_gb_part6", t.capacity_bytes / 1e9)) * 1e9;
  }
  t.compute_efficiency = data.at("compute_efficiency").at("value").get<double>();
  t.recompute_full_overhead = data.at("recompute_overhead_full").at("value").get<double>();
  t.dp_overlap = data.at("dp_overlap_fraction").at("value").get<double>();
  t.pcie_bytes_per_s = data.at("pcie").at("gb_per_s").get<double>() * 1e9;
  t.cpu_adam_params_per_s = data.at("pcie").at("cpu_adam_params_per_s").get<double>();
  t.scale_up.name = d.scale_up ? d.scale_up->name : "none";
  t.scale_out.name = d.scale_out ? d.scale_out->name : "none";
  for (const auto& e : data.at("devices")) {
    if (e.at("device").get<std::string>() != d.name) continue;
    t.scale_up_domain = e.at("scale_up_domain").get<int>();
    t.scale_up.bytes_per_s = read_tier(e.at("scale_up"), 1e9);
    t.scale_out.bytes_per_s = read_tier(e.at("scale_out"), 1e9);
    t.source = fmt::format("{} | {}", e.at("scale_up").at("source").get<std::string>(),
                           e.at("scale_out").at("source").get<std::string>());
    return t;
  }
  // No cited effective figures: the database link (per direction) times the default fractions.
  const auto& f = data.at("default_fractions");
  double up = d.scale_up ? d.scale_up->per_direction_bytes_per_s() : 0;
  double out = d.scale_out ? d.scale_out->per_direction_bytes_per_s() : up;
  if (up <= 0) up = out;
  if (up <= 0) throw_bad_input({}, fmt::format("{} has no scale-up or scale-out link in the hardware database", d.name));
  t.scale_up.bytes_per_s = read_tier(f.at("scale_up"), up);
  t.scale_out.bytes_per_s = read_tier(f.at("scale_out"), out > 0 ? out : up);
  t.scale_up_domain = 8;
  t.source = fmt::format("{} link figures x default fractions ({}); scale-up domain assumed 8 cards", d.name,
                         f.at("source").get<std::string>());
  return t;
}

}  // namespace llmsa::perf
