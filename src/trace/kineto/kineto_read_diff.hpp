#pragma once
// Compares two reads of the same Kineto trace column by column (events, strings, args, flows,
// account, file facts). A split read must equal the one-pass read exactly, for any thread count:
// the tests and the fuzzer check it with this.
#include <string>

#include "trace/event_store.hpp"
#include "trace/kineto/kineto_reader.hpp"
#include "trace/read_report.hpp"

namespace llmsa::trace::kineto {

struct KinetoRead {
  RankEvents events;
  FileReadReport report;
  KinetoTraceInfo info;
};

// "" when equal (KinetoTraceInfo::chunks aside), else the first difference, in words.
std::string first_difference(const KinetoRead& a, const KinetoRead& b);

}  // namespace llmsa::trace::kineto
