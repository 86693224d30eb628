#pragma once
// The account of an ingestion, as JSON (a contract: `files` entries hold path, format, rank,
// rows_read, events, rejected, rejected_by_reason) and as a human-readable table.
#include <nlohmann/json.hpp>
#include <string>

#include "trace/ingest.hpp"

namespace llmsa::trace {

nlohmann::json ingest_report_json(const IngestResult& result);
std::string ingest_report_table(const IngestResult& result);

}  // namespace llmsa::trace
