#include "trace/ascend/column_aliases.hpp"

#include <array>
#include <utility>

#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

namespace {
// Alias -> canonical. Sources: reference C.2 item 6 (torch_npu _csv_headers.py and msprof
// op_summary), C.3/C.5 for the statistics files.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kAliases{{
    {"Block Num", "Block Dim"},
    {"Mix Block Num", "Mix Block Dim"},
    {"Accelerator", "Accelerator Core"},
    {"Task Type", "Accelerator Core"},
    {"Task Start Time(us)", "Start Time(us)"},
    {"Task Duration(us)", "Duration(us)"},
    {"Task Wait Time(us)", "Wait Time(us)"},
    {"Op Name", "Name"},
    {"OP Type", "Type"},
    {"Device_id", "Device_id"},
    {"Device Id", "Device_id"},
    {"Step ID", "Step Id"},
}};
}  // namespace

std::string canonical_column(std::string_view header_name) {
  std::string s(trim_field(header_name));
  // Strip a stray BOM that some writers put before the first header even after a BOM-less open.
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
      static_cast<unsigned char>(s[2]) == 0xBF)
    s.erase(0, 3);
  // Some files write µs / μs (U+00B5 / U+03BC) where others write us.
  for (std::string_view mu : {std::string_view("\xCE\xBC" "s)"), std::string_view("\xC2\xB5" "s)")}) {
    for (auto p = s.find(mu); p != std::string::npos; p = s.find(mu)) s.replace(p, mu.size(), "us)");
  }
  for (const auto& [alias, canon] : kAliases)
    if (s == alias) return std::string(canon);
  return s;
}

std::vector<std::string> canonical_header(const std::vector<std::string_view>& fields) {
  std::vector<std::string> out;
  out.reserve(fields.size());
  for (auto f : fields) out.push_back(canonical_column(f));
  return out;
}

}  // namespace llmsa::trace::ascend
