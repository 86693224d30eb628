#include "analysis/kernel_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "core/error_location.hpp"
#include "core/json_document.hpp"

namespace llmsa::analysis {

namespace {

constexpr std::uint8_t kPlatformAscend = 1;
constexpr std::uint8_t kPlatformGpu = 2;

struct NamedRole {
  const char* name;
  std::uint32_t bit;
};
constexpr NamedRole kRoleBits[] = {
    {"communication", kRoleCommunication},
    {"attention", kRoleAttention},
    {"attention_aux", kRoleAttentionAux},
    {"moe", kRoleMoe},
    {"compute", kRoleCompute},
    {"quant", kRoleQuant},
    {"sampling", kRoleSampling},
    {"selection", kRoleSelection},
    {"block_head", kRoleBlockHead},
    {"normalization", kRoleNormalization},
    {"aicpu", kRoleAicpu},
    {"memory", kRoleMemory},
    {"vector", kRoleVector},
    {"other", kRoleOther},
};

bool starts_with_any(std::string_view s, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return s.starts_with(p); });
}
bool equals_any(std::string_view s, const std::vector<std::string>& values) {
  return std::any_of(values.begin(), values.end(), [&](const std::string& v) { return s == v; });
}


}  // namespace

struct KernelClassifier::Rule {
  std::string id;
  std::uint8_t platforms = kPlatformAscend | kPlatformGpu;
  std::vector<std::string> any, all, none, name_prefix, op_type_in, core_in, raw_prefix;
  std::vector<std::string> unless_category_prefix, requires_category_prefix;
  std::vector<std::uint32_t> any_ids, all_ids, none_ids;  // the tokens of any/all/none in TokenIndex
  std::vector<CategoryId> categories;
  std::uint32_t roles = 0;
  std::optional<OpRole> role;
  bool final = false;
};

namespace {

// keep_digits of KernelClassifier::Memo: the longest digit run in the rules' any/all/none tokens, or -1
// when folding trailing ids would not be exact (see memo_name).
int trailing_id_digits(const std::vector<KernelClassifier::Rule>& rules) {
  auto has_digit = [](const std::string& t) {
    return std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  int longest = 0;
  for (const auto& r : rules) {
    for (const auto* prefixes : {&r.name_prefix, &r.raw_prefix})
      for (const std::string& p : *prefixes)
        if (has_digit(p)) return -1;
    for (const auto* tokens : {&r.any, &r.all, &r.none})
      for (const std::string& t : *tokens) {
        if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) return -1;
        int run = 0;
        for (char c : t) {
          run = (c >= '0' && c <= '9') ? run + 1 : 0;
          longest = std::max(longest, run);
        }
      }
  }
  return longest;
}

}  // namespace


namespace {

// Every distinct any/all/none token of the rules, found in one scan of the folded text instead of one
// substring search per token (classification of a distinct name was ~5 us, most of it in those
// searches). Folded text holds [a-z0-9] only (fold_text), so a token's first two characters pick a
// bucket of 36 * 36; one-character tokens are checked per position. contains(text, t) holds exactly
// when some position of the text starts with t, so the set found is the set std::string::find finds.
class TokenIndex {
 public:
  static constexpr std::uint32_t kAlphabet = 36;
  std::uint32_t id(const std::string& token) {
    auto [it, fresh] = ids_.try_emplace(token, static_cast<std::uint32_t>(tokens_.size()));
    if (fresh) tokens_.push_back(token);
    return it->second;
  }
  void build() {
    pair_start_.assign(kAlphabet * kAlphabet + 1, 0);
    single_.assign(kAlphabet, {});
    empty_.clear();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // (bucket, token)
    for (std::uint32_t t = 0; t < tokens_.size(); ++t) {
      const std::string& s = tokens_[t];
      if (s.empty()) empty_.push_back(t);
      else if (s.size() == 1) single_[code(s[0])].push_back(t);
      else pairs.emplace_back(code(s[0]) * kAlphabet + code(s[1]), t);
    }
    std::sort(pairs.begin(), pairs.end());
    pair_tokens_.clear();
    for (const auto& [bucket, t] : pairs) {
      ++pair_start_[bucket + 1];
      pair_tokens_.push_back(t);
    }
    for (std::uint32_t b = 0; b < kAlphabet * kAlphabet; ++b) pair_start_[b + 1] += pair_start_[b];
  }
  // Bit t of the result: tokens_[t] occurs in `folded`.
  std::vector<std::uint64_t> present(std::string_view folded) const {
    std::vector<std::uint64_t> bits((tokens_.size() + 63) / 64, 0);
    auto set = [&](std::uint32_t t) { bits[t >> 6] |= 1ull << (t & 63); };
    for (std::uint32_t t : empty_) set(t);
    for (std::size_t i = 0; i < folded.size(); ++i) {
      const std::uint32_t c0 = code(folded[i]);
      for (std::uint32_t t : single_[c0]) set(t);
      if (i + 1 >= folded.size()) break;
      const std::uint32_t b = c0 * kAlphabet + code(folded[i + 1]);
      for (std::uint32_t k = pair_start_[b]; k < pair_start_[b + 1]; ++k) {
        const std::string& tok = tokens_[pair_tokens_[k]];
        if (folded.compare(i, tok.size(), tok) == 0) set(pair_tokens_[k]);
      }
    }
    return bits;
  }
  static bool has(const std::vector<std::uint64_t>& bits, std::uint32_t t) { return (bits[t >> 6] >> (t & 63)) & 1u; }

 private:
  static std::uint32_t code(char c) {  // [a-z0-9] -> 0..35 (folded text and folded tokens hold nothing else)
    return c >= 'a' && c <= 'z' ? static_cast<std::uint32_t>(c - 'a') : 26u + static_cast<std::uint32_t>(c - '0') % 10u;
  }
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::uint32_t> pair_start_, pair_tokens_, empty_;
  std::vector<std::vector<std::uint32_t>> single_;
};

bool any_present(const std::vector<std::uint64_t>& bits, const std::vector<std::uint32_t>& ids) {
  return std::any_of(ids.begin(), ids.end(), [&](std::uint32_t t) { return TokenIndex::has(bits, t); });
}
bool all_present(const std::vector<std::uint64_t>& bits, const std::vector<std::uint32_t>& ids) {
  return std::all_of(ids.begin(), ids.end(), [&](std::uint32_t t) { return TokenIndex::has(bits, t); });
}

}  // namespace

// What the classifier derives from its rules after construction: classify_memoized's table (with its
// mutex) and the token index of the rules' any/all/none lists.
struct KernelClassifier::Memo {
  std::mutex mutex;
  // key: name '\0' op_type '\0' core_or_cat. Node-based: references to values survive rehashing.
  std::unordered_map<std::string, KernelClass> classes;
  TokenIndex tokens;
  // Trailing-id folding of memo keys (memo_name below): the longest digit run of any any/all/none token
  // (-1: folding is off, because some name_prefix or raw_prefix holds a digit or a token is all digits).
  int keep_digits = -1;
};

namespace {

// The name part of a memo key. Capture-specific ids at the end of a name (HCCL ops are named
// "hcom_allReduce__100_8_1": group, sequence and index; a large capture holds 100k such names) give
// every call its own name, and classifying each cost more than everything else the memo spares. The
// classification of such a name does not depend on the middle of its trailing id, so names that differ
// only there share one memo entry. Exact, by the rule language: the trailing id S is the longest suffix of
// '_' and digits holding a digit; it folds to a digit run D at the end of the folded name. The key keeps S
// up to its first k digits and its last k digits, k = the longest digit run in any token, and drops the
// rest. Then (1) a token without digits matches within letter runs, which the key leaves alone; (2) a
// token with digit runs of at most k digits meets D only through D's first or last k digits (D is
// longer than 2k here, so a token cannot hold D's inside, and the key keeps both ends, and |D| > k at
// both); (3) name prefixes and raw prefixes hold no digit (else folding is off), so they end before
// S's first digit, which the key keeps in place; (4) the op type comes from the op_type column, never
// from the name (the caller folds only when op_type is given). Tokens made only of digits turn it off.
std::string_view memo_name(std::string_view name, int k, std::string& scratch) {
  if (k < 0) return name;
  std::size_t b = name.size();
  while (b > 0 && (name[b - 1] == '_' || (name[b - 1] >= '0' && name[b - 1] <= '9'))) --b;
  std::size_t digits = 0;
  for (std::size_t i = b; i < name.size(); ++i) digits += name[i] != '_';
  const std::size_t keep = static_cast<std::size_t>(std::max(k, 1));
  if (digits <= 2 * keep) return name;
  // S up to and including its first `keep` digits, then its last `keep` digits.
  scratch.assign(name.substr(0, b));
  std::size_t seen = 0, i = b;
  for (; i < name.size() && seen < keep; ++i) {
    scratch.push_back(name[i]);
    seen += name[i] != '_';
  }
  std::string tail;
  std::size_t last = 0;
  for (std::size_t j = name.size(); j > i && last < keep; --j)
    if (name[j - 1] != '_') {
      tail.insert(tail.begin(), name[j - 1]);
      ++last;
    }
  scratch += '#';  // marks a shortened id: never equal to a name that is its own key
  scratch += tail;
  return scratch;
}

}  // namespace

KernelClassifier::KernelClassifier() : memo_(std::make_unique<Memo>()) {}
std::size_t KernelClassifier::rule_count() const { return rules_.size(); }
KernelClassifier::~KernelClassifier() = default;
KernelClassifier::KernelClassifier(KernelClassifier&&) noexcept = default;
KernelClassifier& KernelClassifier::operator=(KernelClassifier&&) noexcept = default;

const char* op_role_name(OpRole r) {
  switch (r) {
    case OpRole::kAttention: return "attention";
    case OpRole::kFfnMatmul: return "ffn_matmul";
    case OpRole::kMoeGating: return "moe_gating";
    case OpRole::kMoeDispatch: return "moe_dispatch";
    case OpRole::kMoeExpertGemm: return "moe_expert_gemm";
    case OpRole::kMoeCombine: return "moe_combine";
    case OpRole::kMoeFusedMc2: return "moe_fused_mc2";
    case OpRole::kCommunication: return "communication";
    case OpRole::kVector: return "vector";
    case OpRole::kAicpu: return "aicpu";
    case OpRole::kMemcpy: return "memcpy";
    case OpRole::kConvolution: return "convolution";
    case OpRole::kOther: return "other";
  }
  return "other";
}

std::optional<OpRole> parse_op_role(std::string_view s) {
  for (int i = 0; i < kOpRoleCount; ++i)
    if (s == op_role_name(static_cast<OpRole>(i))) return static_cast<OpRole>(i);
  return std::nullopt;
}

const char* collective_kind_name(CollectiveKind k) {
  switch (k) {
    case CollectiveKind::kNone: return "none";
    case CollectiveKind::kAllReduce: return "allreduce";
    case CollectiveKind::kAllGather: return "allgather";
    case CollectiveKind::kReduceScatter: return "reducescatter";
    case CollectiveKind::kAllToAll: return "alltoallv";
    case CollectiveKind::kBroadcast: return "broadcast";
    case CollectiveKind::kReduce: return "reduce";
    case CollectiveKind::kSendRecv: return "send_recv";
    case CollectiveKind::kBarrier: return "barrier";
    case CollectiveKind::kCommAivFused: return "comm_aiv_fused";
    case CollectiveKind::kOther: return "other";
  }
  return "other";
}

std::vector<std::string> role_bit_names(std::uint32_t bits) {
  std::vector<std::string> out;
  for (const auto& r : kRoleBits)
    if (bits & r.bit) out.emplace_back(r.name);
  return out;
}

std::vector<std::string> folded_token_array(const nlohmann::json& j, const char* key, const std::string& file,
                                            const std::string& base) {
  std::vector<std::string> out = json_string_array(j, key, file, base, /*non_empty=*/true);
  for (const std::string& s : out)
    if (fold_text(s) != s)
      throw_bad_input(at(file, base + "." + key),
                      fmt::format("token '{}' must be folded (lowercase letters and digits only): '{}'", s, fold_text(s)));
  return out;
}

std::string fold_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c >= 'a' && c <= 'z')
      out += c;
    else if (c >= '0' && c <= '9')
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view effective_op_type(std::string_view name, std::string_view op_type) {
  if (!op_type.empty() && op_type != "N/A") return op_type;
  if (name.starts_with("aclnn")) {
    const auto last = name.rfind('_');
    if (last != std::string_view::npos && name.find('_') != last && last + 1 < name.size())
      return name.substr(last + 1);
  }
  if (name.starts_with("trans_")) {
    const std::string_view rest = name.substr(6);
    const auto sep = rest.find('_');
    if (sep != std::string_view::npos && sep > 0) return rest.substr(0, sep);
  }
  return {};
}

Platform detect_platform(std::string_view core_or_cat) {
  if (core_or_cat.empty()) return Platform::kAuto;
  static const std::vector<std::string> kGpuCats = {"kernel",     "gpumemcpy", "gpumemset",
                                                    "memcpy",     "memset",    "cudaruntime",
                                                    "cudadriver", "cudasync",  "gpuuserannotation"};
  return equals_any(fold_text(core_or_cat), kGpuCats) ? Platform::kGpu : Platform::kAscend;
}

CategoryId KernelClassifier::intern_category(const std::string& name) {
  auto it = category_index_.find(name);
  if (it != category_index_.end()) return it->second;
  if (category_names_.size() >= 0xFFFF) throw_internal("too many kernel categories");
  const auto id = static_cast<CategoryId>(category_names_.size());
  category_names_.push_back(name);
  category_index_.emplace(name, id);
  return id;
}

std::optional<CategoryId> KernelClassifier::category_id(std::string_view name) const {
  auto it = category_index_.find(std::string(name));
  if (it == category_index_.end()) return std::nullopt;
  return it->second;
}

bool KernelClassifier::has_category(const KernelClass& k, std::string_view name) const {
  auto id = category_id(name);
  return id && std::binary_search(k.categories.begin(), k.categories.end(), *id);
}

bool KernelClassifier::has_category_prefix(const KernelClass& k, std::string_view prefix) const {
  return std::any_of(k.categories.begin(), k.categories.end(),
                     [&](CategoryId c) { return std::string_view(category_names_[c]).starts_with(prefix); });
}

std::vector<std::string> KernelClassifier::category_names(const KernelClass& k) const {
  std::vector<std::string> out;
  for (CategoryId c : k.categories) out.push_back(category_names_[c]);
  std::sort(out.begin(), out.end());
  return out;
}

void KernelClassifier::add_rules(std::string_view json, const std::string& source_name, bool user) {
  try {
    nlohmann::json doc = parse_json_document(json, source_name);
    const nlohmann::json& rules = json_top_level_array(doc, "rules", source_name);
    static const std::set<std::string> kKeys = {"id",
                                                "platforms",
                                                "any",
                                                "all",
                                                "none",
                                                "name_prefix",
                                                "op_type_in",
                                                "core_in",
                                                "raw_prefix",
                                                "unless_category_prefix",
                                                "requires_category_prefix",
                                                "categories",
                                                "roles",
                                                "role",
                                                "final",
                                                "source",
                                                "comment"};
    std::vector<Rule> parsed;
    std::set<std::string> ids;
    for (const auto& r : rules_) ids.insert(r.id);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& j = rules[i];
      const std::string base = fmt::format("rules[{}]", i);
      if (!j.is_object()) throw_bad_input(at(source_name, base), "expected an object");
      for (const auto& [key, value] : j.items())
        if (!kKeys.count(key)) throw_bad_input(at(source_name, base + "." + key), "unknown key");
      Rule rule;
      auto text = [&](const char* key, bool required) -> std::string {
        if (!j.contains(key)) {
          if (required) throw_bad_input(at(source_name, base + "." + key), "required");
          return {};
        }
        if (!j[key].is_string() || j[key].get<std::string>().empty())
          throw_bad_input(at(source_name, base + "." + key), "expected a non-empty string");
        return j[key].get<std::string>();
      };
      auto list = [&](const char* key, bool folded) {
        return folded ? folded_token_array(j, key, source_name, base)
                      : json_string_array(j, key, source_name, base, /*non_empty=*/true);
      };
      rule.id = text("id", true);
      if (!ids.insert(rule.id).second)
        throw_bad_input(at(source_name, base + ".id"), "duplicate rule id '" + rule.id + "'");
      if (!user) text("source", true);  // every built-in rule cites its source
      if (j.contains("platforms")) {
        rule.platforms = 0;
        for (const auto& p : list("platforms", false)) {
          if (p == "ascend")
            rule.platforms |= kPlatformAscend;
          else if (p == "gpu")
            rule.platforms |= kPlatformGpu;
          else
            throw_bad_input(at(source_name, base + ".platforms"), "expected 'ascend' or 'gpu', found '" + p + "'");
        }
      }
      rule.any = list("any", true);
      rule.all = list("all", true);
      rule.none = list("none", true);
      rule.name_prefix = list("name_prefix", true);
      rule.op_type_in = list("op_type_in", true);
      rule.core_in = list("core_in", true);
      rule.raw_prefix = list("raw_prefix", false);
      rule.unless_category_prefix = list("unless_category_prefix", false);
      rule.requires_category_prefix = list("requires_category_prefix", false);
      if (rule.any.empty() && rule.all.empty() && rule.name_prefix.empty() && rule.op_type_in.empty() &&
          rule.core_in.empty() && rule.raw_prefix.empty())
        throw_bad_input(at(source_name, base),
                        "a rule needs at least one of any, all, name_prefix, op_type_in, core_in, raw_prefix");
      for (const auto& c : list("categories", false)) rule.categories.push_back(intern_category(c));
      for (const auto& r : list("roles", false)) {
        auto it =
            std::find_if(std::begin(kRoleBits), std::end(kRoleBits), [&](const NamedRole& nr) { return r == nr.name; });
        if (it == std::end(kRoleBits)) throw_bad_input(at(source_name, base + ".roles"), "unknown role '" + r + "'");
        rule.roles |= it->bit;
      }
      if (j.contains("role")) {
        rule.role = parse_op_role(text("role", true));
        if (!rule.role)
          throw_bad_input(at(source_name, base + ".role"), "unknown op role '" + j["role"].get<std::string>() + "'");
      }
      if (j.contains("final")) {
        if (!j["final"].is_boolean()) throw_bad_input(at(source_name, base + ".final"), "expected true or false");
        rule.final = j["final"].get<bool>();
      }
      if (rule.categories.empty() && rule.roles == 0 && !rule.role)
        throw_bad_input(at(source_name, base), "a rule needs categories, roles or role");
      parsed.push_back(std::move(rule));
    }
    // User rules go first: they take precedence over the built-in ones.
    if (user)
      rules_.insert(rules_.begin(), std::make_move_iterator(parsed.begin()), std::make_move_iterator(parsed.end()));
    else
      rules_.insert(rules_.end(), std::make_move_iterator(parsed.begin()), std::make_move_iterator(parsed.end()));
    for (Rule& r : rules_) {
      auto ids = [&](const std::vector<std::string>& tokens) {
        std::vector<std::uint32_t> out;
        for (const std::string& t : tokens) out.push_back(memo_->tokens.id(t));
        return out;
      };
      r.any_ids = ids(r.any);
      r.all_ids = ids(r.all);
      r.none_ids = ids(r.none);
    }
    memo_->tokens.build();
    memo_->keep_digits = trailing_id_digits(rules_);
  } catch (const nlohmann::json::exception& e) {
    // Wrong JSON types (a number where a string belongs...) are the file's fault, reported as such.
    throw_bad_input(at(source_name, ""), fmt::format("unexpected JSON content: {}", e.what()));
  }
}

KernelClassifier KernelClassifier::builtin() {
  KernelClassifier c;
  c.add_rules(require_embedded_file("kernels/kernel_signatures.json"), "data/kernels/kernel_signatures.json", false);
  return c;
}

KernelClassifier KernelClassifier::with_user_rules(std::string_view user_json, const std::string& source_name) {
  KernelClassifier c = builtin();
  c.add_rules(user_json, source_name, true);
  return c;
}

KernelClassifier KernelClassifier::from_json(std::string_view json, const std::string& source_name) {
  KernelClassifier c;
  c.add_rules(json, source_name, false);
  return c;
}

KernelClass KernelClassifier::classify(std::string_view name, std::string_view op_type, std::string_view core_or_cat,
                                       Platform platform) const {
  if (platform == Platform::kAuto) platform = detect_platform(core_or_cat);
  const std::uint8_t platform_bit = platform == Platform::kAscend ? kPlatformAscend
                                    : platform == Platform::kGpu  ? kPlatformGpu
                                                                  : (kPlatformAscend | kPlatformGpu);
  const std::string folded_name = fold_text(name);
  const std::string folded_type = fold_text(effective_op_type(name, op_type));
  const std::string folded_core = fold_text(core_or_cat);
  const std::string full = folded_name + folded_type + folded_core;

  // A moved-from classifier has no rules: no token is ever asked for.
  const std::vector<std::uint64_t> present = memo_ ? memo_->tokens.present(full) : std::vector<std::uint64_t>{};

  KernelClass out;
  std::optional<OpRole> forced;
  auto has_prefix = [&](const std::vector<std::string>& prefixes) {
    for (CategoryId c : out.categories)
      if (starts_with_any(category_names_[c], prefixes)) return true;
    return false;
  };
  for (const Rule& r : rules_) {
    if (!(r.platforms & platform_bit)) continue;
    if (!r.any_ids.empty() && !any_present(present, r.any_ids)) continue;
    if (!r.all_ids.empty() && !all_present(present, r.all_ids)) continue;
    if (!r.none_ids.empty() && any_present(present, r.none_ids)) continue;
    if (!r.name_prefix.empty() && !starts_with_any(folded_name, r.name_prefix)) continue;
    if (!r.op_type_in.empty() && !equals_any(folded_type, r.op_type_in)) continue;
    if (!r.core_in.empty() && !equals_any(folded_core, r.core_in)) continue;
    if (!r.raw_prefix.empty() && !starts_with_any(name, r.raw_prefix)) continue;
    if (!r.requires_category_prefix.empty() && !has_prefix(r.requires_category_prefix)) continue;
    if (!r.unless_category_prefix.empty() && has_prefix(r.unless_category_prefix)) continue;
    for (CategoryId c : r.categories)
      if (std::find(out.categories.begin(), out.categories.end(), c) == out.categories.end())
        out.categories.push_back(c);
    out.roles |= r.roles;
    if (out.first_rule.empty()) out.first_rule = r.id;
    if (r.role && !forced) forced = r.role;
    if (r.final) break;
  }
  std::sort(out.categories.begin(), out.categories.end());

  auto has = [&](std::string_view prefix) { return has_category_prefix(out, prefix); };
  // has_category without its name lookup (a class holds a handful of categories; names are unique per id).
  auto exact = [&](std::string_view cat) {
    return std::any_of(out.categories.begin(), out.categories.end(),
                       [&](CategoryId c) { return category_names_[c] == cat; });
  };
  // Collective kind from the communication.<kind> categories.
  if (has("communication.")) {
    out.collective = exact("communication.allreduce")       ? CollectiveKind::kAllReduce
                     : exact("communication.allgather")     ? CollectiveKind::kAllGather
                     : exact("communication.reducescatter") ? CollectiveKind::kReduceScatter
                     : exact("communication.alltoallv")     ? CollectiveKind::kAllToAll
                     : exact("communication.broadcast")     ? CollectiveKind::kBroadcast
                     : exact("communication.reduce")        ? CollectiveKind::kReduce
                     : exact("communication.send_recv")     ? CollectiveKind::kSendRecv
                     : exact("communication.barrier")       ? CollectiveKind::kBarrier
                                                            : CollectiveKind::kOther;
  }
  // Primary role: the most specific meaning wins. MoE before communication, because MC2 dispatch and
  // combine run on communication cores but are the MoE layer's work; attention before matmul, because
  // attention's own GEMMs (v_up_proj) carry compute.matmul too.
  if (forced)
    out.role = *forced;
  else if (has("memory."))
    out.role = OpRole::kMemcpy;
  else if (exact("moe.dispatch_expert_compute"))
    out.role = OpRole::kMoeFusedMc2;
  else if (exact("moe.gating"))
    out.role = OpRole::kMoeGating;
  else if (exact("moe.dispatch"))
    out.role = OpRole::kMoeDispatch;
  else if (exact("moe.combine"))
    out.role = OpRole::kMoeCombine;
  else if (exact("moe.expert_matmul"))
    out.role = OpRole::kMoeExpertGemm;
  else if (has("communication."))
    out.role = OpRole::kCommunication;
  else if (has("attention."))
    out.role = OpRole::kAttention;
  else if (exact("compute.matmul"))
    out.role = OpRole::kFfnMatmul;
  else if (exact("compute.conv"))
    out.role = OpRole::kConvolution;
  else if (exact("aicpu"))
    out.role = OpRole::kAicpu;
  else if (has("vector.") || has("normalization") || has("quant.") || has("sampling") || has("block_head") ||
           has("compute.triton") || has("compute.aux"))
    out.role = OpRole::kVector;
  else if (platform != Platform::kGpu &&
           (folded_core == "aivectorcore" || folded_core == "mixaiv" || folded_core == "mixedaiv"))
    out.role = OpRole::kVector;  // A.4: AIV-only work without a better-known signature is vector work
  else
    out.role = OpRole::kOther;
  return out;
}

const KernelClass& KernelClassifier::classify_memoized(std::string_view name, std::string_view op_type,
                                                       std::string_view core_or_cat) const {
  // Only a moved-from classifier has no memo, and it has no rules either: using it is a caller bug.
  if (!memo_) throw_internal("KernelClassifier: classify_memoized on a moved-from classifier");
  // Trailing ids fold only when the op type is given: otherwise it is read from the name.
  std::string scratch;
  const std::string_view key_name =
      !op_type.empty() && op_type != "N/A" ? memo_name(name, memo_->keep_digits, scratch) : name;
  std::string key;
  key.reserve(key_name.size() + op_type.size() + core_or_cat.size() + 2);
  key.append(key_name).push_back('\0');
  key.append(op_type).push_back('\0');
  key.append(core_or_cat);
  {
    std::lock_guard<std::mutex> lock(memo_->mutex);
    if (auto it = memo_->classes.find(key); it != memo_->classes.end()) return it->second;
  }
  KernelClass k = classify(name, op_type, core_or_cat);
  std::lock_guard<std::mutex> lock(memo_->mutex);
  return memo_->classes.try_emplace(std::move(key), std::move(k)).first->second;
}

std::uint32_t KernelClassCache::index_slow(StringId name, StringId type, StringId core) {
  if (name >= by_name_.size()) by_name_.resize(std::max<std::size_t>(name + 1, by_name_.size() * 2));
  Slot& slot = by_name_[name];
  if (slot.cls == kNoClass) {
    classes_.push_back(&classifier_.classify_memoized(strings_.view(name), strings_.view(type), strings_.view(core)));
    slot = {type, core, static_cast<std::uint32_t>(classes_.size() - 1)};
    return slot.cls;
  }
  const std::pair<std::uint64_t, StringId> key{(static_cast<std::uint64_t>(name) << 32) | type, core};
  auto [it, fresh] = others_.try_emplace(key, 0u);
  if (fresh) {
    classes_.push_back(&classifier_.classify_memoized(strings_.view(name), strings_.view(type), strings_.view(core)));
    it->second = static_cast<std::uint32_t>(classes_.size() - 1);
  }
  return it->second;
}

}  // namespace llmsa::analysis
