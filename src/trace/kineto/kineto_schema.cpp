#include "trace/kineto/kineto_schema.hpp"

#include <array>
#include <cctype>
#include <cstdint>

namespace llmsa::trace::kineto {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

// Argument keys kept in the ArgTable. Sources: Kineto's output_json.cpp / CuptiActivity.cpp /
// RoctracerActivity.cpp field names as seen in the samples (HTA nccl_parser_config, TraceLens b200
// and mi300): launch linkage, collective description, kernel launch shape, memcpy size, and the
// [memory] instant fields.
constexpr std::array<std::string_view, kKeptKeyCount> kKeptKeys = {
    "Fwd thread id",
    "Collective name",   "In msg nelems",          "Out msg nelems",
    "Group size",        "dtype",                  "In split size",
    "Out split size",    "Process Group Name",     "Process Group Description",
    "Process Group Ranks", "Process Group ID",     "Global rank start",
    "Global rank stride", "Rank",                  "seq_num",
    "bytes",             "memory bandwidth (GB/s)", "grid",
    "block",             "registers per thread",   "shared memory",
    "blocks per SM",     "warps per SM",           "est. achieved occupancy %",
    "queued",            "kind",                   "Bytes",
    "Total Allocated",   "Total Reserved",         "Device Id",
};

}  // namespace

CategoryInfo classify_category(std::string_view cat) {
  auto host = [](EventKind k) { return CategoryInfo{k, Side::kHost, true}; };
  auto dev = [](EventKind k) { return CategoryInfo{k, Side::kDevice, true}; };
  // Current schema (Kineto ActivityType names) first, the 2021 capitalised names next.
  if (cat == "cpu_op" || iequals(cat, "Operator")) return host(EventKind::kCpuOp);
  if (cat == "kernel" || cat == "Kernel") return dev(EventKind::kKernel);
  if (cat == "cuda_runtime" || cat == "cuda_driver" || iequals(cat, "Runtime") || cat == "hip_runtime" ||
      cat == "hip_driver" || cat == "mtia_runtime" || cat == "privateuse1_runtime" || cat == "privateuse1_driver")
    return host(EventKind::kRuntime);
  if (cat == "python_function") return host(EventKind::kPython);
  if (cat == "user_annotation") return host(EventKind::kAnnotation);
  if (cat == "gpu_user_annotation") return dev(EventKind::kAnnotation);
  if (cat == "gpu_memcpy" || cat == "Memcpy") return dev(EventKind::kMemcpy);
  if (cat == "gpu_memset" || cat == "Memset") return dev(EventKind::kMemset);
  if (cat == "cuda_sync") return dev(EventKind::kSync);
  if (cat == "Trace" || cat == "cpu_instant_event" || cat == "overhead" || cat == "Overhead")
    return host(EventKind::kOther);
  if (cat == "cuda_profiler_range" || cat == "mtia_ccp_events") return dev(EventKind::kOther);
  if (icontains(cat, "runtime") || icontains(cat, "driver")) return host(EventKind::kRuntime);
  return CategoryInfo{EventKind::kOther, Side::kHost, false};
}

bool is_collective_kernel_name(std::string_view name) {
  // Looks for "ccl" (any case) preceded by 'n' or 'r': one pass, no lowercase copies; kernel
  // names are long and every kernel is checked.
  // ASCII letters lower-cased by OR 0x20 (the bytes compared against are letters).
  for (std::size_t i = 1; i + 3 <= name.size(); ++i) {
    if ((name[i] | 0x20) != 'c' || (name[i + 1] | 0x20) != 'c' || (name[i + 2] | 0x20) != 'l') continue;
    const char p = static_cast<char>(name[i - 1] | 0x20);
    if (p == 'n' || p == 'r') return true;
  }
  return false;
}

bool parse_profiler_step(std::string_view name, std::int64_t& step) {
  constexpr std::string_view kPrefix = "ProfilerStep#";
  if (name.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view digits = name.substr(kPrefix.size());
  if (digits.empty() || digits.size() > 18) return false;
  std::int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  step = v;
  return true;
}

ArgKey classify_arg_key(std::string_view key, std::uint8_t* kept_index) {
  switch (key.size()) {
    case 6:
      if (key == "device") return ArgKey::kDevice;
      if (key == "stream") return ArgKey::kStream;
      break;
    case 10:
      if (key == "Input Dims" || key == "Input dims") return ArgKey::kInputDims;
      if (key == "Input type") return ArgKey::kInputType;
      break;
    case 11:
      if (key == "correlation") return ArgKey::kCorrelation;
      if (key == "External id" || key == "external id") return ArgKey::kExternalId;
      break;
    case 15:
      if (key == "Sequence number") return ArgKey::kSequenceNumber;
      break;
    default: break;
  }
  // Most keys seen are not kept ("Ev Idx", "Python id", "cbid", ...): a 256-slot table indexed by
  // length and end bytes leaves at most a couple of full comparisons per key.
  if (key.empty()) return ArgKey::kIgnore;
  static const auto table = [] {
    std::array<std::array<std::uint8_t, 4>, 256> t{};
    for (auto& slot : t) slot.fill(0xFF);
    for (std::size_t i = 0; i < kKeptKeys.size(); ++i) {
      const auto k = kKeptKeys[i];
      auto& slot = t[(k.size() * 31 + static_cast<unsigned char>(k.front()) * 7 + static_cast<unsigned char>(k.back())) & 255];
      for (auto& e : slot)
        if (e == 0xFF) {
          e = static_cast<std::uint8_t>(i);
          break;
        }
    }
    return t;
  }();
  const auto& slot =
      table[(key.size() * 31 + static_cast<unsigned char>(key.front()) * 7 + static_cast<unsigned char>(key.back())) & 255];
  for (auto e : slot) {
    if (e == 0xFF) break;
    if (kKeptKeys[e] == key) {
      if (kept_index) *kept_index = e;
      return ArgKey::kKeep;
    }
  }
  return ArgKey::kIgnore;
}

std::string_view canonical_arg_key(std::string_view key) {
  if (key == "external id") return "External id";
  return key;
}

}  // namespace llmsa::trace::kineto
