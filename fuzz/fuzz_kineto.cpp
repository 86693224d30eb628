// libFuzzer target for the Kineto reader: any bytes (plain or gzip) must either read with a
// consistent account or throw llmsa::Error; never crash, hang or leak. The same bytes read split
// into small chunks on two threads must give exactly the one-pass result (or the same error).
// Inputs are cut to their first kMaxInput bytes: every code path is reached by small documents
// (the chunk size scales with the input), and a big input read twice under the sanitizers costs
// many small ones; a cut document is itself a case the reader must handle (truncated JSON).
// scripts/fuzz_smoke.sh runs it with -entropic=0 (fuzz_kineto.flags): entropic scheduling spent
// most of each run on libFuzzer's own bookkeeping (20 s from the seeds, under load: 15 inputs/s
// with it, 139 without).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "trace/kineto/kineto_read_diff.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace {

constexpr std::size_t kMaxInput = std::size_t{64} << 10;

// Reads `bytes`; returns the error message, or "" when it read.
std::string read(std::string_view bytes, const llmsa::trace::KinetoReadOptions& opt, llmsa::trace::kineto::KinetoRead& r) {
  try {
    llmsa::trace::read_kineto_buffer(bytes, "fuzz.json", r.events, r.report, &r.info, opt);
  } catch (const llmsa::Error& e) {
    return std::string("error: ") + e.what();
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmsa::trace;
  const std::string_view bytes(reinterpret_cast<const char*>(data), std::min(size, kMaxInput));
  size = bytes.size();
  KinetoReadOptions one_pass;
  one_pass.min_split_bytes = SIZE_MAX;
  kineto::KinetoRead a;
  const std::string error = read(bytes, one_pass, a);

  KinetoReadOptions split;
  split.threads = 2;
  split.min_split_bytes = 0;
  split.chunk_bytes = 1 + size / 5;  // up to five cuts
  kineto::KinetoRead b;
  if (read(bytes, split, b) != error) std::abort();
  if (!error.empty()) return 0;
  if (!kineto::first_difference(a, b).empty()) std::abort();

  // The account must balance and every index must point at an event.
  const RankEvents& ev = a.events;
  const FileReadReport& rep = a.report;
  if (rep.rows_read != rep.events + rep.rejected) std::abort();
  const std::size_t n = ev.size();
  if (ev.dur_ns.size() != n || ev.name.size() != n || ev.source_row.size() != n || ev.step.size() != n) std::abort();
  for (std::size_t i = 0; i < n; ++i)
    if (ev.dur_ns[i] < 0) std::abort();
  for (const auto& m : ev.metrics)
    if (m.size() != n) std::abort();
  for (auto e : ev.args.event)
    if (e >= n) std::abort();
  for (std::size_t i = 0; i < ev.flows.from.size(); ++i)
    if (ev.flows.from[i] >= n || ev.flows.to[i] >= n) std::abort();
  return 0;
}
