// Reader for hardware JSON documents. Strict on purpose: an unknown key is a typo that would
// otherwise silently leave a figure at its default, and a sparse peak filed as dense is the most
// common error in peer tools' tables (modeling-tools.md §1.4, §5), so it is checked here.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "core/json_document.hpp"
#include "core/error_location.hpp"
#include "hw/hardware_db.hpp"

namespace llmsa::hw {

namespace {

using nlohmann::json;

constexpr std::string_view kSchema = "llmsa.hardware/1";

class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw_bad_input(at(origin_, path), message);
  }

  const json& member(const json& obj, const std::string& path, std::string_view key) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail(path + "." + std::string(key), "required field is missing");
    return *it;
  }

  void only_keys(const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) const {
    if (!obj.is_object()) fail(path, fmt::format("expected an object, found {}", obj.type_name()));
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (auto a : allowed) ok = ok || it.key() == a;
      if (!ok) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(path + "." + it.key(), fmt::format("unknown field (expected one of: {})", list));
      }
    }
  }

  std::string string(const json& obj, const std::string& path, std::string_view key, bool required = true) const {
    auto it = obj.find(key);
    std::string p = path + "." + std::string(key);
    if (it == obj.end()) {
      if (required) fail(p, "required field is missing");
      return {};
    }
    if (!it->is_string()) fail(p, fmt::format("expected a string, found {}", it->type_name()));
    auto s = it->get<std::string>();
    if (required && s.empty()) fail(p, "must not be empty");
    return s;
  }

  double positive(const json& obj, const std::string& path, std::string_view key) const {
    std::string p = path + "." + std::string(key);
    const json& v = member(obj, path, key);
    if (!v.is_number()) fail(p, fmt::format("expected a number, found {}", v.type_name()));
    double d = v.get<double>();
    if (!std::isfinite(d) || d <= 0) fail(p, fmt::format("expected a positive number, found {}", d));
    return d;
  }

  int positive_int(const json& obj, const std::string& path, std::string_view key) const {
    std::string p = path + "." + std::string(key);
    const json& v = member(obj, path, key);
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > 1'000'000)
      fail(p, "expected a positive integer");
    return static_cast<int>(v.get<std::int64_t>());
  }

  Confidence confidence(const json& obj, const std::string& path) const {
    auto s = string(obj, path, "confidence", false);
    if (s.empty() || s == "vendor") return Confidence::kVendor;
    if (s == "reference") return Confidence::kReference;
    if (s == "derived") return Confidence::kDerived;
    if (s == "estimate") return Confidence::kEstimate;
    fail(path + ".confidence", fmt::format("expected vendor, reference, derived or estimate, found '{}'", s));
  }

  // {"value": x, "source": "...", "confidence": "...", "note": "..."} scaled by `unit`.
  Figure figure(const json& obj, const std::string& path, double unit) const {
    only_keys(obj, path, {"value", "source", "confidence", "note"});
    Figure f;
    f.value = positive(obj, path, "value") * unit;
    f.source = string(obj, path, "source");
    f.confidence = confidence(obj, path);
    f.note = string(obj, path, "note", false);
    return f;
  }

  ComputePeak compute(const json& obj, const std::string& path) const {
    only_keys(obj, path, {"dense_tflops", "sparse_tflops", "source", "confidence", "note"});
    ComputePeak c;
    c.dense_flops.value = positive(obj, path, "dense_tflops") * 1e12;
    c.dense_flops.source = string(obj, path, "source");
    c.dense_flops.confidence = confidence(obj, path);
    c.dense_flops.note = string(obj, path, "note", false);
    if (obj.contains("sparse_tflops")) {
      double sparse = positive(obj, path, "sparse_tflops") * 1e12;
      // 2:4 structured sparsity doubles the peak on every device that quotes it. A "dense" figure
      // that is not half the sparse one means one of them was copied from the wrong column.
      double ratio = sparse / c.dense_flops.value;
      if (std::fabs(ratio - 2.0) > 0.02)
        fail(path + ".sparse_tflops",
             fmt::format("sparse peak must be 2x the dense peak (2:4 structured sparsity); found {:.4g}x. "
                         "Is a sparse figure filed as dense?",
                         ratio));
      c.sparse_flops = sparse;
    }
    return c;
  }

  Link link(const json& obj, const std::string& path) const {
    only_keys(obj, path, {"name", "gb_per_s", "direction", "source", "confidence", "note"});
    Link l;
    l.name = string(obj, path, "name");
    l.stated_bytes_per_s = positive(obj, path, "gb_per_s") * 1e9;
    auto dir = string(obj, path, "direction");
    if (dir == "per_direction") l.stated_as = LinkDirection::kPerDirection;
    else if (dir == "bidirectional") l.stated_as = LinkDirection::kBidirectional;
    else fail(path + ".direction", fmt::format("expected per_direction or bidirectional, found '{}'", dir));
    l.source = string(obj, path, "source");
    l.confidence = confidence(obj, path);
    l.note = string(obj, path, "note", false);
    return l;
  }

  AscendCores ascend(const json& obj, const std::string& path) const {
    only_keys(obj, path, {"cube_cores", "vector_cores", "clock_ghz", "source"});
    AscendCores a;
    a.cube_cores = positive_int(obj, path, "cube_cores");
    a.vector_cores = positive_int(obj, path, "vector_cores");
    if (obj.contains("clock_ghz")) a.clock_hz = positive(obj, path, "clock_ghz") * 1e9;
    a.source = string(obj, path, "source");
    return a;
  }

  MethodologyFigures methodology(const json& obj, const std::string& path) const {
    only_keys(obj, path, {"figures", "source"});
    MethodologyFigures m;
    const json& figs = member(obj, path, "figures");
    if (!figs.is_object() || figs.empty()) fail(path + ".figures", "expected a non-empty object of numbers");
    for (auto it = figs.begin(); it != figs.end(); ++it) m.values[it.key()] = positive(figs, path + ".figures", it.key());
    m.source = string(obj, path, "source");
    return m;
  }

  Device device(const json& obj, const std::string& path) const {
    only_keys(obj, path, {"name", "aliases", "vendor", "description", "compute", "memory", "scale_up",
                          "scale_out", "ascend", "methodology"});
    Device d;
    d.name = string(obj, path, "name");
    d.vendor = string(obj, path, "vendor");
    d.description = string(obj, path, "description", false);
    d.origin = origin_;
    if (auto it = obj.find("aliases"); it != obj.end()) {
      if (!it->is_array()) fail(path + ".aliases", "expected an array of strings");
      for (size_t i = 0; i < it->size(); ++i) {
        const json& a = (*it)[i];
        if (!a.is_string() || a.get<std::string>().empty())
          fail(fmt::format("{}.aliases[{}]", path, i), "expected a non-empty string");
        d.aliases.push_back(a.get<std::string>());
      }
    }
    const json& comp = member(obj, path, "compute");
    if (!comp.is_object() || comp.empty()) fail(path + ".compute", "expected an object keyed by format (bf16, fp8, ...)");
    for (auto it = comp.begin(); it != comp.end(); ++it) {
      std::string p = path + ".compute." + it.key();
      auto dt = parse_dtype(it.key());
      if (!dt) fail(p, "unknown format (expected fp32, tf32, bf16, fp16, fp8, int8, fp4 or int4)");
      d.compute[*dt] = compute(*it, p);
    }
    if (!d.compute.count(Dtype::kBf16) && !d.compute.count(Dtype::kFp16))
      fail(path + ".compute", "a device needs at least a bf16 or fp16 peak");

    const json& mem = member(obj, path, "memory");
    std::string mp = path + ".memory";
    only_keys(mem, mp, {"type", "capacity_gb", "bandwidth_gb_per_s"});
    d.memory_type = string(mem, mp, "type");
    d.memory_capacity_bytes = figure(member(mem, mp, "capacity_gb"), mp + ".capacity_gb", 1e9);
    d.memory_bandwidth_bytes_per_s = figure(member(mem, mp, "bandwidth_gb_per_s"), mp + ".bandwidth_gb_per_s", 1e9);

    if (auto it = obj.find("scale_up"); it != obj.end()) d.scale_up = link(*it, path + ".scale_up");
    if (auto it = obj.find("scale_out"); it != obj.end()) d.scale_out = link(*it, path + ".scale_out");
    if (auto it = obj.find("ascend"); it != obj.end()) d.ascend = ascend(*it, path + ".ascend");
    if (auto it = obj.find("methodology"); it != obj.end()) d.methodology = methodology(*it, path + ".methodology");
    return d;
  }

 private:
  std::string origin_;
};

}  // namespace

std::vector<Device> parse_hardware_json(std::string_view text, const std::string& origin) {
  json doc = parse_json_document(text, origin);
  Reader r(origin);
  r.only_keys(doc, "$", {"schema", "source", "devices"});
  auto schema = r.string(doc, "$", "schema");
  if (schema != kSchema) r.fail("$.schema", fmt::format("expected '{}', found '{}'", kSchema, schema));
  const json& devs = r.member(doc, "$", "devices");
  if (!devs.is_array()) r.fail("$.devices", "expected an array of devices");
  std::vector<Device> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < devs.size(); ++i) {
    std::string p = fmt::format("$.devices[{}]", i);
    Device d = r.device(devs[i], p);
    if (!seen.insert(d.name).second) r.fail(p + ".name", fmt::format("device '{}' appears twice in this file", d.name));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace llmsa::hw
