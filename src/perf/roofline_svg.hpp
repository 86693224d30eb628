#pragma once
// A small standalone SVG plot: axes (linear or log10) with ticks and grid, labelled lines and points,
// a title and a legend. No scripts, no external fonts: the file opens in any browser offline. Text is
// XML-escaped (model and op names come from user files). Used by the roofline and serving charts.
#include <string>
#include <string_view>
#include <vector>

namespace llmsa::perf {

std::string xml_escape(std::string_view s);

struct SvgSeries {
  std::string name;
  std::string color;  // CSS colour
  std::vector<std::pair<double, double>> points;
  bool line = true;      // polyline through the points; false: markers only
  bool markers = false;  // circles at the points
  bool dashed = false;
  std::vector<std::string> labels;  // optional text next to each point (same length as points, or empty)
};

struct SvgPlot {
  std::string title;
  std::string subtitle;
  std::string x_label, y_label;
  bool log_x = false, log_y = false;
  // Axis ranges; when min >= max they are taken from the data (padded).
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;
  std::vector<SvgSeries> series;
  int width = 900, height = 560;
};

std::string render_svg(const SvgPlot& plot);
// The same SVG inside a minimal self-contained HTML page.
std::string render_html(const SvgPlot& plot);

}  // namespace llmsa::perf
