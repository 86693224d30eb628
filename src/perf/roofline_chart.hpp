#pragma once
// The roofline chart of a step: the device's roof (memory slope, then the compute ceiling, at peak
// and at the stated efficiency) on log-log axes, and each op group as a point at its arithmetic
// intensity and the FLOP/s it reaches.
#include <string>
#include <vector>

#include "perf/inference_step.hpp"
#include "perf/roofline_svg.hpp"

namespace llmsa::perf {

struct RooflineChartInput {
  std::string title;     // e.g. "Llama-3.1-70B on H100-SXM, tp4"
  std::string subtitle;  // workload and dtypes
  DeviceRates rates;
  Efficiency efficiency;
  // One series per phase: its name and rows.
  std::vector<std::pair<std::string, std::vector<OpRoofline>>> phases;
};
SvgPlot roofline_chart(const RooflineChartInput& in);

}  // namespace llmsa::perf
