#pragma once
// Kernel classification: (name, op type, accelerator core or Kineto cat) -> categories, reference
// roles, and one primary op role from the shared op vocabulary of ARCHITECTURE.md (attention / FFN
// matmul / MoE gating, dispatch, expert GEMM, combine / communication by collective kind / vector /
// AICPU / memcpy / other).
//
// The rules are data (data/kernels/kernel_signatures.json, each citing its source; rule language
// described in that file). They are compiled once into a KernelClassifier; classification takes
// strings only, so it works for any reader. A user rules file (same format) is checked before the
// built-in rules: its categories add to the built-in ones, its 'role' wins, and a user rule with
// "final": true stops the built-in rules from being applied at all.
//
// Cost: classify() folds the text once and scans the compiled tokens; it allocates. Callers that
// see millions of events classify each distinct (name, type, core) once: KernelClassCache does that
// over interned StringIds.
#include <cstdint>
#include <deque>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "core/string_pool.hpp"

namespace llmsa::analysis {

// The shared op vocabulary (primary role of one kernel).
enum class OpRole : std::uint8_t {
  kAttention = 0,   // attention score/value kernels and their helpers (rope, KV-cache IO, indexers)
  kFfnMatmul,       // dense GEMM outside MoE experts (projections, FFN, lm head)
  kMoeGating,       // router / top-k gating
  kMoeDispatch,     // token permutation or dispatch to experts (incl. unfused MC2 dispatch)
  kMoeExpertGemm,   // grouped expert GEMM
  kMoeCombine,      // unpermute / combine of expert outputs
  kMoeFusedMc2,     // fused dispatch + expert compute + combine in one kernel (Ascend fused MC2)
  kCommunication,   // collectives and p2p (see CollectiveKind)
  kVector,          // elementwise, normalization, reduction, layout, quantization, sampling
  kAicpu,           // Ascend AI CPU operators
  kMemcpy,          // memory copies and memsets by the copy engines
  kConvolution,     // convolutions (CNN captures; not part of the LLM op vocabulary)
  kOther,
};
inline constexpr int kOpRoleCount = static_cast<int>(OpRole::kOther) + 1;
const char* op_role_name(OpRole r);  // "attention", "ffn_matmul", "moe_gating", ...
std::optional<OpRole> parse_op_role(std::string_view s);

enum class CollectiveKind : std::uint8_t {
  kNone = 0,  // not communication
  kAllReduce,
  kAllGather,
  kReduceScatter,
  kAllToAll,
  kBroadcast,
  kReduce,
  kSendRecv,
  kBarrier,
  kCommAivFused,  // Ascend mix_comm_aiv rows (communication with AIV compute, e.g. MoeDistributeDispatch)
  kOther,         // communication of unknown kind (e.g. ncclDevKernel_Generic)
};
const char* collective_kind_name(CollectiveKind k);

enum class Platform : std::uint8_t { kAuto = 0, kAscend, kGpu };

using CategoryId = std::uint16_t;

// Reference roles of A.5 (multi-valued), as bits.
enum RoleBit : std::uint32_t {
  kRoleCommunication = 1u << 0,
  kRoleAttention = 1u << 1,
  kRoleAttentionAux = 1u << 2,
  kRoleMoe = 1u << 3,
  kRoleCompute = 1u << 4,
  kRoleQuant = 1u << 5,
  kRoleSampling = 1u << 6,
  kRoleSelection = 1u << 7,
  kRoleBlockHead = 1u << 8,
  kRoleNormalization = 1u << 9,
  kRoleAicpu = 1u << 10,
  kRoleMemory = 1u << 11,
  kRoleVector = 1u << 12,
  kRoleOther = 1u << 13,
};
std::vector<std::string> role_bit_names(std::uint32_t bits);

struct KernelClass {
  std::vector<CategoryId> categories;  // sorted, unique ids into the classifier's vocabulary
  std::uint32_t roles = 0;             // RoleBit set
  OpRole role = OpRole::kOther;
  CollectiveKind collective = CollectiveKind::kNone;
  std::string first_rule;              // id of the first rule that matched (empty when none)
};

class KernelClassifier {
 public:
  // The built-in rules (embedded data/kernels/kernel_signatures.json).
  static KernelClassifier builtin();
  // Built-in rules plus a user rules file's JSON text; `source_name` names it in error messages.
  // Throws llmsa::Error (bad input, with the JSON field) for a malformed rules file.
  static KernelClassifier with_user_rules(std::string_view user_json, const std::string& source_name);
  // Only the given rules (for tests of the rule language).
  static KernelClassifier from_json(std::string_view json, const std::string& source_name);

  KernelClass classify(std::string_view name, std::string_view op_type, std::string_view core_or_cat,
                       Platform platform = Platform::kAuto) const;
  // classify(name, op_type, core_or_cat) remembered per distinct triple for the classifier's lifetime
  // (thread-safe). The rules never change after construction, so the memo is exact; it spares the
  // several per-rank KernelClassCaches of one analysis (timeline, operators, overlap, cross-rank, ...)
  // from classifying the same triples again: a capture's distinct names grow with its size (HCCL op
  // names carry sequence numbers), and classification was half of analyze_capture's time.
  // The reference stays valid for the classifier's lifetime.
  const KernelClass& classify_memoized(std::string_view name, std::string_view op_type,
                                       std::string_view core_or_cat) const;

  std::string_view category_name(CategoryId id) const { return category_names_[id]; }
  std::optional<CategoryId> category_id(std::string_view name) const;
  bool has_category(const KernelClass& k, std::string_view name) const;
  bool has_category_prefix(const KernelClass& k, std::string_view prefix) const;
  std::vector<std::string> category_names(const KernelClass& k) const;
  std::size_t rule_count() const;

  struct Rule;  // compiled rule (kernel_classifier.cpp)
  KernelClassifier();
  ~KernelClassifier();
  KernelClassifier(KernelClassifier&&) noexcept;
  KernelClassifier& operator=(KernelClassifier&&) noexcept;

 private:
  void add_rules(std::string_view json, const std::string& source_name, bool user);
  CategoryId intern_category(const std::string& name);

  std::vector<Rule> rules_;
  std::vector<std::string> category_names_;
  std::unordered_map<std::string, CategoryId> category_index_;
  struct Memo;  // classify_memoized's table and its mutex (kernel_classifier.cpp)
  std::unique_ptr<Memo> memo_;
};

// Lowercase, keep [a-z0-9] only (A.5 fold_text).
std::string fold_text(std::string_view s);
// The optional list `key` of folded name tokens in a rule file (json_string_array, non-empty): a token
// that is not already folded is bad input at `file`, field "<base>.<key>", because rules match folded names.
std::vector<std::string> folded_token_array(const nlohmann::json& j, const char* key, const std::string& file,
                                            const std::string& base);
// The op type to use: `op_type` unless empty or "N/A" (Level0 captures), else recovered from the
// name's structure: "aclnn<Api>_<Kernel>_<OpType>" -> OpType, "trans_<OpType>_<n>" -> OpType.
std::string_view effective_op_type(std::string_view name, std::string_view op_type);
// Platform from the third string: Kineto cats (kernel, gpu_memcpy, gpu_memset, Memcpy, Memset, ...)
// mean GPU; any other non-empty value is an Ascend core or task type; empty means unknown (kAuto).
Platform detect_platform(std::string_view core_or_cat);

// Classifies each distinct (name, type, core) triple of interned strings once. get() runs once per
// event in every per-rank pass, so its hit path is an array slot per name id (the first (type, core)
// seen with that name: nearly always the only one); other pairs go through a hash map.
class KernelClassCache {
 public:
  KernelClassCache(const KernelClassifier& classifier, const StringPool& strings)
      : classifier_(classifier), strings_(strings) {}
  const KernelClass& get(StringId name, StringId type, StringId core) { return *classes_[index(name, type, core)]; }
  // Dense id of the triple (0 .. distinct()-1, in order of first sight): lets a caller keep per-triple
  // data in a vector instead of a map.
  std::uint32_t index(StringId name, StringId type, StringId core) {
    if (name < by_name_.size()) {
      const Slot& s = by_name_[name];
      if (s.type == type && s.core == core && s.cls != kNoClass) return s.cls;
    }
    return index_slow(name, type, core);
  }
  const KernelClass& at(std::uint32_t index) const { return *classes_[index]; }
  std::size_t distinct() const { return classes_.size(); }

 private:
  static constexpr std::uint32_t kNoClass = 0xFFFFFFFFu;
  struct Slot {
    StringId type = 0, core = 0;
    std::uint32_t cls = kNoClass;
  };
  struct TripleHash {
    std::size_t operator()(const std::pair<std::uint64_t, StringId>& k) const {
      return std::hash<std::uint64_t>()(k.first * 0x9E3779B97F4A7C15ull ^ k.second);
    }
  };
  std::uint32_t index_slow(StringId name, StringId type, StringId core);

  const KernelClassifier& classifier_;
  const StringPool& strings_;
  std::vector<Slot> by_name_;  // indexed by name id
  // (name << 32 | type, core) -> index into classes_, for pairs other than the name's slot.
  std::unordered_map<std::pair<std::uint64_t, StringId>, std::uint32_t, TripleHash> others_;
  std::vector<const KernelClass*> classes_;  // into the classifier's memo (stable for its lifetime)
};

}  // namespace llmsa::analysis
