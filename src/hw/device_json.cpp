#include "hw/device_json.hpp"

namespace llmsa::hw {

namespace {
using nlohmann::json;

json figure_json(const Figure& f, const char* unit) {
  json j = {{"value", f.value}, {"unit", unit}, {"source", f.source}, {"confidence", confidence_name(f.confidence)}};
  if (!f.note.empty()) j["note"] = f.note;
  return j;
}

json link_json(const Link& l) {
  json j = {{"name", l.name},
            {"per_direction_bytes_per_s", l.per_direction_bytes_per_s()},
            {"bidirectional_bytes_per_s", l.bidirectional_bytes_per_s()},
            {"stated_as", l.stated_as == LinkDirection::kPerDirection ? "per_direction" : "bidirectional"},
            {"source", l.source},
            {"confidence", confidence_name(l.confidence)}};
  if (!l.note.empty()) j["note"] = l.note;
  return j;
}
}  // namespace

json device_to_json(const Device& d) {
  json j;
  j["name"] = d.name;
  j["aliases"] = d.aliases;
  j["vendor"] = d.vendor;
  j["description"] = d.description;
  j["origin"] = d.origin;
  json comp = json::object();
  for (const auto& [dt, peak] : d.compute) {
    json c = figure_json(peak.dense_flops, "flop_per_s");
    if (peak.sparse_flops) c["sparse_2to4_flop_per_s"] = *peak.sparse_flops;
    comp[std::string(dtype_name(dt))] = c;
  }
  j["dense_peak"] = comp;
  json ridge = json::object();
  for (const auto& [dt, peak] : d.compute) ridge[std::string(dtype_name(dt))] = *d.ridge_point(dt);
  j["ridge_flop_per_byte"] = ridge;
  j["memory"] = {{"type", d.memory_type},
                 {"capacity", figure_json(d.memory_capacity_bytes, "bytes")},
                 {"bandwidth", figure_json(d.memory_bandwidth_bytes_per_s, "bytes_per_s")}};
  j["scale_up"] = d.scale_up ? link_json(*d.scale_up) : json(nullptr);
  j["scale_out"] = d.scale_out ? link_json(*d.scale_out) : json(nullptr);
  if (d.ascend) {
    json a = {{"cube_cores", d.ascend->cube_cores}, {"vector_cores", d.ascend->vector_cores}, {"source", d.ascend->source}};
    if (d.ascend->clock_hz) a["clock_hz"] = *d.ascend->clock_hz;
    j["ascend"] = a;
  }
  if (d.methodology) j["methodology"] = {{"figures", d.methodology->values}, {"source", d.methodology->source}};
  return j;
}

}  // namespace llmsa::hw
