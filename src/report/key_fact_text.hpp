#pragma once
// The words of a measured key fact (analysis/key_findings.hpp), with the numbers it rests on: one
// text for report.md and report.html, so that the two never say different things.
#include <string>

#include "analysis/key_findings.hpp"
#include "analysis/profile_analysis.hpp"

namespace llmsa::report {

enum class FactMarkup { kPlain, kMarkdown };  // markdown: the lead phrase in bold, names escaped for tables

std::string key_fact_text(const analysis::ProfileAnalysis& a, const analysis::KeyFinding& k, FactMarkup markup);

}  // namespace llmsa::report
