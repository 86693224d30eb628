#include "analysis/op_families.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "core/json_document.hpp"

namespace llmsa::analysis {

namespace {

struct HeadRules {
  std::int64_t max_heads = 0;
  std::vector<std::int64_t> head_dims;
};

const HeadRules& head_rules() {
  static const HeadRules rules = [] {
    const auto doc = nlohmann::json::parse(require_embedded_file("kernels/attention_families.json"));
    HeadRules r;
    r.max_heads = doc.at("shape_refinement").at("max_heads").get<std::int64_t>();
    r.head_dims = doc.at("shape_refinement").at("known_head_dims").get<std::vector<std::int64_t>>();
    return r;
  }();
  return rules;
}

}  // namespace

FamilyRules FamilyRules::from_json(std::string_view json, const std::string& file) {
  try {
    nlohmann::json doc = parse_json_document(json, file);
    const nlohmann::json& families = json_top_level_array(doc, "families", file);
    FamilyRules out;
    for (std::size_t i = 0; i < families.size(); ++i) {
      const auto& j = families[i];
      const std::string base = fmt::format("families[{}]", i);
      if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("source"))
        throw_bad_input(at(file, base), "a family needs an 'id' and a 'source'");
      Rule r;
      r.match.id = j["id"].get<std::string>();
      r.match.name = j.value("name", r.match.id);
      r.match.heuristic = j.value("heuristic", false);
      r.match.refine_by_shape = j.value("refine_by_shape", false);
      r.all = json_string_array(j, "must_have_all", file, base);
      r.any = json_string_array(j, "must_have_any", file, base);
      r.none = json_string_array(j, "must_not_have", file, base);
      r.none_prefix = json_string_array(j, "must_not_have_prefix", file, base);
      if (r.all.empty() && r.any.empty())
        throw_bad_input(at(file, base), "a family needs must_have_all or must_have_any");
      out.rules_.push_back(std::move(r));
    }
    if (!doc.contains("fallback") || !doc["fallback"].contains("id"))
      throw_bad_input(at(file, "fallback"), "a fallback family with an 'id' is required");
    out.fallback_.id = doc["fallback"]["id"].get<std::string>();
    out.fallback_.name = doc["fallback"].value("name", out.fallback_.id);
    if (doc.contains("overlays"))
      for (const auto& o : doc["overlays"])
        out.overlays_.emplace_back(o.at("if_category").get<std::string>(), o.at("suffix").get<std::string>());
    return out;
  } catch (const nlohmann::json::exception& e) {
    // Wrong JSON types (a number where a string belongs...) are the file's fault, reported as such.
    throw_bad_input(at(file, ""), fmt::format("unexpected JSON content: {}", e.what()));
  }
}

const FamilyRules& FamilyRules::attention() {
  static const FamilyRules rules =
      from_json(require_embedded_file("kernels/attention_families.json"), "data/kernels/attention_families.json");
  return rules;
}

const FamilyRules& FamilyRules::moe() {
  static const FamilyRules rules =
      from_json(require_embedded_file("kernels/moe_families.json"), "data/kernels/moe_families.json");
  return rules;
}

FamilyMatch FamilyRules::resolve(const std::set<std::string>& cats) const {
  auto has = [&](const std::string& c) { return cats.count(c) > 0; };
  auto has_prefix = [&](const std::string& p) {
    auto it = cats.lower_bound(p);
    return it != cats.end() && std::string_view(*it).starts_with(p);
  };
  FamilyMatch out = fallback_;
  for (const Rule& r : rules_) {
    if (!std::all_of(r.all.begin(), r.all.end(), has)) continue;
    if (!r.any.empty() && !std::any_of(r.any.begin(), r.any.end(), has)) continue;
    if (std::any_of(r.none.begin(), r.none.end(), has)) continue;
    if (std::any_of(r.none_prefix.begin(), r.none_prefix.end(), has_prefix)) continue;
    out = r.match;
    break;
  }
  for (const auto& [cat, suffix] : overlays_)
    if (has(cat)) out.id += suffix;
  return out;
}

const char* head_layout_name(HeadLayout h) {
  switch (h) {
    case HeadLayout::kMha: return "mha";
    case HeadLayout::kGqa: return "gqa";
    case HeadLayout::kMqa: return "mqa";
    case HeadLayout::kUnknown: return "unknown";
  }
  return "unknown";
}

HeadLayout refine_head_layout(std::int64_t q, std::int64_t kv, std::int64_t head_dim) {
  const HeadRules& rules = head_rules();
  if (q < 1 || kv < 1 || q > rules.max_heads || kv > rules.max_heads) return HeadLayout::kUnknown;
  if (std::find(rules.head_dims.begin(), rules.head_dims.end(), head_dim) == rules.head_dims.end())
    return HeadLayout::kUnknown;
  if (q == kv) return HeadLayout::kMha;
  if (kv == 1) return HeadLayout::kMqa;
  if (q > kv && q % kv == 0) return HeadLayout::kGqa;
  return HeadLayout::kUnknown;
}

}  // namespace llmsa::analysis
