#pragma once
// The throughput-latency curve of continuous batching: tokens/s over all cards against TPOT, one point
// per concurrency (labelled with the batch), with the TPOT target as a vertical line.
#include <string>
#include <vector>

#include "perf/roofline_svg.hpp"
#include "perf/serving_model.hpp"

namespace llmsa::perf {

struct ServingChartInput {
  std::string title;
  std::string subtitle;
  double tpot_target_seconds = 0;
  std::vector<std::pair<std::string, std::vector<ConcurrencyPoint>>> curves;  // one per layout or setting
};
SvgPlot serving_chart(const ServingChartInput& in);

}  // namespace llmsa::perf
