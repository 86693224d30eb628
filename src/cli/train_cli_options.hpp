#pragma once
// Flags shared by `llmsa train` and `llmsa plan`: the model, the device, and the training options
// that do not change the layout (optimizer, offload, fine-tuning, conventions).
#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/subcommand.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "hw/hardware_db.hpp"
#include "model/config_reader.hpp"
#include "perf/train_device.hpp"
#include "perf/train_layout.hpp"
#include "perf/train_model.hpp"

namespace llmsa::cli {

struct TrainCliOptions {
  std::string model;
  std::string device = "H100";
  std::vector<std::string> hw_files;
  std::string optimizer = "adamw";
  std::string finetune = "full";
  std::string conventions = "megatron";
  bool methodology_figures = false;
  int lora_rank = 16;
  double lora_modules = 1.0;
  bool offload_optimizer = false, offload_params = false, offload_activations = false;
  double usable_fraction = 1.0;
  double activation_coefficient = 34;
  std::int64_t seq = 8192;

  void add(CLI::App* sub) {
    sub->add_option("model", model, "config.json, a folder holding one, or a preset name")->required();
    sub->add_option("--device", device, "Device from the hardware database")->capture_default_str();
    sub->add_option("--hw-file", hw_files, "Extra hardware JSON");
    sub->add_option("--seq", seq, "Tokens per sequence")->capture_default_str()->check(CLI::Range(1, 1 << 30));
    sub->add_option("--optimizer", optimizer, "adamw, muon, adafactor, fp8-adam, sgd-momentum")->capture_default_str();
    sub->add_option("--finetune", finetune, "full, lora, qlora")->capture_default_str();
    sub->add_option("--lora-rank", lora_rank, "LoRA rank r")->capture_default_str()->check(CLI::Range(1, 1 << 16));
    sub->add_option("--lora-modules", lora_modules, "LoRA module multiplier: QKVO 1, +FFN 2.5, all linear 3.5")
        ->capture_default_str();
    sub->add_flag("--offload-optimizer", offload_optimizer, "Optimizer states on the host (PCIe traffic per step)");
    sub->add_flag("--offload-params", offload_params, "Parameters on the host");
    sub->add_flag("--offload-activations", offload_activations, "Activations on the host");
    sub->add_option("--activation-coefficient", activation_coefficient, "Korthikanti C_act: 34 BF16, 17 FP8")
        ->capture_default_str();
    sub->add_option("--usable-fraction", usable_fraction, "Share of card memory a layout may use")
        ->capture_default_str()->check(CLI::Range(0.01, 1.0));
    sub->add_option("--conventions", conventions,
                    "megatron (physical counts) or methodology (methodology.md Part 5-6 counting, for its worked examples)")
        ->capture_default_str();
    sub->add_flag("--methodology-figures", methodology_figures,
                  "Use the methodology's rounded device figures (H100 989 TFLOPS; 910C 800 TFLOPS, 128 GB)");
  }

  perf::TrainOptions options() const {
    perf::TrainOptions o;
    auto opt = perf::parse_optimizer(optimizer);
    if (!opt) throw_bad_input(at("", "--optimizer"), fmt::format("unknown optimizer '{}'", optimizer));
    o.optimizer = *opt;
    auto ft = perf::parse_finetune(finetune);
    if (!ft) throw_bad_input(at("", "--finetune"), fmt::format("unknown fine-tuning mode '{}'", finetune));
    o.finetune = *ft;
    auto c = perf::parse_conventions(conventions);
    if (!c) throw_bad_input(at("", "--conventions"), fmt::format("unknown conventions '{}'", conventions));
    o.conventions = *c;
    o.lora_rank = lora_rank;
    o.lora_module_multiplier = lora_modules;
    o.offload_optimizer = offload_optimizer;
    o.offload_params = offload_params;
    o.offload_activations = offload_activations;
    o.usable_memory_fraction = usable_fraction;
    o.activation_coefficient = activation_coefficient;
    return o;
  }

  perf::TrainDevice train_device() const {
    hw::HardwareDb db = hw::HardwareDb::builtin();
    for (const auto& f : hw_files) db.merge_file(f);
    return perf::train_device(db.require(device), methodology_figures);
  }

  perf::TrainModel train_model() const { return perf::train_model_from_spec(model::load_model(model), seq); }
};

}  // namespace llmsa::cli
