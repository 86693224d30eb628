#pragma once
// config.json -> ModelSpec. Accepts a HuggingFace config.json (nested text_config /
// vision_config understood, unknown fields ignored), a folder holding one, or the name of a
// built-in preset (data/models/*.json, case-insensitive). Unknown architectures are refused
// with the list of supported ones; every bad field is named with its file (exit code 2).
#include <string>
#include <string_view>
#include <vector>

#include "model/model_spec.hpp"

namespace llmsa::model {

// Parses the text of a config.json. `file` names it in errors; `name` becomes ModelSpec::name.
ModelSpec read_model_config(std::string_view json_text, const std::string& file, const std::string& name);

// A file, a folder holding config.json, or a preset name.
ModelSpec load_model(const std::string& path_or_preset);

// Built-in preset names (file stems under data/models/), sorted.
std::vector<std::string> preset_names();

// The model_type values the reader understands, sorted.
std::vector<std::string> supported_model_types();

}  // namespace llmsa::model
