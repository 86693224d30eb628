#include "analysis/shared_name.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

namespace llmsa::analysis {

void to_json(nlohmann::json& j, const SharedName& n) { j = n.str(); }
std::ostream& operator<<(std::ostream& os, const SharedName& n) { return os << n.str(); }

}  // namespace llmsa::analysis
