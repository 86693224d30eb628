#include "perf/moe_comm_rules.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/json_document.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

namespace {

using nlohmann::json;
using Vars = std::map<std::string, RuleValue>;

Vars variables_of(const MoeCommSettings& s) {
  Vars v;
  v["soc"] = s.soc;
  v["is_moe"] = s.is_moe;
  v["ep_enabled"] = s.ep_enabled;
  v["ep_size"] = static_cast<double>(s.ep_size);
  v["world_size_across_dp"] = static_cast<double>(s.world_size_across_dp > 0 ? s.world_size_across_dp : s.ep_size);
  v["num_tokens"] = static_cast<double>(s.num_tokens);
  v["mc2_capacity"] = static_cast<double>(s.mc2_capacity);
  v["with_prefill"] = s.with_prefill;
  v["quant"] = s.quant;
  v["model_type"] = s.model_type;
  v["lora"] = s.lora;
  v["enable_fused_mc2"] = static_cast<double>(s.enable_fused_mc2);
  v["draft_moe_quant_mismatch"] = s.draft_moe_quant_mismatch;
  v["num_experts"] = static_cast<double>(s.num_experts);
  v["experts_per_rank"] = s.ep_size > 0 ? static_cast<double>(s.num_experts) / s.ep_size : 0.0;
  v["top_k"] = static_cast<double>(s.top_k);
  return v;
}

std::string show(const RuleValue& v) {
  if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (auto d = std::get_if<double>(&v)) return fmt::format("{:g}", *d);
  return "'" + std::get<std::string>(v) + "'";
}

const char* op_symbol(const std::string& op) {
  if (op == "eq") return "==";
  if (op == "ne") return "!=";
  if (op == "lt") return "<";
  if (op == "le") return "<=";
  if (op == "gt") return ">";
  return ">=";
}

bool compare(const RuleValue& a, const std::string& op, const RuleValue& b) {
  if (a.index() != b.index()) return op == "ne";
  if (op == "eq") return a == b;
  if (op == "ne") return a != b;
  if (op == "lt") return a < b;
  if (op == "le") return a <= b;
  if (op == "gt") return a > b;
  return a >= b;
}

// Evaluates a rule; on failure `detail` names the first comparison that did not hold.
bool holds(const MoeCommRule& r, const Vars& vars, std::string& detail) {
  for (const auto& c : r.when) {
    const RuleValue& lhs = vars.at(c.var);
    const RuleValue& rhs = c.other_var.empty() ? c.value : vars.at(c.other_var);
    if (!compare(lhs, c.op, rhs)) {
      std::string rhs_text = c.other_var.empty() ? show(rhs) : fmt::format("{} ({})", c.other_var, show(rhs));
      detail = fmt::format("{} = {} is not {} {}", c.var, show(lhs), op_symbol(c.op), rhs_text);
      return false;
    }
  }
  detail = "all conditions hold";
  return true;
}

class Parser {
 public:
  explicit Parser(std::string origin) : origin_(std::move(origin)) {}
  [[noreturn]] void fail(const std::string& path, const std::string& msg) const { throw_bad_input(at(origin_, path), msg); }

  const json& get(const json& o, const std::string& path, const char* key) const {
    if (!o.is_object() || !o.contains(key)) fail(path + "." + key, "required field is missing");
    return o[key];
  }
  std::int64_t count(const json& o, const std::string& path, const char* key) const {
    const json& v = get(o, path, key);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0) fail(path + "." + key, "expected a non-negative integer");
    return v.get<std::int64_t>();
  }
  std::string str(const json& o, const std::string& path, const char* key) const {
    const json& v = get(o, path, key);
    if (!v.is_string()) fail(path + "." + key, "expected a string");
    return v.get<std::string>();
  }

  RuleCondition condition(const json& c, const std::string& path, const std::set<std::string>& known) const {
    RuleCondition rc;
    rc.var = str(c, path, "var");
    if (!known.count(rc.var)) fail(path + ".var", fmt::format("unknown variable '{}'", rc.var));
    int ops = 0;
    for (const char* op : {"eq", "ne", "lt", "le", "gt", "ge"}) {
      if (!c.contains(op)) continue;
      ++ops;
      rc.op = op;
      const json& v = c[op];
      if (v.is_object()) {
        rc.other_var = str(v, path + "." + op, "var");
        if (!known.count(rc.other_var)) fail(path + "." + op + ".var", fmt::format("unknown variable '{}'", rc.other_var));
      } else if (v.is_boolean()) {
        rc.value = v.get<bool>();
      } else if (v.is_number()) {
        rc.value = v.get<double>();
      } else if (v.is_string()) {
        rc.value = v.get<std::string>();
      } else {
        fail(path + "." + op, "expected a boolean, number, string or {\"var\": name}");
      }
    }
    if (ops != 1) fail(path, "a condition needs exactly one of eq, ne, lt, le, gt, ge");
    return rc;
  }

  std::vector<MoeCommRule> rules(const json& arr, const std::string& path, const std::set<std::string>& known) const {
    if (!arr.is_array()) fail(path, "expected an array of rules");
    std::vector<MoeCommRule> out;
    for (size_t i = 0; i < arr.size(); ++i) {
      std::string p = fmt::format("{}[{}]", path, i);
      MoeCommRule r;
      r.id = str(arr[i], p, "id");
      r.why = str(arr[i], p, "why");
      auto m = parse_moe_comm_method(str(arr[i], p, "then"));
      if (!m) fail(p + ".then", "unknown method (expected NONE, ALLGATHER, ALLTOALL, MC2, FUSED_MC2, NAIVE_MULTICAST)");
      r.then = *m;
      const json& when = get(arr[i], p, "when");
      if (!when.is_array()) fail(p + ".when", "expected an array of conditions");
      for (size_t k = 0; k < when.size(); ++k) r.when.push_back(condition(when[k], fmt::format("{}.when[{}]", p, k), known));
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  std::string origin_;
};

}  // namespace

MoeCommRuleSet MoeCommRuleSet::parse(std::string_view text, const std::string& origin) {
  json doc = parse_json_document(text, origin);
  Parser p(origin);
  if (p.str(doc, "$", "schema") != "llmsa.moe-comm-rules/1") p.fail("$.schema", "expected 'llmsa.moe-comm-rules/1'");
  std::set<std::string> known;
  for (const auto& [k, v] : variables_of(MoeCommSettings{})) known.insert(k);
  std::set<std::string> post_known = known;
  post_known.insert("method");
  MoeCommRuleSet set;
  const json& versions = p.get(doc, "$", "versions");
  if (!versions.is_array() || versions.empty()) p.fail("$.versions", "expected a non-empty array");
  for (size_t i = 0; i < versions.size(); ++i) {
    std::string path = fmt::format("$.versions[{}]", i);
    const json& v = versions[i];
    MoeCommRulesVersion rv;
    rv.id = p.str(v, path, "id");
    rv.describes = p.str(v, path, "describes");
    rv.source = p.str(v, path, "source");
    const json& cap = p.get(v, path, "capacity");
    rv.capacity.kind = p.str(cap, path + ".capacity", "kind");
    if (rv.capacity.kind == "fixed") {
      rv.capacity.fixed_tokens = p.count(cap, path + ".capacity", "tokens");
    } else if (rv.capacity.kind == "per_tp_rank_capped") {
      rv.capacity.per_rank_limit = p.count(cap, path + ".capacity", "per_rank_limit");
      rv.capacity.fused_per_rank_limit = p.count(cap, path + ".capacity", "fused_per_rank_limit");
    } else {
      p.fail(path + ".capacity.kind", "expected fixed or per_tp_rank_capped");
    }
    rv.rules = p.rules(p.get(v, path, "rules"), path + ".rules", known);
    if (v.contains("post_rules")) rv.post_rules = p.rules(v["post_rules"], path + ".post_rules", post_known);
    set.versions_.push_back(std::move(rv));
  }
  return set;
}

const MoeCommRuleSet& MoeCommRuleSet::builtin() {
  static const MoeCommRuleSet s = parse(require_embedded_file("moe/vllm_ascend_moe_comm_rules.json"),
                                        "builtin:moe/vllm_ascend_moe_comm_rules.json");
  return s;
}

std::vector<std::string> MoeCommRuleSet::version_ids() const {
  std::vector<std::string> ids;
  for (const auto& v : versions_) ids.push_back(v.id);
  return ids;
}

const MoeCommRulesVersion& MoeCommRuleSet::version(const std::string& id) const {
  for (const auto& v : versions_) {
    if (v.id == id) return v;
  }
  throw_bad_input(at("", "rules"), fmt::format("unknown rules version '{}' (known: {})", id, fmt::join(version_ids(), ", ")));
}

MoeCommDecision MoeCommRuleSet::select(const std::string& version_id, const MoeCommSettings& s) const {
  const MoeCommRulesVersion& v = version(version_id);
  Vars vars = variables_of(s);
  MoeCommDecision d;
  d.version = v.id;
  bool decided = false;
  for (const auto& r : v.rules) {
    RuleStep step{r.id, false, ""};
    step.matched = holds(r, vars, step.detail);
    d.trace.push_back(step);
    if (step.matched) {
      d.method = r.then;
      d.rule_id = r.id;
      d.why = r.why;
      decided = true;
      break;
    }
  }
  if (!decided)
    throw_bad_input(at("", "soc"), fmt::format("no rule of vllm-ascend rules version '{}' covers soc '{}' "
                                               "(that version selects only for the SoCs its rules name)",
                                               v.id, s.soc));
  vars["method"] = std::string(moe_comm_method_name(d.method));
  for (const auto& r : v.post_rules) {
    RuleStep step{r.id, false, ""};
    step.matched = holds(r, vars, step.detail);
    d.trace.push_back(step);
    if (step.matched) {
      d.method = r.then;
      d.rule_id = r.id;
      d.why = r.why;
      vars["method"] = std::string(moe_comm_method_name(d.method));
    }
  }
  return d;
}

}  // namespace llmsa::perf
