#pragma once
// Diagnosis thresholds as data (data/thresholds.json, each citing its source), loaded once.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/finding.hpp"

namespace llmsa::analysis {

struct Threshold {
  std::string id;
  double value = 0.0;
  std::string unit;
  std::string comparator;  // ">=", ">", "<=", "<"
  std::string rule;        // finding type that uses it
  std::string source;
  // value `measured` trips the threshold under its comparator.
  bool tripped_by(double measured) const;
};

class Thresholds {
 public:
  static const Thresholds& builtin();
  static Thresholds from_json(std::string_view json, const std::string& source_name);

  // Internal fault when `id` is not in the file (a typo in our code, not user input).
  const Threshold& get(std::string_view id) const;
  double value(std::string_view id) const { return get(id).value; }
  // Highest confidence a rule may claim (A.8), nullopt when unrestricted.
  std::optional<evidence::Confidence> max_confidence(std::string_view rule) const;
  const std::vector<Threshold>& all() const { return thresholds_; }

 private:
  std::vector<Threshold> thresholds_;
  std::vector<std::pair<std::string, evidence::Confidence>> caps_;
};

}  // namespace llmsa::analysis
