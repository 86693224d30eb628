#pragma once
// msprof-analyze's slow-rank methods, as pure functions over per-rank numbers
// (ascend-profiling.md Part D; trace-analyzers.md 5.10).
//
// 1. Collective vote (recipes/slow_rank/slow_rank.py): a collective cannot finish before the last
//    rank arrives, so the rank that arrived last waits least: it has the SHORTEST duration. For each
//    collective (same communication group and op name on every rank) the per-rank durations are
//    tested: up to 100 ranks with a one-sided Dixon Q test at 99.5% (critical values in
//    data/slow_rank/dixon_table_995.json), above with 3 sigma. Each flagged rank gets one vote
//    (slowAffectCount). Replicated details: ops whose name contains "send" or "receive" (case-
//    sensitive, as pandas str.contains) are skipped; a group is skipped when its ops do not occur the
//    same number of times; fewer than 3 ranks or at most 3 distinct durations are never flagged; ties
//    for the minimum go to the first rank in input order; the standard deviation has ddof 0 (np.std).
//
// 2. Step-trace rule (advisor slow_rank_analyzer.py): for Computing, Communication(Not Overlapped)
//    and Free of cluster_step_trace_time.csv, ratio = (max - min over ranks) / mean over ranks of
//    (Computing + Communication(Not Overlapped) + Free); a ratio above 5% flags the column and names
//    its max and min ranks.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace llmsa::analysis {

// Positions (into `times`) of the slow ranks of one collective.
std::vector<std::size_t> dixon_slow_ranks(std::span<const double> times);
std::vector<std::size_t> three_sigma_slow_ranks(std::span<const double> times, double sigmas = 3.0);
// Dixon up to 100 values, 3 sigma above (msprof-analyze judge_slow_rank).
std::vector<std::size_t> judge_slow_ranks(std::span<const double> times);
// Dixon critical value at 99.5% for n values (3 <= n <= 100); 0 outside the table.
double dixon_critical_995(std::size_t n);

struct CollectiveTime {
  std::string group;    // communication group (groupName)
  std::string op_name;  // e.g. hcom_allReduce__586_0_1
  int rank = -1;
  double duration_us = 0.0;
};

struct SlowRankVotes {
  std::vector<std::pair<int, std::int64_t>> slow_affect_count;  // (rank, votes), ranks with votes > 0, sorted by rank
  std::int64_t collectives_tested = 0;
  std::int64_t collectives_flagged = 0;
  std::vector<std::string> excluded_groups;  // sorted
  std::int64_t skipped_send_receive = 0;
};
SlowRankVotes vote_slow_ranks(std::span<const CollectiveTime> ops);

struct StepTraceRank {
  int rank = -1;
  double computing_us = 0.0;
  double comm_not_overlapped_us = 0.0;
  double free_us = 0.0;
};

struct StepTraceColumnVerdict {
  std::string column;  // "Computing", "Communication(Not Overlapped)", "Free"
  double ratio = 0.0;  // (max - min) / mean total
  int max_rank = -1;
  int min_rank = -1;
  double max_us = 0.0;
  double min_us = 0.0;
  bool flagged = false;  // ratio > threshold
};
// One verdict per column, in the order above; empty when fewer than 2 ranks or a zero mean total.
std::vector<StepTraceColumnVerdict> step_trace_slow_rank(std::span<const StepTraceRank> ranks, double threshold = 0.05);

}  // namespace llmsa::analysis
