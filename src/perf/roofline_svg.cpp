#include "perf/roofline_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace llmsa::perf {

std::string xml_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0 text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') o += ' ';
        else o += c;
    }
  }
  return o;
}

namespace {

struct Axis {
  bool log = false;
  double lo = 0, hi = 1;  // in data units
  double p0 = 0, p1 = 1;  // pixels
  double map(double v) const {
    double a = log ? std::log10(std::max(v, 1e-300)) : v, l = log ? std::log10(lo) : lo, h = log ? std::log10(hi) : hi;
    return p0 + (a - l) / (h - l) * (p1 - p0);
  }
};

void fit_range(bool log, double& lo, double& hi, double dmin, double dmax) {
  if (lo < hi) return;
  if (!(dmin <= dmax)) dmin = dmax = log ? 1 : 0;
  if (log) {
    dmin = std::max(dmin, 1e-12);
    dmax = std::max(dmax, dmin);
    lo = std::pow(10, std::floor(std::log10(dmin)));
    hi = std::pow(10, std::ceil(std::log10(dmax)));
    if (hi <= lo) hi = lo * 10;
  } else {
    double span = dmax - dmin;
    if (span <= 0) span = std::abs(dmax) > 0 ? std::abs(dmax) : 1;
    lo = dmin >= 0 && dmin - 0.05 * span < 0 ? 0 : dmin - 0.05 * span;
    hi = dmax + 0.08 * span;
  }
}

std::string tick_label(double v) {
  double a = std::abs(v);
  if (a == 0) return "0";
  if (a >= 1e4) {
    // SI prefixes read better than exponents on FLOP/s and token axes: 100G, 1P.
    const char* si[] = {"k", "M", "G", "T", "P", "E"};
    int e = 0;
    double m = v;
    while (std::abs(m) >= 1000 && e < 6) m /= 1000, ++e;
    return fmt::format("{:g}{}", m, si[e - 1]);
  }
  if (a < 1e-3) return fmt::format("{:.0e}", v);
  if (a >= 100) return fmt::format("{:.0f}", v);
  if (a >= 1) return fmt::format("{:.3g}", v);
  return fmt::format("{:.2g}", v);
}

std::vector<double> ticks(const Axis& a) {
  std::vector<double> t;
  if (a.log) {
    for (double v = a.lo; v <= a.hi * 1.0001; v *= 10) t.push_back(v);
    return t;
  }
  double span = a.hi - a.lo, raw = span / 6, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) {
      step = m * mag;
      break;
    }
  for (double v = std::ceil(a.lo / step) * step; v <= a.hi + 1e-9 * span; v += step) t.push_back(std::abs(v) < 1e-12 * span ? 0 : v);
  return t;
}

}  // namespace

std::string render_svg(const SvgPlot& p) {
  double xmn = std::numeric_limits<double>::infinity(), xmx = -xmn, ymn = xmn, ymx = -xmn;
  for (const auto& s : p.series)
    for (auto [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y) || (p.log_x && x <= 0) || (p.log_y && y <= 0)) continue;
      xmn = std::min(xmn, x), xmx = std::max(xmx, x), ymn = std::min(ymn, y), ymx = std::max(ymx, y);
    }
  Axis ax{p.log_x, p.x_min, p.x_max, 90, p.width - 200.0};
  Axis ay{p.log_y, p.y_min, p.y_max, p.height - 70.0, 70};
  fit_range(ax.log, ax.lo, ax.hi, xmn, xmx);
  fit_range(ay.log, ay.lo, ay.hi, ymn, ymx);

  std::string o = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"Helvetica, Arial, sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      p.width, p.height);
  o += fmt::format("<text x=\"{}\" y=\"28\" font-size=\"18\" font-weight=\"bold\">{}</text>\n", ax.p0, xml_escape(p.title));
  if (!p.subtitle.empty())
    o += fmt::format("<text x=\"{}\" y=\"48\" font-size=\"12\" fill=\"#555\">{}</text>\n", ax.p0, xml_escape(p.subtitle));
  // Grid and ticks.
  for (double t : ticks(ax)) {
    double x = ax.map(t);
    o += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#e5e5e5\"/>\n", x, ay.p1, ay.p0);
    o += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n", x, ay.p0 + 16, tick_label(t));
  }
  for (double t : ticks(ay)) {
    double y = ay.map(t);
    o += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#e5e5e5\"/>\n", ax.p0, y, ax.p1);
    o += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", ax.p0 - 6, y + 4, tick_label(t));
  }
  o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n", ax.p0, ay.p1,
                   ax.p1 - ax.p0, ay.p0 - ay.p1);
  o += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\">{}{}</text>\n", (ax.p0 + ax.p1) / 2,
                   p.height - 25, xml_escape(p.x_label), p.log_x ? " (log)" : "");
  o += fmt::format("<text transform=\"translate(22,{:.1f}) rotate(-90)\" font-size=\"13\" text-anchor=\"middle\">{}{}</text>\n",
                   (ay.p0 + ay.p1) / 2, xml_escape(p.y_label), p.log_y ? " (log)" : "");
  // Series, clipped to the plot area.
  o += fmt::format("<clipPath id=\"plot\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n<g clip-path=\"url(#plot)\">\n",
                   ax.p0, ay.p1, ax.p1 - ax.p0, ay.p0 - ay.p1);
  for (const auto& s : p.series) {
    std::vector<std::pair<double, double>> px;
    for (auto [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y) || (p.log_x && x <= 0) || (p.log_y && y <= 0)) continue;
      px.emplace_back(ax.map(x), ay.map(y));
    }
    if (s.line && px.size() > 1) {
      o += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + xml_escape(s.color) + "\"" +
           (s.dashed ? " stroke-dasharray=\"6,4\"" : "") + " points=\"";
      for (auto [x, y] : px) o += fmt::format("{:.1f},{:.1f} ", x, y);
      o += "\"/>\n";
    }
    if (s.markers)
      for (auto [x, y] : px)
        o += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\" stroke=\"white\"/>\n", x, y, xml_escape(s.color));
  }
  o += "</g>\n";
  // Point labels (outside the clip so they stay readable near the edge). Points that land on the same
  // pixel share one label listing their names, so coincident ops do not print on top of each other.
  std::vector<std::pair<std::pair<long, long>, std::string>> merged;
  for (const auto& s : p.series) {
    if (s.labels.size() != s.points.size()) continue;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      auto [x, y] = s.points[i];
      if (s.labels[i].empty() || !std::isfinite(x) || !std::isfinite(y) || (p.log_x && x <= 0) || (p.log_y && y <= 0)) continue;
      std::pair<long, long> key{std::lround(ax.map(x) / 3), std::lround(ay.map(y) / 3)};
      auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& m) { return m.first == key; });
      if (it == merged.end()) merged.emplace_back(key, s.labels[i]);
      else if (it->second.find(s.labels[i]) == std::string::npos) it->second += ", " + s.labels[i];
    }
  }
  for (const auto& [key, text] : merged)
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#333\">{}</text>\n", key.first * 3 + 6,
                     key.second * 3 - 6, xml_escape(text));
  // Legend.
  double ly = ay.p1 + 6;
  for (const auto& s : p.series) {
    if (s.name.empty()) continue;
    o += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"14\" height=\"4\" fill=\"{}\"/>\n", ax.p1 + 14, ly + 4, xml_escape(s.color));
    o += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n", ax.p1 + 34, ly + 10, xml_escape(s.name));
    ly += 18;
  }
  o += "</svg>\n";
  return o;
}

std::string render_html(const SvgPlot& p) {
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + xml_escape(p.title) +
         "</title></head>\n<body style=\"margin:24px;background:#fafafa\">\n" + render_svg(p) + "</body></html>\n";
}

}  // namespace llmsa::perf
