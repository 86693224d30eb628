#pragma once
// Ascend CSV headers differ between CANN/torch_npu versions and between the torch_npu and msprof
// exports (reference ascend-profiling.md C.2). Readers look columns up by canonical name, never by
// position; this maps every spelling seen in real files or documented to the canonical one.
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::trace::ascend {

// "Task Start Time(μs)" -> "Start Time(us)", "Block Num" -> "Block Dim", ...; unknown names are
// returned trimmed (and with μs spelled us), unchanged otherwise.
std::string canonical_column(std::string_view header_name);

std::vector<std::string> canonical_header(const std::vector<std::string_view>& fields);

}  // namespace llmsa::trace::ascend
