#include "analysis/findings_ops.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

#include <fmt/ranges.h>

#include "analysis/rank_parallel.hpp"

namespace llmsa::analysis {

using evidence::Confidence;
using evidence::EvidenceKind;
using evidence::EvidenceRef;
using evidence::Finding;
using evidence::Severity;

OpsAnalysis analyze_ops(const trace::Capture& capture, const KernelClassifier& classifier, const hw::Device* device,
                        const Thresholds& thresholds, unsigned threads) {
  std::vector<EventClasses> classes(capture.ranks.size());
  for_each_rank(capture.ranks.size(), threads,
                [&](std::size_t i) { classes[i] = EventClasses(capture.ranks[i].events, classifier); });
  return analyze_ops(capture, classes, classifier, device, thresholds, threads);
}

OpsAnalysis analyze_ops(const trace::Capture& capture, const std::vector<EventClasses>& classes,
                        const KernelClassifier& classifier, const hw::Device* device, const Thresholds& thresholds,
                        unsigned threads) {
  OpsAnalysis a;
  const std::size_t n = capture.ranks.size();
  a.operators.resize(n);
  a.hccl.resize(n);
  a.nccl.resize(n);
  a.overlap.resize(n);
  for_each_rank(n, threads, [&](std::size_t i) {
    const auto& r = capture.ranks[i];
    a.operators[i] = summarize_operators(r, classes[i], classifier, thresholds);
    a.hccl[i] = summarize_hccl(r, device);
    a.nccl[i] = summarize_nccl(r.events);
    a.overlap[i] = communication_overlap(r.events, classes[i]);
  });
  a.cross_rank = analyze_cross_rank(capture, classes, thresholds);
  return a;
}

void register_capture_sources(const trace::Capture& capture, evidence::EvidenceIndex& index) {
  auto rows_of = [](const std::vector<trace::FileReadReport>& files, const std::string& path) -> std::int64_t {
    for (const auto& f : files)
      if (f.path == path) return static_cast<std::int64_t>(f.rows_read);
    return 0;
  };
  for (const auto& r : capture.ranks)
    for (const auto& s : r.events.sources)
      index.register_source({s.path, s.format, rows_of(r.files, s.path), r.events.rank});
  for (const auto& s : capture.cluster_sources)
    index.register_source({s.path, s.format, rows_of(capture.cluster_files, s.path), -1});
}

std::vector<std::string> add_event_evidence(const trace::RankProfile& rank, const std::vector<std::uint32_t>& events,
                                            EvidenceKind kind, const std::string& summary,
                                            evidence::EvidenceIndex& index) {
  const auto& ev = rank.events;
  // Grouped by source through a table indexed by source id (in id order, as a map would give), each
  // list counted first and allocated once at its size: the lists of a report's top operators hold
  // most of a rank's events, and growing them by doubling touched twice the memory.
  const std::size_t sources = ev.sources.size();  // every event's source id indexes ev.sources
  std::vector<std::size_t> counts(sources, 0);
  for (auto e : events) ++counts[ev.source[e]];
  std::vector<std::pair<std::uint16_t, std::vector<std::int64_t>>> by_source;
  std::vector<std::size_t> slot(sources, 0);
  for (std::size_t s = 0; s < sources; ++s)
    if (counts[s]) {
      slot[s] = by_source.size();
      by_source.emplace_back(static_cast<std::uint16_t>(s), std::vector<std::int64_t>()).second.reserve(counts[s]);
    }
  for (auto e : events) by_source[slot[ev.source[e]]].second.push_back(static_cast<std::int64_t>(ev.source_row[e]));
  std::vector<std::string> ids;
  for (auto& [src, rows] : by_source) {
    EvidenceRef ref;
    ref.kind = rows.size() == 1 && kind == EvidenceKind::kOperatorAggregate ? EvidenceKind::kEvent : kind;
    ref.rank = ev.rank;
    ref.source_path = ev.sources[src].path;
    ref.source_format = ev.sources[src].format;
    ref.rows = {*std::min_element(rows.begin(), rows.end()), *std::max_element(rows.begin(), rows.end())};
    ref.event_indices = std::move(rows);
    ref.summary = summary;
    ids.push_back(index.add(std::move(ref)));
  }
  return ids;
}

std::vector<std::string> add_row_evidence(const trace::Capture& capture, const std::vector<RankRow>& rows,
                                          EvidenceKind kind, const std::string& summary,
                                          evidence::EvidenceIndex& index) {
  // Group by (file, rank) so each evidence entry names one file. Keyed by the path, not the pointer:
  // pointer order differs from run to run and the ids would come out in a different order.
  std::map<std::pair<std::string, int>, std::pair<const trace::SourceFile*, std::vector<std::int64_t>>> groups;
  std::map<int, const trace::RankProfile*> by_rank;
  for (const auto& r : capture.ranks) by_rank[r.events.rank] = &r;
  for (const auto& row : rows) {
    const trace::SourceFile* file = nullptr;
    int rank = row.rank;
    if (row.cluster) {
      if (row.from.source < capture.cluster_sources.size()) file = &capture.cluster_sources[row.from.source];
      rank = -1;
    } else if (auto it = by_rank.find(row.rank); it != by_rank.end() && row.from.source < it->second->events.sources.size()) {
      file = &it->second->events.sources[row.from.source];
    }
    if (file) {
      auto& g = groups[{file->path, rank}];
      g.first = file;
      g.second.push_back(static_cast<std::int64_t>(row.from.row));
    }
  }
  std::vector<std::string> ids;
  for (auto& [key, group] : groups) {
    auto& [file, list] = group;
    EvidenceRef ref;
    ref.kind = kind;
    ref.rank = key.second;
    ref.source_path = file->path;
    ref.source_format = file->format;
    ref.rows = {*std::min_element(list.begin(), list.end()), *std::max_element(list.begin(), list.end())};
    ref.event_indices = std::move(list);
    ref.summary = summary;
    ids.push_back(index.add(std::move(ref)));
  }
  // The groups are keyed by file address, whose order is the allocator's: sort for a stable output.
  std::sort(ids.begin(), ids.end());
  return ids;
}

namespace {

constexpr std::size_t kMaxPerRankFindings = 10;  // per rule and rank: the top items, the rest stay in analysis output

Confidence capped(const Thresholds& th, const std::string& rule, Confidence c) {
  if (auto cap = th.max_confidence(rule)) return evidence::cap_confidence(c, *cap);
  return c;
}

void push(std::vector<Finding>& out, Finding f, const Thresholds& th) {
  f.confidence = capped(th, f.type, f.confidence);
  if (f.evidence_ids.empty() && f.limitation.empty())
    f.limitation = "no row-level evidence could be attached (source rows not recorded by the reader)";
  if (f.confidence == Confidence::kLow && f.limitation.empty())
    f.limitation = "low confidence: a pattern, not a verified cause; corroborate with another source";
  out.push_back(std::move(f));
}

const trace::RankProfile* rank_profile(const trace::Capture& c, int rank) {
  for (const auto& r : c.ranks)
    if (r.events.rank == rank) return &r;
  return nullptr;
}

void operator_findings(const trace::RankProfile& rp, const OperatorSummary& s, evidence::EvidenceIndex& index,
                       const Thresholds& th, std::vector<Finding>& out) {
  const evidence::EvidenceBasis direct{true, true, evidence::CrossCheck::kMissing};
  std::size_t anchors = 0, hotspots = 0, bound = 0;
  for (const auto& a : s.operators) {  // in duration order: the heaviest first
    const std::string what = fmt::format("{} [{}|{}] x{}", a.name, a.type, a.core, a.calls);
    if (a.wait_anchor && anchors < kMaxPerRankFindings) {
      ++anchors;
      Finding f{"wait_anchor_op", "operator",
                fmt::format("rank {}: {} waits {:.1f}% of its cost", s.rank, a.name, a.wait_ratio * 100),
                Severity::kLow, evidence::confidence_for(direct), {s.rank},
                {{"wait_ratio", a.wait_ratio, "ratio"}, {"wait_sum_us", a.wait_sum_ns / 1000.0, "us"},
                 {"duration_sum_us", a.duration_sum_ns / 1000.0, "us"}, {"calls", static_cast<double>(a.calls), "count"}},
                add_event_evidence(rp, a.events, EvidenceKind::kOperatorAggregate, "wait anchor " + what, index),
                "Wait Time is the gap before the task (Task Wait Time): the time is spent upstream, not in this operator"};
      push(out, std::move(f), th);
    }
    if (a.false_hotspot_risk && hotspots < kMaxPerRankFindings) {
      ++hotspots;
      Finding f{"wait_anchor_false_hotspot", "operator",
                fmt::format("rank {}: {} ranks #{} by cost but is {:.1f}% wait", s.rank, a.name, a.rank_by_total_cost,
                            a.wait_ratio * 100),
                Severity::kInfo, evidence::confidence_for(direct), {s.rank},
                {{"wait_ratio", a.wait_ratio, "ratio"}, {"duration_avg_us", a.duration_avg_us, "us"},
                 {"rank_by_total_cost", static_cast<double>(a.rank_by_total_cost), "count"}},
                add_event_evidence(rp, a.events, EvidenceKind::kOperatorAggregate, "false hotspot " + what, index), ""};
      push(out, std::move(f), th);
    }
    if (a.bound.memory_bound && a.bound.memory_verdict == "memory" && a.rank_by_duration <= 10 &&
        bound < kMaxPerRankFindings) {
      ++bound;
      Finding f{"operator_memory_bound", "operator",
                fmt::format("rank {}: {} is memory bound (mte2/max(mac,vec) = {:.2f})", s.rank, a.name, *a.bound.memory_bound),
                Severity::kLow, evidence::confidence_for(direct), {s.rank},
                {{"memory_bound", *a.bound.memory_bound, "ratio"}, {"mte2_ratio", a.bound.mte2_ratio.value_or(0), "ratio"},
                 {"duration_sum_us", a.duration_sum_ns / 1000.0, "us"}},
                add_event_evidence(rp, a.events, EvidenceKind::kOperatorAggregate, "memory bound " + what, index), ""};
      push(out, std::move(f), th);
    }
  }
  for (const auto& m : s.aicpu) {
    const Severity sev = m.classification == "AICPU_EXPOSED_NOT_ALLOWED" ? Severity::kHigh
                         : m.classification == "AICPU_PARTIALLY_EXPOSED" ? Severity::kMedium
                                                                         : Severity::kLow;
    Finding f{"aicpu_exposed", "operator",
              fmt::format("rank {}: AICPU op {} ({}), {:.0f}% masked", s.rank, m.name, m.classification, m.masked_ratio * 100),
              sev, evidence::confidence_for(direct), {s.rank},
              {{"masked_ratio", m.masked_ratio, "ratio"}, {"duration_sum_us", m.duration_sum_ns / 1000.0, "us"},
               {"overlap_with_ai_core_us", m.overlap_with_ai_core_ns / 1000.0, "us"}},
              add_event_evidence(rp, m.events, EvidenceKind::kOperatorAggregate, "AICPU " + m.name, index), ""};
    push(out, std::move(f), th);
  }
}

void hccl_findings(const trace::Capture& c, const trace::RankProfile& rp, const HcclSummary& h,
                   evidence::EvidenceIndex& index, const Thresholds& th, std::vector<Finding>& out) {
  const evidence::EvidenceBasis direct{true, true, evidence::CrossCheck::kMissing};
  auto rows_of = [&](const std::vector<trace::Provenance>& p) {
    std::vector<RankRow> rows;
    for (const auto& x : p) rows.push_back({rp.events.rank, x, false});
    return rows;
  };
  for (const auto& k : h.kinds) {
    if (!th.get("notify_wait_dominant").tripped_by(k.wait_share) || k.elapse_ms <= 0) continue;
    Finding f{"notify_wait_dominant", "rank",
              fmt::format("rank {}: {} spends {:.0f}% of its time waiting for peers", h.rank, k.kind, k.wait_share * 100),
              Severity::kMedium, evidence::confidence_for(direct), {h.rank},
              {{"wait_share", k.wait_share, "ratio"}, {"wait_ms", k.wait_ms, "ms"}, {"elapse_ms", k.elapse_ms, "ms"}},
              add_row_evidence(c, rows_of(k.rows), EvidenceKind::kCollective, "HCCL " + k.kind + " ops", index),
              "Wait Time of communication.json: waiting for the slowest peer, a symptom of skew elsewhere"};
    push(out, std::move(f), th);
  }
  for (const auto& t : h.transports) {
    if (t.transport != "RDMA" || !t.utilization || !th.get("rdma_bandwidth_underused").tripped_by(*t.utilization)) continue;
    Finding f{"rdma_bandwidth_underused", "rank",
              fmt::format("rank {}: RDMA at {:.1f} GB/s, {:.0f}% of {}", h.rank, t.bandwidth_gbps.value_or(0),
                          *t.utilization * 100, t.expected_link),
              Severity::kMedium, Confidence::kMedium, {h.rank},
              {{"bandwidth_gbps", t.bandwidth_gbps.value_or(0), "GB/s"}, {"expected_gbps", t.expected_gbps.value_or(0), "GB/s"},
               {"utilization", *t.utilization, "ratio"}},
              add_row_evidence(c, rows_of(t.rows), EvidenceKind::kRows, "RDMA bandwidth rows", index),
              "expected bandwidth is the hardware table's nominal link figure, not a measured peak of this cluster"};
    push(out, std::move(f), th);
  }
}

}  // namespace

std::vector<Finding> build_ops_findings(const trace::Capture& capture, const OpsAnalysis& a,
                                        evidence::EvidenceIndex& index, const Thresholds& th) {
  std::vector<Finding> out;
  for (std::size_t i = 0; i < capture.ranks.size() && i < a.operators.size(); ++i) {
    operator_findings(capture.ranks[i], a.operators[i], index, th, out);
    if (i < a.hccl.size()) hccl_findings(capture, capture.ranks[i], a.hccl[i], index, th, out);
  }

  const auto& x = a.cross_rank;
  // Slow ranks by the collective vote.
  std::set<int> confirmed;
  for (const auto& [rank, votes] : x.slow_ranks.votes.slow_affect_count) confirmed.insert(rank);
  if (!confirmed.empty()) {
    std::int64_t max_votes = 0;
    std::vector<int> ranks;
    for (const auto& [rank, votes] : x.slow_ranks.votes.slow_affect_count) {
      ranks.push_back(rank);
      max_votes = std::max(max_votes, votes);
    }
    const bool step_trace_agrees = std::any_of(x.slow_ranks.step_trace.begin(), x.slow_ranks.step_trace.end(),
                                               [&](const StepTraceColumnVerdict& v) { return v.flagged; });
    const evidence::EvidenceBasis basis{true, true,
                                        x.slow_ranks.step_trace.empty() ? evidence::CrossCheck::kMissing
                                        : step_trace_agrees             ? evidence::CrossCheck::kConsistent
                                                                        : evidence::CrossCheck::kInconsistent};
    Finding f{"slow_rank_confirmed", "cross_rank",
              fmt::format("slow rank(s) by msprof-analyze's collective vote: {}", fmt::join(ranks, ", ")),
              th.get("slow_rank_confirmed_high_severity_count").tripped_by(static_cast<double>(max_votes)) ? Severity::kHigh
                                                                                                          : Severity::kMedium,
              evidence::confidence_for(basis), ranks,
              {{"max_slow_affect_count", static_cast<double>(max_votes), "count"},
               {"collectives_tested", static_cast<double>(x.slow_ranks.votes.collectives_tested), "count"},
               {"collectives_flagged", static_cast<double>(x.slow_ranks.votes.collectives_flagged), "count"}},
              add_row_evidence(capture, x.slow_ranks.vote_rows, EvidenceKind::kCollective,
                               "collective durations voted on (" + x.slow_ranks.vote_source + ")", index),
              "the vote flags the rank that arrived last at collectives; why it was late needs its own timeline"};
    push(out, std::move(f), th);
  }
  for (const auto& v : x.slow_ranks.step_trace) {
    if (!v.flagged) continue;
    Finding f{"slow_rank_step_trace", "cross_rank",
              fmt::format("{} differs by {:.1f}% of the mean step across ranks (max rank {}, min rank {})", v.column,
                          v.ratio * 100, v.max_rank, v.min_rank),
              Severity::kMedium, Confidence::kMedium, {v.max_rank, v.min_rank},
              {{"ratio", v.ratio, "ratio"}, {"max_us", v.max_us, "us"}, {"min_us", v.min_us, "us"}},
              add_row_evidence(capture, x.slow_ranks.step_trace_rows, EvidenceKind::kStepTraceRow,
                               "per-rank step trace rows (" + x.slow_ranks.step_trace_source + ")", index),
              ""};
    push(out, std::move(f), th);
  }
  // Slow collectives: the largest skews first.
  std::vector<const CollectiveAlignment*> slow;
  for (const auto& c : x.collectives)
    if (c.slow) slow.push_back(&c);
  std::stable_sort(slow.begin(), slow.end(), [](auto* p, auto* q) { return p->duration_skew_us > q->duration_skew_us; });
  for (std::size_t i = 0; i < slow.size() && i < 20; ++i) {
    const auto& c = *slow[i];
    const bool high = c.high_severity || confirmed.count(c.shortest_rank) > 0;
    Finding f{"communication_collective_slow", "cross_rank",
              fmt::format("{} {} ({}): duration {:.3f}..{:.3f} ms across ranks; rank {} arrived last", c.step, c.op_name,
                          c.kind, c.duration_min_ms, c.duration_max_ms, c.shortest_rank),
              high ? Severity::kHigh : Severity::kMedium, Confidence::kMedium, c.ranks,
              {{"duration_skew_us", c.duration_skew_us, "us"}, {"duration_ratio", c.duration_ratio.value_or(0), "ratio"},
               {"start_skew_us", c.start_skew_us.value_or(0), "us"}},
              add_row_evidence(capture, c.rows, EvidenceKind::kCollective, "collective " + c.op_name + " on each rank", index),
              c.start_skew_us ? "start skew compares clocks of different devices (per-card offsets)" : ""};
    push(out, std::move(f), th);
  }
  if (x.ep.flagged) {
    std::vector<std::string> ids;
    for (const auto& l : x.ep.ranks)
      if (const auto* rp = rank_profile(capture, l.rank)) {
        auto more = add_event_evidence(*rp, l.events, EvidenceKind::kOperatorAggregate, "MoE dispatch/combine work", index);
        ids.insert(ids.end(), more.begin(), more.end());
      }
    Finding f{"ep_load_imbalance_suspected", "cross_rank",
              fmt::format("MoE dispatch/combine time differs across ranks: {:.0f}..{:.0f} us (ranks {} / {})", x.ep.min_us,
                          x.ep.max_us, x.ep.min_rank, x.ep.max_rank),
              Severity::kMedium, Confidence::kLow, {x.ep.max_rank, x.ep.min_rank},
              {{"max_us", x.ep.max_us, "us"}, {"min_us", x.ep.min_us, "us"}, {"mean_us", x.ep.mean_us, "us"}},
              std::move(ids), "totals over the capture; the token routing per expert is not in the profile"};
    push(out, std::move(f), th);
  }
  if (x.dummy.flagged) {
    std::vector<std::string> ids;
    for (const auto& l : x.dummy.attention)
      if (const auto* rp = rank_profile(capture, l.rank)) {
        auto more = add_event_evidence(*rp, l.events, EvidenceKind::kOperatorAggregate, "attention kernels", index);
        ids.insert(ids.end(), more.begin(), more.end());
      }
    std::vector<int> ranks = x.dummy.without_attention;
    Finding f{"reduced_work_or_dummy_rank", "cross_rank",
              fmt::format("ranks {} run no attention kernels while ranks {} do", fmt::join(x.dummy.without_attention, ", "),
                          fmt::join(x.dummy.with_attention, ", ")),
              Severity::kMedium, Confidence::kMedium, ranks,
              {{"ranks_without_attention", static_cast<double>(x.dummy.without_attention.size()), "count"},
               {"ranks_with_attention", static_cast<double>(x.dummy.with_attention.size()), "count"}},
              std::move(ids), "the evidence shows the attention kernels of the ranks that have them; an absence has no row"};
    push(out, std::move(f), th);
  }
  return out;
}

}  // namespace llmsa::analysis
