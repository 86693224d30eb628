#pragma once
// Helpers shared by the report.html tests: pull the embedded JSON back out of a page, and build a
// capture's page the way `llmsa profile -o` does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "analysis/profile_analysis.hpp"
#include "report/html_report.hpp"

namespace llmsa::test {

inline constexpr std::string_view kDataOpen = R"(<script type="application/json" id="llmsa-data">)";

// The JSON text between the data element's tags (still escaped for the page).
inline std::string embedded_data_text(const std::string& page) {
  const std::size_t a = page.find(kDataOpen);
  if (a == std::string::npos) return {};
  const std::size_t from = a + kDataOpen.size();
  const std::size_t b = page.find("</script>", from);
  return b == std::string::npos ? std::string() : page.substr(from, b - from);
}

inline nlohmann::json embedded_data(const std::string& page) { return nlohmann::json::parse(embedded_data_text(page)); }

}  // namespace llmsa::test
