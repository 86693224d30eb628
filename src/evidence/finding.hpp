#pragma once
// A typed diagnosis finding (ascend-profiling.md A.2 DiagnosisFinding, A.8 rules). A finding never
// carries free-floating numbers: its metrics are named and have units, and it points at evidence ids.
#include <cstdint>
#include <string>
#include <vector>

namespace llmsa::evidence {

enum class Severity : std::uint8_t { kInfo = 0, kLow, kMedium, kHigh };
enum class Confidence : std::uint8_t { kLow = 0, kMedium, kHigh };

const char* severity_name(Severity s);      // "info" | "low" | "medium" | "high"
const char* confidence_name(Confidence c);  // "low" | "medium" | "high"
// Parse the names above; throws llmsa::Error (bad input, field `field`) for anything else.
Severity parse_severity(std::string_view s, const std::string& field = "severity");
Confidence parse_confidence(std::string_view s, const std::string& field = "confidence");

struct Metric {
  std::string name;  // snake_case, e.g. "underfeed_ratio"
  double value = 0.0;
  std::string unit;  // "ms", "us", "ratio", "%", "count", "GB/s", ...
};

struct Finding {
  std::string type;   // rule name, e.g. "device_idle_bubble", "slow_rank_confirmed" (A.8)
  std::string scope;  // "capture" | "rank" | "step" | "layer" | "operator" | "cross_rank"
  std::string title;  // one line a person reads
  Severity severity = Severity::kInfo;
  Confidence confidence = Confidence::kLow;
  std::vector<int> ranks;
  std::vector<Metric> metrics;
  std::vector<std::string> evidence_ids;
  std::string limitation;  // what the finding cannot claim, and why; required without evidence
};

// "fd-<16 hex>": stable hash of type, scope, title, sorted ranks and sorted evidence ids
// (the fields that identify the claim, as A.2's claim_id).
std::string finding_id(const Finding& f);

// The confidence layers of A.2 ("high: direct row evidence + consistent cross-check; medium: direct
// evidence but one corroborating source missing; low: suspicious pattern, incomplete coverage").
enum class CrossCheck : std::uint8_t {
  kConsistent,    // an independent source agrees (e.g. step_trace_time.csv, communication.json)
  kMissing,       // the corroborating source is absent from the capture
  kInconsistent,  // the corroborating source disagrees
};
struct EvidenceBasis {
  bool direct_row_evidence = false;  // the claim is computed from raw rows it points at
  bool coverage_complete = true;     // every rank/step the claim speaks about was read
  CrossCheck cross_check = CrossCheck::kMissing;
};
Confidence confidence_for(const EvidenceBasis& basis);

// A rule may cap confidence (A.8: slow_rank_suspected and dp_workload_imbalance are "confidence low").
Confidence cap_confidence(Confidence c, Confidence cap);

}  // namespace llmsa::evidence
