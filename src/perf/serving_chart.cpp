#include "perf/serving_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmsa::perf {

SvgPlot serving_chart(const ServingChartInput& in) {
  SvgPlot p;
  p.title = in.title;
  p.subtitle = in.subtitle;
  p.x_label = "TPOT (ms)";
  p.y_label = "output tokens/s (all cards)";
  p.log_y = true;
  const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  std::size_t i = 0;
  double ymin = 1e300, ymax = 0, xmax = 0;
  for (const auto& [name, pts] : in.curves) {
    SvgSeries s;
    s.name = name;
    s.color = colors[i++ % 6];
    s.markers = true;
    for (const auto& c : pts) {
      s.points.emplace_back(c.tpot_seconds * 1e3, c.tokens_per_second);
      s.labels.push_back(fmt::format("B={}", c.concurrency));
      ymin = std::min(ymin, c.tokens_per_second);
      ymax = std::max(ymax, c.tokens_per_second);
      xmax = std::max(xmax, c.tpot_seconds * 1e3);
    }
    p.series.push_back(std::move(s));
  }
  if (in.tpot_target_seconds > 0 && ymax > 0) {
    SvgSeries t;
    t.name = fmt::format("TPOT target {:.0f} ms", in.tpot_target_seconds * 1e3);
    t.color = "#888";
    t.dashed = true;
    t.points = {{in.tpot_target_seconds * 1e3, ymin / 2}, {in.tpot_target_seconds * 1e3, ymax * 2}};
    p.series.push_back(std::move(t));
    xmax = std::max(xmax, in.tpot_target_seconds * 1e3);
  }
  p.x_min = 0;
  p.x_max = xmax > 0 ? xmax * 1.15 : 1;
  return p;
}

}  // namespace llmsa::perf
