#pragma once
// report.xlsx (libxlsxwriter): the reference's workbook (ascend-profiling.md A.10) with one table per
// sheet: README (how to read it, the sheets, the limitations), case, rank, step, step anatomy, step
// categories, layer, block, operator, HCCL op, HCCL bandwidth, NCCL collective, bubble windows, wait
// anchors, AICPU, cross-rank alignment, findings, evidence index, raw kernel index. Caps, each closed by
// a marker row that counts what was left out and names the file holding all of it: raw kernel index
// kXlsxMaxRawRows rows (raw_kernel_index.csv has every row), evidence index kXlsxMaxEvidenceRows rows
// plus every id a finding or limitation cites (evidence_index.csv has every id), operator and
// wait-anchor sheets kXlsxMaxOperatorsPerRank per rank, block sheet the blocks of the first
// kXlsxBlockLayersPerRank layers of each rank (analysis.json has every block).
//
// Numbers are stored as numbers, units are in the headers; times inside a rank are µs from that rank's
// capture start (absolute epoch µs do not fit a double's 15-16 digits at ns resolution; the rank sheet
// gives the exact start). Reproducible: fixed document properties and creation time, so the same input
// gives a byte-identical file.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/kernel_classifier.hpp"
#include "analysis/profile_analysis.hpp"
#include "report/report_evidence.hpp"
#include "report/report_limitations.hpp"
#include "trace/profile.hpp"

namespace llmsa::report {

// Rows of the workbook's raw kernel sheet: enough to browse and filter one capture's steps in a
// spreadsheet; raw_kernel_index.csv holds every call. Each row costs 13 cells to write (libxlsxwriter
// prints each number with printf and deflates the XML: ~1.5 µs a cell), so the cap bounds the
// workbook's share of report time (200k rows took ~4 s of 6.5 s on 2M kernels; 50k rows were still
// the largest sheet). 10k rows (cut from 20k: the raw sheet was a quarter of the workbook's XML) are a
// few steps of a small model; a large model's step can be longer, and the CSV then holds the rest.
inline constexpr std::size_t kXlsxMaxRawRows = 10000;
// Operators (and wait anchors) listed per rank, by duration rank; a marker row counts the rest, which
// raw_kernel_index.csv still holds call by call. Real captures have hundreds to a few thousand distinct
// operators; generated or shape-suffixed names can reach hundreds of thousands. 21 cells a row: at
// 1,000 a rank the operator sheet was ~8 MB of the ~50 MB of XML for 8 ranks; the 500 longest hold
// nearly all device time of any real capture.
inline constexpr std::size_t kXlsxMaxOperatorsPerRank = 500;
// Rows of the evidence index sheet: every id a finding or a README limitation cites, then the first
// ids in id order up to this count, then a marker row; evidence_index.csv has every id (ids cited on
// other sheets that the sheet leaves out resolve there). 10 cells a row plus up to 100 listed event
// rows: 8 ranks x 250k kernels made ~17k rows, the workbook's largest sheet after the raw one.
inline constexpr std::size_t kXlsxMaxEvidenceRows = 2000;
// Layers per rank whose blocks the block sheet lists (then a marker row; analysis.json has every block).
// 250 layers are 4 steps of a 61-layer model; at kReportListedLayers (1,000) the block sheet was ~6 MB
// of the workbook's XML for 8 ranks. 9 cells a row, a few blocks a layer.
inline constexpr std::size_t kXlsxBlockLayersPerRank = 250;

// The row caps above that a caller may lower (tests do, to see the marker rows on a small capture).
struct XlsxCaps {
  std::size_t raw_rows = kXlsxMaxRawRows;
  std::size_t evidence_rows = kXlsxMaxEvidenceRows;
};

// `output_limitations`: what the other output files leave out (trace.json's event budget cut), listed
// on the README sheet as report.md lists them. Throws llmsa::Error when the workbook cannot be written.
void write_report_xlsx(const std::filesystem::path& path, const trace::Capture& capture,
                       const analysis::ProfileAnalysis& analysis, const analysis::KernelClassifier& classifier,
                       const ReportEvidence& evidence, const std::vector<std::string>& input_problems = {},
                       const XlsxCaps& caps = {}, const std::vector<Limitation>& output_limitations = {});

}  // namespace llmsa::report
