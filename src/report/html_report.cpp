#include "report/html_report.hpp"

#include <fstream>

#include "core/embedded_data.hpp"
#include "core/error.hpp"
#include "report/html_escape.hpp"

namespace llmsa::report {

namespace {

// default-src 'none' makes the "no network request" promise a property of the page: the browser
// refuses any fetch, image, font or frame, whatever a future edit of the script tries.
constexpr const char* kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="llmsa">
<title>llmsa profile report</title>
<style>
)";

constexpr const char* kBody = R"(</style>
</head>
<body>
<header class="top"><h1>llmsa · profile report</h1><div class="sub" id="subtitle">Ascend / PyTorch profiler capture</div></header>
<nav class="sections">
<a href="#summary" data-level="1">Summary</a><a href="#steps" data-level="1">Step time</a><a href="#inspector" data-level="1">Step inspector</a><a href="#shares" data-level="2">Categories</a><a href="#layers" data-level="2">Layers</a><a href="#bound" data-level="2">Bound</a><a href="#operators" data-level="2">Operators</a><a href="#communication" data-level="2">Communication</a><a href="#findings" data-level="2">Findings</a><a href="#timeline" data-level="3">Timeline</a><a href="#evidence" data-level="3">Evidence</a><a href="#notes" data-level="2">Limitations</a>
<span class="focus" id="focus-toggle" role="group" aria-label="focus level"><span class="focus-label">Focus</span><button type="button" id="focus-1" data-focus="1" title="executive: summary, step time, key findings">L1 executive</button><button type="button" id="focus-2" data-focus="2" title="engineer: + categories, layers, operators, communication, findings">L2 engineer</button><button type="button" id="focus-3" data-focus="3" title="raw: + timeline, raw rows, evidence chain">L3 raw</button></span>
</nav>
<main>
<noscript><div class="noscript">This report draws its charts with JavaScript; the same data is in analysis.json, findings.json and the CSV files next to it.</div></noscript>
<div id="render-error" class="banner"></div>
<section class="panel" id="summary" data-level="1"><h2>Executive summary</h2><p class="hint">What was captured, the three things that matter most as the analysis ranks them (severity, confidence, share of step time) with why each has its place, and each rank's time algebra (wall = compute + exposed communication + exposed memcpy + idle).</p><div id="summary-body"></div></section>
<section class="panel" id="steps" data-level="1"><h2>Step time by rank</h2><p class="hint">Each bar is one step's wall time split into compute, exposed communication, exposed memcpy and idle; overlapped communication sits inside compute. Hover for the anatomy, click a step (or focus it and press Enter) to open it in the step inspector.</p><div id="chart-steps"></div></section>
<section class="panel" id="inspector" data-level="1"><h2>Step inspector</h2><p class="hint">One step at a time: its anatomy (head / main / tail), its time split, the bubbles inside it with the kernels around each, its heaviest operators and its layers and blocks. Choose a step in the chart above.</p><div id="inspector-body"><div class="empty" id="inspector-empty">No step chosen yet: click a bar in the step chart.</div></div></section>
<section class="panel" id="shares" data-level="2"><h2>Where time goes</h2><p class="hint">Share of each step's wall time covered by each role (a role's events as a union; roles can overlap, so a row may add up to more than 100%).</p><div id="chart-shares"></div></section>
<section class="panel" id="layers" data-level="2"><h2>Layers and blocks</h2><p class="hint">Per step: its type and why, the layers and blocks the segmentation found, its bubbles and its anatomy.</p><div id="layers-body"></div></section>
<section class="panel" id="bound" data-level="2"><h2>Operator bound</h2><p class="hint">Each operator aggregate at its PipeUtilization ratios (MSPROF op_summary: memory_bound = mte2_ratio / max(mac_ratio, vec_ratio), above the diagonal = memory bound); circle area follows summed duration, colour the bound family. Click a point to filter the table.</p><div id="chart-bound"></div></section>
<section class="panel" id="operators" data-level="2"><h2>Operators</h2><p class="hint">Device operators aggregated by name, type and core. Click a header to sort; the filter matches name, type, core, role and bound. Click an operator's name for its card: one typical call (the call of median duration) with every field of its raw row.</p>
<div class="toolbar"><input type="search" id="op-filter" placeholder="filter: name, type, role, bound…"><select id="op-rank"></select></div>
<div id="op-card-host"></div>
<div id="op-table-host"></div></section>
<section class="panel" id="communication" data-level="2"><h2>Communication</h2><p class="hint">How much communication hides under compute, the HCCL op kinds and link bandwidth (when communication.json is present), and MoE dispatch/combine load across ranks.</p><div id="comm-body"></div></section>
<section class="panel" id="findings" data-level="2"><h2>Findings</h2><p class="hint">Every finding with its metrics, confidence and limitation. At focus L3, open one to see the evidence ids, the source file and rows each resolves to, and the raw rows as they were read.</p><div id="finding-list"></div></section>
<section class="panel" id="timeline" data-level="3"><h2>Timeline</h2><p class="hint">Device streams per rank with steps, layers, bubbles and finding evidence overlaid. Wheel to zoom, drag to pan, hover for details, click a step, layer or bubble to zoom to it, click outlined evidence to open its finding.</p>
<div class="toolbar"><button id="tl-reset">reset</button><button id="tl-in">zoom in</button><button id="tl-out">zoom out</button><span class="tl-status" id="tl-window"></span></div>
<div id="tl-legend"></div>
<div id="timeline-wrap"><canvas id="timeline-canvas" height="200"></canvas></div></section>
<section class="panel" id="evidence" data-level="3"><h2>Evidence chain</h2><p class="hint">Every evidence id a finding cites: its kind, the source file and 0-based rows it names, and the findings that cite it. Open one for the raw rows as they were read.</p><div id="evidence-body"></div></section>
<section class="panel" id="notes" data-level="2"><h2>Limitations, caps and inputs</h2><div id="notes-body"></div></section>
</main>
<footer>Generated by llmsa. Self-contained: no network access. Data: analysis.json, findings.json, evidence_index.csv, raw_kernel_index.csv.</footer>
<script type="application/json" id="llmsa-data">)";

constexpr const char* kTail = R"(</script>
</body>
</html>
)";

}  // namespace

std::string render_html_report(const ReportInputs& in, const HtmlReportCaps& caps) {
  const std::string_view css = require_embedded_file("report/report.css");
  // The script is split by job (data/report/report_<n>_<part>.js) and runs as one function scope.
  std::string js = "(function () {\n'use strict';\n";
  for (const EmbeddedFile& f : embedded_files("report/report_")) {
    if (!f.path.ends_with(".js")) continue;
    js += f.bytes;
    js += "\n";
  }
  js += "})();\n";
  // The page's own script must not close its element early; trace data never reaches it unescaped.
  if (js.find("</script") != std::string::npos || css.find("</style") != std::string_view::npos)
    throw Error(ErrorKind::kInternal, {"report/report_*.js", -1, -1, ""}, "embedded report script or style closes its own element");
  // Invalid UTF-8 in trace names is replaced (U+FFFD) rather than failing the whole report.
  const std::string data = html_report_data(in, caps).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string page;
  page.reserve(data.size() + data.size() / 16 + css.size() + js.size() + 8192);
  page += kHead;
  page += css;
  page += kBody;
  append_json_for_script(page, data);
  page += "</script>\n<script>\n";
  page += js;
  page += kTail;
  return page;
}

void write_html_report(const std::filesystem::path& file, const ReportInputs& in) {
  const std::string page = render_html_report(in);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorKind::kBadInput, {file.string(), -1, -1, "-o"}, "cannot open report.html for writing");
  out.write(page.data(), static_cast<std::streamsize>(page.size()));
  if (!out) throw Error(ErrorKind::kBadInput, {file.string(), -1, -1, "-o"}, "could not write the whole of report.html");
}

}  // namespace llmsa::report
