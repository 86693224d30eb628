// The DB export and the text export of the same training workload (Ascend-msinsight
// test/data/pytorch/{text,db}/level{0,1}): the same compute-kernel names with the same counts, and
// the same number of collectives of each kind. Collective names carry capture-specific ids
// (hcom_allReduce__586_0_1 vs hcom_allReduce__210_0_1), so they are compared by kind.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>

#include "trace/ascend/db_readers.hpp"
#include "trace/ascend/kernel_details_reader.hpp"
#include "trace_test_support.hpp"

using namespace llmsa::trace;
using llmsa::test::sample_path;

namespace {
// "hcom_allReduce__586_0_1" -> "allReduce"
std::string collective_kind(std::string_view name) {
  if (name.rfind("hcom_", 0) == 0) name.remove_prefix(5);
  return std::string(name.substr(0, name.find('_')));
}
struct Summary {
  std::map<std::string, int> compute;
  std::map<std::string, int> collectives;
};
Summary summarize(const RankEvents& ev) {
  Summary s;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    auto name = ev.strings.view(ev.name[i]);
    if (ev.kind[i] == EventKind::kCommunication) ++s.collectives[collective_kind(name)];
    else ++s.compute[std::string(name)];
  }
  return s;
}
// Independent count straight from SQLite.
long long sql_count(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  long long n = -1;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}
}  // namespace

class DbVsText : public ::testing::TestWithParam<std::string> {};

TEST_P(DbVsText, SameKernelsAndCollectiveKinds) {
  const std::string level = GetParam();
  const std::string text = "Ascend-msinsight/test/data/pytorch/text/" + level +
                           "/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  const std::string db = "Ascend-msinsight/test/data/pytorch/db/" + level +
                         "/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/ascend_pytorch_profiler_0.db";
  LLMSA_REQUIRE_SAMPLE(text);
  LLMSA_REQUIRE_SAMPLE(db);
  RankEvents tev;
  FileReadReport trep;
  ascend::read_kernel_details(sample_path(text), tev, trep);
  RankProfile dp;
  FileReadReport drep;
  ascend::read_profiler_db(sample_path(db), dp, drep);
  ASSERT_TRUE(drep.error.empty()) << drep.error;
  EXPECT_EQ(drep.events + drep.rejected, drep.rows_read);

  // DB row counts against SQLite itself.
  const std::string dbp = sample_path(db).string();
  long long compute = sql_count(dbp, "SELECT count(*) FROM COMPUTE_TASK_INFO");
  long long comm = sql_count(dbp, "SELECT count(*) FROM COMMUNICATION_OP");
  std::size_t dk = 0, dc = 0;
  for (auto k : dp.events.kind) (k == EventKind::kCommunication ? dc : dk)++;
  EXPECT_EQ(static_cast<long long>(dk), compute);
  EXPECT_EQ(static_cast<long long>(dc), comm);

  Summary t = summarize(tev), d = summarize(dp.events);
  EXPECT_EQ(t.compute, d.compute);
  EXPECT_EQ(t.collectives, d.collectives);
  // Reference Part E: 4 allReduce in the level1 capture.
  EXPECT_EQ(t.collectives["allReduce"], 4);
  // STEP_TIME gives the DB events the step the text export writes in Step Id (50).
  EXPECT_EQ(dp.events.step[0], 50);
}

INSTANTIATE_TEST_SUITE_P(Levels, DbVsText, ::testing::Values("level0", "level1"));

TEST(DbSamples, PmuAndAnalysisDb) {
  const std::string dir = "Ascend-msinsight/test/data/pytorch/db/level1/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/";
  LLMSA_REQUIRE_SAMPLE(dir);
  RankProfile p;
  FileReadReport rep;
  ascend::read_profiler_db(sample_path(dir + "ascend_pytorch_profiler_0.db"), p, rep);
  const std::string dbp = sample_path(dir + "ascend_pytorch_profiler_0.db").string();
  // Every TASK_PMU_INFO row is one metric value on its compute task.
  long long pmu = sql_count(dbp, "SELECT count(*) FROM TASK_PMU_INFO");
  std::size_t present = 0;
  for (auto& m : p.events.metrics)
    if (p.events.strings.view(m.name) != "Block Dim" && p.events.strings.view(m.name) != "Mix Block Dim")
      present += m.count();
  EXPECT_EQ(static_cast<long long>(present), pmu);
  EXPECT_EQ(p.steps.size(), 1u);
  // STEP_TIME: 50|1736410576386409710|1736410576538298460
  EXPECT_EQ(p.steps[0].start_ns, 1736410576386409710LL);
  EXPECT_EQ(p.steps[0].end_ns, 1736410576538298460LL);

  RankProfile a;
  FileReadReport arep;
  ascend::read_analysis_db(sample_path(dir + "analysis.db"), a, arep);
  const std::string ap = sample_path(dir + "analysis.db").string();
  EXPECT_EQ(static_cast<long long>(a.step_trace.size()), sql_count(ap, "SELECT count(*) FROM StepTraceTime"));
  EXPECT_EQ(static_cast<long long>(a.comm_ops.size()), sql_count(ap, "SELECT count(*) FROM CommAnalyzerTime"));
  EXPECT_EQ(static_cast<long long>(a.comm_links.size()), sql_count(ap, "SELECT count(*) FROM CommAnalyzerMatrix"));
  EXPECT_EQ(static_cast<long long>(a.comm_bandwidth.size()),
            sql_count(ap, "SELECT count(*) FROM CommAnalyzerBandwidth"));
  // StepTraceTime row: 50|8903.431|98071.947|...
  EXPECT_EQ(a.step_trace[0].step, "50");
  EXPECT_DOUBLE_EQ(*a.step_trace[0].computing_us, 8903.431);
}
