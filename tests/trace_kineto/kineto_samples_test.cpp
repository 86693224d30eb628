// Reads every Kineto-format trace in ../shared/samples and checks the reader against the file
// itself: the expected counts are computed in the test from an independent nlohmann/json parse of
// the decompressed file (records by ph), never from our own output.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kineto_test_support.hpp"
#include "support/samples.hpp"
#include "trace/kineto/kineto_reader.hpp"

namespace llmsa::trace {
namespace {

struct Expected {
  std::size_t records = 0, slices = 0, instants = 0, counters = 0, metadata = 0, flow_records = 0, be_pairs = 0;
  std::size_t kernels = 0;  // cat kernel / Kernel
  int rank = -1;
  nlohmann::json events;
};

Expected expect_from_file(const std::filesystem::path& p) {
  Expected e;
  auto j = nlohmann::json::parse(test_support::read_maybe_gzip(p));
  nlohmann::json evs = j.is_array() ? j : j["traceEvents"];
  if (j.is_object() && j.contains("distributedInfo") && j["distributedInfo"].contains("rank"))
    e.rank = j["distributedInfo"]["rank"].get<int>();
  e.records = evs.size();
  for (auto& ev : evs) {
    std::string ph = ev.value("ph", "");
    std::string cat = ev.value("cat", "");
    if (ph == "X") ++e.slices;
    if (ph == "i" || ph == "I") ++e.instants;
    if (ph == "C") ++e.counters;
    if (ph == "M") ++e.metadata;
    if (ph == "s" || ph == "t" || ph == "f") ++e.flow_records;
    if (ph == "E") ++e.be_pairs;
    if (ev.contains("bind_id") && (ev.value("flow_in", false) || ev.value("flow_out", false))) ++e.flow_records;
    if (ph == "X" && (cat == "kernel" || cat == "Kernel")) ++e.kernels;
  }
  e.events = std::move(evs);
  return e;
}


class KinetoSample : public ::testing::TestWithParam<const char*> {};

TEST_P(KinetoSample, CountsAndFieldsMatchTheFile) {
  LLMSA_REQUIRE_SAMPLE(GetParam());
  const auto path = test::sample_path(GetParam());
  const Expected exp = expect_from_file(path);

  RankEvents out;
  FileReadReport rep;
  KinetoTraceInfo info;
  read_kineto_trace(path, out, rep, &info);

  EXPECT_EQ(rep.rows_read, exp.records);
  EXPECT_EQ(rep.rows_read, rep.events + rep.rejected);
  // Events: X slices, instants, counters and one per B/E pair; metadata goes to info.
  EXPECT_EQ(out.size(), exp.slices + exp.instants + exp.counters + exp.be_pairs);
  EXPECT_EQ(info.metadata.size(), exp.metadata);
  // The only records that may be rejected in these real files are unusable flow ends.
  std::size_t rejected_flows = 0;
  for (auto& [reason, n] : rep.rejected_by_reason)
    if (reason.rfind("flow", 0) == 0) rejected_flows += n;
  EXPECT_EQ(rep.rejected, rejected_flows) << (rep.rejected_examples.empty() ? "" : rep.rejected_examples[0].reason);
  EXPECT_LE(out.flows.from.size(), exp.flow_records);
  EXPECT_EQ(out.rank, exp.rank);
  if (exp.rank >= 0) {
    EXPECT_EQ(out.rank_source, "distributedInfo");
  }

  std::size_t kernels = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto type = out.strings.view(out.type[i]);
    if (type == "kernel" || type == "Kernel") {
      ++kernels;
      EXPECT_TRUE(out.kind[i] == EventKind::kKernel || out.kind[i] == EventKind::kCommunication);
      EXPECT_EQ(out.side[i], Side::kDevice);
    }
    // Each event points back at its record: same name, same ts (the double parse of nlohmann
    // is within 0.5 µs of the exact value even for epoch-µs timestamps).
    const auto& rec = exp.events.at(out.source_row[i]);
    EXPECT_EQ(out.strings.view(out.name[i]), rec.value("name", "")) << i;
    if (rec.contains("ts") && rec["ts"].is_number()) {
      const double ts_us = rec["ts"].get<double>();
      EXPECT_NEAR(static_cast<double>(out.start_ns[i]), ts_us * 1000.0, 500.0) << i;
    }
  }
  EXPECT_EQ(kernels, exp.kernels);

  // Kineto ac2g flows carry the correlation id as their id: both ends must agree.
  for (std::size_t f = 0; f < out.flows.from.size(); ++f) {
    if (out.strings.view(out.flows.category[f]) != "ac2g") continue;
    const auto a = out.correlation[out.flows.from[f]], b = out.correlation[out.flows.to[f]];
    if (a != kMissing && b != kMissing) {
      EXPECT_EQ(a, b) << f;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllSamples, KinetoSample, ::testing::ValuesIn(test_support::kKinetoSamples),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           std::string s = i.param;
                           std::string r;
                           for (char c : s) r.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return std::to_string(i.index) + "_" + r.substr(r.size() > 50 ? r.size() - 50 : 0);
                         });

}  // namespace
}  // namespace llmsa::trace
