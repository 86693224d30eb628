#pragma once
// The data report.html embeds, as one JSON document: what was captured, the per-step time algebra and
// structure, where time goes, operators with their bound, findings with the raw rows behind them, and
// a downsampled timeline. Everything here is copied or re-shaped from ProfileAnalysis and the Capture;
// no metric is computed (the only arithmetic is the timeline's merging of sub-pixel events and
// offsets from a common time origin). The caps keep the page small on million-event captures and are
// written into the data, so the page states them.
#include <cstddef>

#include <nlohmann/json.hpp>

#include "report/report_set.hpp"

namespace llmsa::report {

struct HtmlReportCaps {
  std::size_t timeline_boxes = 60000;          // timeline boxes over all ranks (merged events count once)
  std::size_t kept_events = 4000;              // evidence events drawn unmerged, over all findings
  std::size_t kept_events_per_finding = 400;
  std::size_t raw_rows_per_evidence = 20;      // raw rows shown per evidence id
  std::size_t evidence_range_rows = 2000;      // a row range longer than this is shown as a range only
  std::size_t operators_per_rank = 300;        // operator table rows (and cards) per rank (by duration)
  std::size_t operators_per_step = 8;          // heaviest operators per step (step inspector)
  std::size_t steps_per_rank = 500;            // the first steps of each rank (charts and tables)
  // Layer spans per rank (overlay, inspector), the first ones; every step still carries its layer count
  // and block kinds. 3,000 layers are ~50 steps of a 61-layer model; 20,000 per rank made the layers
  // most of a million-event page (2.7 of its 4.1 MB per rank at 250k kernels per rank).
  std::size_t layers_per_rank = 3000;
  // Bubble windows per rank (overlay, inspector): the longest ones, in time order; every step still
  // carries its bubble and host-bound counts.
  std::size_t bubbles_per_rank = 2000;
  std::size_t name_bytes = 160;                // longer trace names are cut at a character boundary
};

nlohmann::json html_report_data(const ReportInputs& in, const HtmlReportCaps& caps = {});

}  // namespace llmsa::report
