#pragma once
// Numeric formats a device computes in or a tensor is stored in. One list for the hardware database
// (peak FLOPs per format) and for the performance model (bytes per element).
#include <optional>
#include <span>
#include <string_view>

namespace llmsa::hw {

enum class Dtype { kFp32, kTf32, kBf16, kFp16, kFp8, kInt8, kFp4, kInt4 };

// Lower-case name as used in data files and on the command line ("bf16", "fp8", ...).
std::string_view dtype_name(Dtype d);
// Accepts the names above, case-insensitively; nullopt for anything else.
std::optional<Dtype> parse_dtype(std::string_view name);
// Bytes per element (methodology.md §1.4: FP32 4, BF16/FP16 2, FP8/INT8 1, FP4/INT4 0.5; TF32 is stored as 4).
double dtype_bytes(Dtype d);
// Every format, in the order above (stable for tables and JSON).
std::span<const Dtype> all_dtypes();

}  // namespace llmsa::hw
