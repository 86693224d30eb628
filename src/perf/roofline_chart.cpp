#include "perf/roofline_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/op.hpp"

namespace llmsa::perf {

namespace {

SvgSeries roof(const std::string& name, const std::string& color, double peak, double bw, double x0, double x1, bool dashed) {
  SvgSeries s;
  s.name = name;
  s.color = color;
  s.dashed = dashed;
  const double ridge = peak / bw;
  s.points = {{x0, x0 * bw}, {ridge, peak}, {x1, peak}};
  s.labels = {"", dashed ? "" : fmt::format("ridge {:.0f}", ridge), ""};
  if (ridge <= x0) {
    s.points = {{x0, peak}, {x1, peak}};
    s.labels.clear();
  }
  return s;
}

}  // namespace

SvgPlot roofline_chart(const RooflineChartInput& in) {
  SvgPlot p;
  p.title = in.title;
  p.subtitle = in.subtitle;
  p.x_label = "arithmetic intensity (FLOP/byte)";
  p.y_label = "attained FLOP/s per card";
  p.log_x = p.log_y = true;
  double xmin = 0.1, xmax = 1e4;
  for (const auto& [name, rows] : in.phases)
    for (const auto& r : rows)
      if (r.point.arithmetic_intensity > 0) {
        xmin = std::min(xmin, r.point.arithmetic_intensity / 2);
        xmax = std::max(xmax, r.point.arithmetic_intensity * 2);
      }
  p.x_min = std::pow(10, std::floor(std::log10(xmin)));
  p.x_max = std::pow(10, std::ceil(std::log10(xmax)));
  const double peak = in.rates.peak_flops_per_s, bw = in.rates.bytes_per_s;
  p.y_max = std::pow(10, std::ceil(std::log10(peak * 1.5)));
  p.y_min = std::pow(10, std::floor(std::log10(std::max(1.0, p.x_min * bw * 0.5))));
  p.series.push_back(roof("roof (peak)", "#444", peak, bw, p.x_min, p.x_max, false));
  if (in.efficiency.compute < 1 || in.efficiency.memory < 1)
    p.series.push_back(roof("roof (at efficiency)", "#999", peak * in.efficiency.compute, bw * in.efficiency.memory,
                            p.x_min, p.x_max, true));
  const char* colors[] = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
  std::size_t i = 0;
  for (const auto& [name, rows] : in.phases) {
    SvgSeries s;
    s.name = name;
    s.color = colors[i++ % 4];
    s.line = false;
    s.markers = true;
    for (const auto& r : rows) {
      if (!(r.point.arithmetic_intensity > 0) || !(r.point.achieved_flops_per_s > 0)) continue;
      s.points.emplace_back(r.point.arithmetic_intensity, r.point.achieved_flops_per_s);
      s.labels.push_back(model::op_kind_name(r.kind));
    }
    p.series.push_back(std::move(s));
  }
  return p;
}

}  // namespace llmsa::perf
