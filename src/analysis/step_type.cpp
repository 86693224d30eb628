#include "analysis/step_type.hpp"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "analysis/kernel_classifier.hpp"
#include "analysis/structure_events.hpp"
#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "core/json_document.hpp"

namespace llmsa::analysis {

struct StepTypeRules::Rule {
  std::string id;
  std::uint16_t flag = 0;
  bool host = false, attention_only = false;
  std::vector<std::string> name_any, op_type_any, none;
};

StepTypeRules::StepTypeRules() = default;
StepTypeRules::~StepTypeRules() = default;
StepTypeRules::StepTypeRules(StepTypeRules&&) noexcept = default;
StepTypeRules& StepTypeRules::operator=(StepTypeRules&&) noexcept = default;

namespace {

bool contains_any(const std::string& text, const std::vector<std::string>& tokens) {
  for (const auto& t : tokens)
    if (text.find(t) != std::string::npos) return true;
  return false;
}

}  // namespace

StepTypeRules StepTypeRules::from_json(std::string_view json, const std::string& file) {
  try {
    const nlohmann::json doc = parse_json_document(json, file);
    const nlohmann::json& rules = json_top_level_array(doc, "rules", file);
    StepTypeRules out;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& j = rules[i];
      const std::string base = fmt::format("rules[{}]", i);
      if (!j.is_object() || !j.contains("id") || !j.contains("evidence") || !j.contains("source"))
        throw_bad_input(at(file, base), "a rule needs 'id', 'evidence' and 'source'");
      Rule r;
      r.id = j["id"].get<std::string>();
      const std::string ev = j["evidence"].get<std::string>();
      if (ev == "training") r.flag = kSfTraining;
      else if (ev == "speculative") r.flag = kSfSpeculative;
      else if (ev == "decode") r.flag = kSfDecodeName;
      else if (ev == "prefill") r.flag = kSfPrefillName;
      else if (ev == "attention_shape") r.flag = kSfFlashScore;
      else
        throw_bad_input(at(file, base + ".evidence"),
                        "expected training, speculative, decode, prefill or attention_shape, found '" + ev + "'");
      r.host = j.value("side", std::string("device")) == "host";
      r.attention_only = j.value("attention_only", false);
      r.name_any = folded_token_array(j, "name_any", file, base);
      r.op_type_any = folded_token_array(j, "op_type_any", file, base);
      r.none = folded_token_array(j, "none", file, base);
      if (r.name_any.empty() && r.op_type_any.empty())
        throw_bad_input(at(file, base), "a rule needs name_any or op_type_any");
      out.rules_.push_back(std::move(r));
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    throw_bad_input(at(file, "rules"), e.what());
  }
}

const StepTypeRules& StepTypeRules::builtin() {
  static const StepTypeRules rules =
      from_json(require_embedded_file("kernels/step_type_evidence.json"), "data/kernels/step_type_evidence.json");
  return rules;
}

std::uint16_t StepTypeRules::device_flags(std::string_view name, std::string_view op_type, bool attention) const {
  const std::string n = fold_text(name);
  const std::string t = fold_text(effective_op_type(name, op_type));
  std::uint16_t flags = 0;
  for (const Rule& r : rules_) {
    if (r.host || (r.attention_only && !attention) || (flags & r.flag)) continue;
    if (!(contains_any(n, r.name_any) || contains_any(t, r.op_type_any))) continue;
    if (contains_any(n, r.none)) continue;
    flags |= r.flag;
  }
  return flags;
}

std::uint16_t StepTypeRules::host_flags(std::string_view name) const {
  const std::string n = fold_text(name);
  std::uint16_t flags = 0;
  for (const Rule& r : rules_)
    if (r.host && contains_any(n, r.name_any) && !contains_any(n, r.none)) flags |= r.flag;
  return flags;
}

namespace {

bool known_head_dim(std::int64_t d) {
  // attention_families.json shape_refinement.known_head_dims (the data file the family rules read).
  static const std::vector<std::int64_t> dims = [] {
    const auto doc = nlohmann::json::parse(require_embedded_file("kernels/attention_families.json"));
    return doc.at("shape_refinement").at("known_head_dims").get<std::vector<std::int64_t>>();
  }();
  for (auto x : dims)
    if (x == d) return true;
  return false;
}

}  // namespace

std::optional<int> query_length_class(std::string_view s, bool sbh_possible) {
  // Strip the literal quotes kernel_details.csv keeps ("""1,32,1,128""" reads as "1,32,1,128"); Kineto
  // Input Dims are a JSON list of lists ("[[16, 16, 559, 64], [...]]"): the first inner list.
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && (s.front() == '"' || s.front() == '[' || blank(s.front()))) s.remove_prefix(1);
  if (auto end = s.find_first_of(";]"); end != std::string_view::npos) s = s.substr(0, end);
  while (!s.empty() && (s.back() == '"' || blank(s.back()))) s.remove_suffix(1);
  std::vector<std::int64_t> dims;
  while (!s.empty()) {
    const auto comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    while (!part.empty() && blank(part.front())) part.remove_prefix(1);
    while (!part.empty() && blank(part.back())) part.remove_suffix(1);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || p != part.data() + part.size() || v <= 0) return std::nullopt;
    dims.push_back(v);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  if (dims.size() == 4) return (dims[1] == 1 || dims[2] == 1) ? 1 : 2;  // BNSD: S = dim 2; BSND: S = dim 1
  if (dims.size() == 3 && !known_head_dim(dims[2])) {
    if (!sbh_possible) return dims[1] == 1 ? 1 : 2;  // BSH: S = dim 1
    if (dims[0] > 1 && dims[1] > 1) return 2;        // BSH or SBH: S > 1 either way
  }
  return std::nullopt;
}

StepType decide_step_type(const StepTypeEvidence& e) {
  auto example = [](const std::string& name) { return name.empty() ? std::string() : fmt::format(", e.g. '{}'", name); };
  if (e.training > 0)
    return {"training", fmt::format("{} backward or optimizer kernels/ranges{}", e.training, example(e.training_name))};
  if (e.speculative > 0)
    return {"speculative",
            fmt::format("{} draft/verify (rejection sampling) kernels{}", e.speculative, example(e.speculative_name))};
  if (e.decode > 0 && e.prefill > 0)
    return {"mixed", fmt::format("{} attention kernels/ops show prefill{} and {} show decode{} (a mixed or "
                                 "chunked-prefill batch)",
                                 e.prefill, example(e.prefill_name), e.decode, example(e.decode_name))};
  if (e.prefill > 0)
    return {"prefill", fmt::format("{} attention kernels/ops process more than one query token per sequence or are "
                                   "prefill kernels{}",
                                   e.prefill, example(e.prefill_name))};
  if (e.decode > 0)
    return {"decode", fmt::format("{} attention kernels/ops process one query token per sequence or are decode "
                                  "kernels{}",
                                  e.decode, example(e.decode_name))};
  if (e.attention > 0)
    return {"unknown", fmt::format("no backward, optimizer or draft/verify kernels; {} attention kernels/ops, none "
                                   "whose name or input shapes tell prefill from decode",
                                   e.attention)};
  return {"unknown", "no backward, optimizer, draft/verify or attention kernels in the step"};
}

}  // namespace llmsa::analysis
