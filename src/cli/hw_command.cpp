// llmsa hw: list or show the devices of the hardware database (built-in plus --file additions).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "hw/device_json.hpp"
#include "hw/hardware_db.hpp"

namespace llmsa::cli {
namespace {

std::string tflops(const hw::Device& d, hw::Dtype t) {
  auto v = d.dense_flops(t);
  return v ? fmt::format("{:.1f}", *v / 1e12) : "-";
}

std::string link_cell(const std::optional<hw::Link>& l) {
  if (!l) return "-";
  return fmt::format("{} {:.0f}", l->name, l->per_direction_bytes_per_s() / 1e9);
}

void print_list(const hw::HardwareDb& db) {
  fmt::print("{:<16} {:<7} {:>8} {:>8} {:>8} {:>8} {:>7} {:>8}  {:<28} {}\n", "device", "vendor", "bf16", "fp16",
             "fp8", "fp4", "mem_GB", "mem_GB/s", "scale-up GB/s/dir", "scale-out GB/s/dir");
  for (const auto& d : db.devices()) {
    fmt::print("{:<16} {:<7} {:>8} {:>8} {:>8} {:>8} {:>7.0f} {:>8.0f}  {:<28} {}\n", d.name, d.vendor,
               tflops(d, hw::Dtype::kBf16), tflops(d, hw::Dtype::kFp16), tflops(d, hw::Dtype::kFp8),
               tflops(d, hw::Dtype::kFp4), d.memory_capacity_bytes.value / 1e9,
               d.memory_bandwidth_bytes_per_s.value / 1e9, link_cell(d.scale_up), link_cell(d.scale_out));
  }
  fmt::print("\nDense peaks in TFLOPS (TOPS for int); never 2:4-sparse figures. Links per direction.\n");
}

void print_link(const char* what, const std::optional<hw::Link>& l) {
  if (!l) {
    fmt::print("{:<10} none\n", what);
    return;
  }
  fmt::print("{:<10} {}: {:.0f} GB/s per direction, {:.0f} GB/s bidirectional (published as {})  [{}] {}\n", what,
             l->name, l->per_direction_bytes_per_s() / 1e9, l->bidirectional_bytes_per_s() / 1e9,
             l->stated_as == hw::LinkDirection::kPerDirection ? "per direction" : "bidirectional",
             hw::confidence_name(l->confidence), l->source);
  if (!l->note.empty()) fmt::print("{:<10}   note: {}\n", "", l->note);
}

void print_show(const hw::Device& d) {
  fmt::print("{} ({}) — {}\norigin: {}\n", d.name, d.vendor, d.description, d.origin);
  if (!d.aliases.empty()) fmt::print("aliases: {}\n", fmt::join(d.aliases, ", "));
  fmt::print("\ndense peak:\n");
  for (const auto& [t, p] : d.compute) {
    fmt::print("  {:<5} {:>8.1f} T{}/s  ridge {:>6.1f} FLOP/B  [{}] {}\n", hw::dtype_name(t), p.dense_flops.value / 1e12,
               (t == hw::Dtype::kInt8 || t == hw::Dtype::kInt4) ? "OP" : "FLOP", *d.ridge_point(t),
               hw::confidence_name(p.dense_flops.confidence), p.dense_flops.source);
    if (p.sparse_flops) fmt::print("        (2:4 sparse {:.1f}, not used)\n", *p.sparse_flops / 1e12);
    if (!p.dense_flops.note.empty()) fmt::print("        note: {}\n", p.dense_flops.note);
  }
  fmt::print("\nmemory: {} {:.0f} GB [{}] {}\n", d.memory_type, d.memory_capacity_bytes.value / 1e9,
             hw::confidence_name(d.memory_capacity_bytes.confidence), d.memory_capacity_bytes.source);
  if (!d.memory_capacity_bytes.note.empty()) fmt::print("  note: {}\n", d.memory_capacity_bytes.note);
  fmt::print("bandwidth: {:.0f} GB/s [{}] {}\n", d.memory_bandwidth_bytes_per_s.value / 1e9,
             hw::confidence_name(d.memory_bandwidth_bytes_per_s.confidence), d.memory_bandwidth_bytes_per_s.source);
  if (!d.memory_bandwidth_bytes_per_s.note.empty()) fmt::print("  note: {}\n", d.memory_bandwidth_bytes_per_s.note);
  fmt::print("\n");
  print_link("scale-up", d.scale_up);
  print_link("scale-out", d.scale_out);
  if (d.ascend) {
    fmt::print("\nAI cores: {} Cube, {} Vector", d.ascend->cube_cores, d.ascend->vector_cores);
    if (d.ascend->clock_hz) fmt::print(", {:.2f} GHz", *d.ascend->clock_hz / 1e9);
    fmt::print("  ({})\n", d.ascend->source);
  }
  if (d.methodology) {
    fmt::print("\nfigures the methodology's worked examples use ({}):\n", d.methodology->source);
    for (const auto& [k, v] : d.methodology->values) fmt::print("  {} = {}\n", k, v);
  }
}

class HwCommand : public Subcommand {
 public:
  CLI::App* define(CLI::App& app) override {
    auto* sub = app.add_subcommand("hw", "Hardware database: dense peaks, memory, links, each with its source");
    sub->add_option("action", action_, "list or show")->check(CLI::IsMember({"list", "show"}))->capture_default_str();
    sub->add_option("name", name_, "Device name or alias (for show)");
    sub->add_option("--file", files_, "Extra hardware JSON (same schema) adding or overriding devices; repeatable");
    add_format_option(sub, format_, {"table", "json"});
    sub->footer(
        "Examples:\n"
        "  llmsa hw list\n"
        "  llmsa hw show H100 --format json\n"
        "  llmsa hw list --file my_cluster.json   # {\"schema\": \"llmsa.hardware/1\", \"devices\": [...]}");
    return sub;
  }

  int run() override {
    hw::HardwareDb db = hw::HardwareDb::builtin();
    for (const auto& f : files_) db.merge_file(f);
    if (action_ == "show") {
      if (name_.empty()) throw_bad_input(at("", "name"), "hw show needs a device name (see llmsa hw list)");
      const hw::Device& d = db.require(name_);
      if (format_ == "json") fmt::print("{}\n", hw::device_to_json(d).dump(2));
      else print_show(d);
      return 0;
    }
    if (format_ == "json") {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : db.devices()) arr.push_back(hw::device_to_json(d));
      fmt::print("{}\n", nlohmann::json{{"devices", arr}}.dump(2));
    } else {
      print_list(db);
    }
    return 0;
  }

 private:
  std::string action_ = "list";
  std::string name_;
  std::vector<std::string> files_;
  std::string format_;
};

const bool kRegistered = register_subcommand("hw", [] { return std::make_unique<HwCommand>(); });

}  // namespace
}  // namespace llmsa::cli
