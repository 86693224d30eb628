#include "report/trace_category_spans.hpp"

namespace llmsa::report {

std::vector<Interval> merge_category_spans(std::vector<Interval> events, std::int64_t tolerance_ns) {
  // The exact union first (sorted, disjoint), then the short gaps closed in one pass.
  std::vector<Interval> spans = IntervalSet::from_unsorted(std::move(events)).intervals();
  std::size_t out = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (out > 0 && spans[i].start - spans[out - 1].end < tolerance_ns) {
      spans[out - 1].end = spans[i].end;
    } else {
      spans[out++] = spans[i];
    }
  }
  spans.resize(out);
  return spans;
}

}  // namespace llmsa::report
