// Bad and unusual input: every record is kept or rejected with a reason, whole-file failures
// throw llmsa::Error with a byte offset, and nothing crashes. Inputs are written inline.
#include <gtest/gtest.h>
#include <zlib.h>

#include "core/error.hpp"
#include "kineto_test_support.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

using test_support::find_event;

struct Result {
  RankEvents ev;
  FileReadReport rep;
  KinetoTraceInfo info;
};

std::unique_ptr<Result> read(std::string_view text) {
  auto r = std::make_unique<Result>();
  read_kineto_buffer(text, "inline.json", r->ev, r->rep, &r->info);
  EXPECT_EQ(r->rep.rows_read, r->rep.events + r->rep.rejected);
  return r;
}

Error read_error(std::string_view text) {
  RankEvents ev;
  FileReadReport rep;
  try {
    read_kineto_buffer(text, "inline.json", ev, rep);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text.substr(0, 80);
  return Error(ErrorKind::kInternal, {}, "none");
}

std::string gzip(std::string_view s) {
  uLongf cap = compressBound(static_cast<uLong>(s.size())) + 32;
  std::string out(cap, '\0');
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

constexpr std::string_view kGood = R"({"traceEvents": [
  {"ph": "X", "cat": "cpu_op", "name": "aten::mm", "pid": 1, "tid": 2, "ts": 10.5, "dur": 3, "args": {"External id": 7}},
  {"ph": "X", "cat": "kernel", "name": "sm90_xmma_gemm", "pid": 0, "tid": 7, "ts": 20, "dur": 1.25,
   "args": {"device": 0, "stream": 7, "correlation": 5}},
  {"ph": "M", "name": "process_name", "pid": 1, "tid": 0, "args": {"name": "python"}}
], "distributedInfo": {"rank": 3, "world_size": 4}})";

TEST(KinetoBadInput, GoodInputPlainAndGzipReadTheSame) {
  auto a = read(kGood);
  auto b = read(gzip(kGood));
  EXPECT_EQ(a->ev.size(), 2u);
  EXPECT_EQ(b->ev.size(), 2u);
  EXPECT_TRUE(b->info.gzip);
  EXPECT_EQ(a->ev.start_ns, b->ev.start_ns);
  EXPECT_EQ(a->ev.start_ns[0], 10500);
  EXPECT_EQ(a->ev.dur_ns[1], 1250);
  EXPECT_EQ(a->ev.rank, 3);
  EXPECT_EQ(a->rep.rank, 3);
  ASSERT_EQ(a->info.metadata.size(), 1u);
  EXPECT_EQ(a->info.metadata[0].value, "python");
  EXPECT_EQ(a->rep.rows_read, 3u);
  EXPECT_EQ(a->rep.rejected, 0u);
}

TEST(KinetoBadInput, BareArrayTopLevel) {
  auto r = read(R"([{"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": "1.5", "dur": "2"}])");
  ASSERT_EQ(r->ev.size(), 1u);
  EXPECT_EQ(r->ev.start_ns[0], 1500);  // string-typed ts (as Ascend trace_view writes) is accepted
  EXPECT_EQ(r->ev.dur_ns[0], 2000);
}

TEST(KinetoBadInput, BadEventsAreRejectedWithReasonsAndOthersKept) {
  auto r = read(R"({"traceEvents": [
    {"ph": "X", "name": "ok", "pid": 1, "tid": 1, "ts": 1, "dur": 1},
    {"ph": "X", "name": "neg", "pid": 1, "tid": 1, "ts": 1, "dur": -5},
    {"ph": "X", "name": "nodur", "pid": 1, "tid": 1, "ts": 1},
    {"ph": "X", "name": "badts", "pid": 1, "tid": 1, "ts": [1], "dur": 1},
    {"ph": "X", "name": "huge", "pid": 1, "tid": 1, "ts": 1e300, "dur": 1},
    {"name": "noph", "ts": 1},
    42,
    {"ph": "Q", "name": "weird", "ts": 1},
    {"ph": "E", "name": "orphan", "pid": 1, "tid": 1, "ts": 5},
    {"ph": "f", "id": 9, "cat": "ac2g", "pid": 1, "tid": 1, "ts": 1, "bp": "e"},
    {"ph": "X", "name": "ok2", "pid": 1, "tid": 1, "ts": 2, "dur": 1}
  ]})");
  EXPECT_EQ(r->rep.rows_read, 11u);
  EXPECT_EQ(r->ev.size(), 2u);
  EXPECT_GE(find_event(r->ev, "ok"), 0);
  EXPECT_GE(find_event(r->ev, "ok2"), 0);
  const auto& by = r->rep.rejected_by_reason;
  EXPECT_EQ(by.at("negative dur"), 1u);
  EXPECT_EQ(by.at("complete event (ph X) without dur"), 1u);
  EXPECT_EQ(by.at("ts is not a number in range"), 2u);
  EXPECT_EQ(by.at("missing ph"), 1u);
  EXPECT_EQ(by.at("traceEvents element is not an object"), 1u);
  EXPECT_EQ(by.at("unsupported event phase"), 1u);
  EXPECT_EQ(by.at("end event (ph E) without a begin"), 1u);
  EXPECT_EQ(by.at("flow end without a matching flow start (same cat and id)"), 1u);
  ASSERT_FALSE(r->rep.rejected_examples.empty());
  EXPECT_GT(r->rep.rejected_examples[0].byte_offset, 0);
}

TEST(KinetoBadInput, TruncatedFileKeepsCompleteEvents) {
  const std::string full(kGood);
  // Cut in the middle of the third record's name string.
  const std::string cut = full.substr(0, full.find("process_name") + 5);
  auto r = read(cut);
  EXPECT_EQ(r->ev.size(), 2u);
  EXPECT_EQ(r->rep.rows_read, 3u);
  EXPECT_EQ(r->rep.rejected_by_reason.at("truncated record at the end of the file"), 1u);
  // Cut between records (balanced quotes, unclosed array).
  const std::string cut2 = full.substr(0, full.find("{\"ph\": \"M\""));
  auto r2 = read(cut2);
  EXPECT_EQ(r2->ev.size(), 2u);
  EXPECT_EQ(r2->rep.rejected_by_reason.at("truncated record at the end of the file"), 1u);
  // The same through gzip.
  auto r3 = read(gzip(cut));
  EXPECT_EQ(r3->ev.size(), 2u);
}

TEST(KinetoBadInput, SyntaxErrorStopsWithOffset) {
  auto r = read(R"({"traceEvents": [{"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 1, "dur": 1}, {"ph" "X"}]})");
  EXPECT_EQ(r->ev.size(), 1u);
  EXPECT_EQ(r->rep.rejected_by_reason.at("malformed JSON: reading stopped"), 1u);
  bool noted = false;
  for (const auto& n : r->rep.notes) noted = noted || n.find("malformed JSON at byte") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(KinetoBadInput, WholeFileFailuresThrowWithLocation) {
  EXPECT_NE(read_error("").message().find("empty"), std::string::npos);
  EXPECT_NE(read_error("   \n").message().find("empty"), std::string::npos);
  EXPECT_NE(read_error("42").message().find("neither an object nor an array"), std::string::npos);
  // Invalid UTF-8 at byte 30 (0xFF inside a name).
  std::string bad = R"({"traceEvents": [{"name": "ab)";
  const auto at = static_cast<std::int64_t>(bad.size());
  bad += "\xff";
  bad += R"(", "ph": "X", "ts": 1, "dur": 1}]})";
  Error e = read_error(bad);
  EXPECT_NE(e.message().find("UTF-8"), std::string::npos);
  EXPECT_EQ(e.where().byte_offset, at);
  // Corrupt gzip: valid header, garbage deflate stream.
  std::string gz = gzip(kGood);
  for (std::size_t i = 12; i < gz.size() - 8; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5A);
  EXPECT_NE(read_error(gz).message().find("gzip"), std::string::npos);
  // Truncated gzip.
  EXPECT_NE(read_error(gzip(kGood).substr(0, 20)).message().find("gzip"), std::string::npos);
}

TEST(KinetoBadInput, UnclosedBeginIsRejected) {
  auto r = read(R"([{"ph": "B", "name": "open", "pid": 1, "tid": 1, "ts": 1},
                    {"ph": "B", "name": "closed", "pid": 1, "tid": 2, "ts": 1},
                    {"ph": "E", "pid": 1, "tid": 2, "ts": 4}])");
  ASSERT_EQ(r->ev.size(), 1u);
  EXPECT_EQ(r->ev.strings.view(r->ev.name[0]), "closed");
  EXPECT_EQ(r->ev.dur_ns[0], 3000);
  EXPECT_EQ(r->rep.rejected_by_reason.at("begin event (ph B) without an end"), 1u);
}

TEST(KinetoBadInput, CountersAndInstantsAreKeptAsZeroLengthEvents) {
  auto r = read(R"([{"ph": "C", "name": "cuda_profiler_range", "pid": 1, "tid": 1, "ts": 3, "args": {"sm__cycles": 12.5}},
                    {"ph": "i", "s": "t", "name": "[memory]", "pid": 1, "tid": 1, "ts": 4, "args": {"Bytes": 16, "Total Allocated": 64}}])");
  ASSERT_EQ(r->ev.size(), 2u);
  EXPECT_EQ(r->ev.strings.view(r->ev.type[0]), "counter");
  EXPECT_EQ(test_support::arg(r->ev, 0, "sm__cycles"), "12.5");
  EXPECT_EQ(r->ev.strings.view(r->ev.type[1]), "instant");
  EXPECT_EQ(test_support::arg(r->ev, 1, "Bytes"), "16");
  EXPECT_EQ(r->ev.dur_ns[1], 0);
}

}  // namespace
}  // namespace llmsa::trace
