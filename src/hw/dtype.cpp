#include "hw/dtype.hpp"

#include <array>
#include <cctype>

namespace llmsa::hw {

namespace {
constexpr std::array<Dtype, 8> kAll = {Dtype::kFp32, Dtype::kTf32, Dtype::kBf16, Dtype::kFp16,
                                       Dtype::kFp8,  Dtype::kInt8, Dtype::kFp4,  Dtype::kInt4};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}
}  // namespace

std::string_view dtype_name(Dtype d) {
  switch (d) {
    case Dtype::kFp32: return "fp32";
    case Dtype::kTf32: return "tf32";
    case Dtype::kBf16: return "bf16";
    case Dtype::kFp16: return "fp16";
    case Dtype::kFp8: return "fp8";
    case Dtype::kInt8: return "int8";
    case Dtype::kFp4: return "fp4";
    case Dtype::kInt4: return "int4";
  }
  return "?";
}

std::optional<Dtype> parse_dtype(std::string_view name) {
  for (Dtype d : kAll) {
    if (iequals(name, dtype_name(d))) return d;
  }
  return std::nullopt;
}

double dtype_bytes(Dtype d) {
  switch (d) {
    case Dtype::kFp32:
    case Dtype::kTf32: return 4.0;
    case Dtype::kBf16:
    case Dtype::kFp16: return 2.0;
    case Dtype::kFp8:
    case Dtype::kInt8: return 1.0;
    case Dtype::kFp4:
    case Dtype::kInt4: return 0.5;
  }
  return 0.0;
}

std::span<const Dtype> all_dtypes() { return kAll; }

}  // namespace llmsa::hw
