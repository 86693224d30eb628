#include "analysis/operator_summary.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analysis/op_families.hpp"
#include "analysis/nearly_sorted.hpp"
#include "core/interval_set.hpp"

namespace llmsa::analysis {

using trace::EventKind;
using trace::RankEvents;

namespace {

// A PMU column by its kernel_details.csv name or its DB name (no "(us)" suffix); nullptr if absent.
const trace::MetricColumn* find_metric(const RankEvents& ev, std::string_view csv_name) {
  std::string_view db_name = csv_name;
  if (auto p = db_name.find("(us)"); p != std::string_view::npos) db_name = db_name.substr(0, p);
  for (const auto& col : ev.metrics) {
    const auto n = ev.strings.view(col.name);
    if (n == csv_name || n == db_name) return &col;
  }
  return nullptr;
}

struct PipeColumns {
  std::array<const trace::MetricColumn*, kPipeStageCount> time{};
  const trace::MetricColumn *mac = nullptr, *vec = nullptr, *aic_mte2 = nullptr, *aiv_mte2 = nullptr;
  bool any() const {
    for (auto* c : time)
      if (c) return true;
    return false;
  }
};

PipeColumns pipe_columns(const RankEvents& ev) {
  static constexpr const char* kTimeNames[kPipeStageCount] = {
      "aic_mac_time(us)", "aic_fixpipe_time(us)", "aic_mte1_time(us)", "aic_mte2_time(us)", "aic_scalar_time(us)",
      "aiv_vec_time(us)", "aiv_mte2_time(us)",    "aiv_mte3_time(us)", "aiv_scalar_time(us)"};
  PipeColumns p;
  for (int s = 0; s < kPipeStageCount; ++s) p.time[s] = find_metric(ev, kTimeNames[s]);
  p.mac = find_metric(ev, "aic_mac_ratio");
  p.vec = find_metric(ev, "aiv_vec_ratio");
  p.aic_mte2 = find_metric(ev, "aic_mte2_ratio");
  p.aiv_mte2 = find_metric(ev, "aiv_mte2_ratio");
  return p;
}

// The pipe columns of the events of one 64-event block, decoded once for the whole block: the
// summary walks events in order, and MetricColumn::at re-locates the packed block at every cell.
class PipeBlockCursor {
 public:
  explicit PipeBlockCursor(const PipeColumns& cols) {
    for (int s = 0; s < kPipeStageCount; ++s) cols_[s] = cols.time[s];
    cols_[kPipeStageCount + 0] = cols.mac;
    cols_[kPipeStageCount + 1] = cols.vec;
    cols_[kPipeStageCount + 2] = cols.aic_mte2;
    cols_[kPipeStageCount + 3] = cols.aiv_mte2;
  }
  // Makes the block of event i current.
  void seek(std::size_t i) {
    const std::size_t b = i >> 6;
    if (b == block_) return;
    block_ = b;
    for (std::size_t c = 0; c < kColumns; ++c)
      present_[c] = cols_[c] && (b << 6) < cols_[c]->size() ? cols_[c]->decode_block(b, values_[c].data()) : 0;
  }
  bool has(std::size_t c, std::size_t i) const { return (present_[c] >> (i & 63)) & 1u; }
  double at(std::size_t c, std::size_t i) const { return values_[c][i & 63]; }

  static constexpr std::size_t kColumns = kPipeStageCount + 4;
  static constexpr std::size_t kMac = kPipeStageCount + 0, kVec = kPipeStageCount + 1,
                               kAicMte2 = kPipeStageCount + 2, kAivMte2 = kPipeStageCount + 3;

 private:
  std::array<const trace::MetricColumn*, kColumns> cols_{};
  std::array<std::array<double, 64>, kColumns> values_{};
  std::array<std::uint64_t, kColumns> present_{};
  std::size_t block_ = static_cast<std::size_t>(-1);
};

void add_ratio(const PipeBlockCursor& cur, std::size_t c, std::size_t i, double dur_us, double& sum,
               double& weight) {
  if (!cur.has(c, i)) return;
  sum += cur.at(c, i) * dur_us;
  weight += dur_us;
}

// Adds event i's pipe cells to an aggregate's totals in place (a per-event PipelineTotals, zeroed and
// then added, was a measurable share of the summary: ~150 bytes per event). The sums are the same: a
// missing cell added nothing (+0.0) and a present one was added once as value or ratio * duration.
void add_pipeline_of(PipeBlockCursor& cur, std::size_t i, double dur_us, PipelineTotals& p) {
  cur.seek(i);
  for (int s = 0; s < kPipeStageCount; ++s) {
    if (cur.has(static_cast<std::size_t>(s), i)) {
      p.time_us[s] += cur.at(static_cast<std::size_t>(s), i);
      p.any_time = true;
    }
  }
  add_ratio(cur, PipeBlockCursor::kMac, i, dur_us, p.mac_ratio_w, p.mac_w);
  add_ratio(cur, PipeBlockCursor::kVec, i, dur_us, p.vec_ratio_w, p.vec_w);
  add_ratio(cur, PipeBlockCursor::kAicMte2, i, dur_us, p.aic_mte2_ratio_w, p.aic_mte2_w);
  add_ratio(cur, PipeBlockCursor::kAivMte2, i, dur_us, p.aiv_mte2_ratio_w, p.aiv_mte2_w);
}

double us(std::int64_t ns) { return static_cast<double>(ns) / 1000.0; }

bool is_aicpu(const RankEvents& ev, std::size_t i, const KernelClass& k) {
  return ev.kind[i] == EventKind::kAicpu || k.role == OpRole::kAicpu;
}

}  // namespace

FamilyMatch attention_family_of(const RankEvents& ev, const std::vector<std::uint32_t>& events,
                                const KernelClassifier& classifier) {
  KernelClassCache cache(classifier, ev.strings);
  std::set<std::string> cats;
  for (auto e : events) {
    if (e >= ev.size()) continue;
    const KernelClass& k = cache.get(ev.name[e], ev.type[e], ev.core[e]);
    if (!(k.roles & (kRoleAttention | kRoleAttentionAux))) continue;
    for (const auto& c : classifier.category_names(k))
      if (c.rfind("attention", 0) == 0) cats.insert(c);
  }
  if (cats.empty()) return {};
  return FamilyRules::attention().resolve(cats);
}

OperatorSummary summarize_operators(const trace::RankProfile& rank, const KernelClassifier& classifier,
                                    const Thresholds& thresholds) {
  return summarize_operators(rank, EventClasses(rank.events, classifier), classifier, thresholds);
}

OperatorSummary summarize_operators(const trace::RankProfile& rank, const EventClasses& classes,
                                    const KernelClassifier& classifier, const Thresholds& thresholds) {
  const RankEvents& ev = rank.events;
  OperatorSummary out;
  out.rank = ev.rank;
  const PipeColumns cols = pipe_columns(ev);
  PipeBlockCursor pipe_cursor(cols);
  out.pipeline_available = cols.any();
  const double mixed_margin = thresholds.value("mixed_margin");
  const double mb_threshold = thresholds.value("memory_bound");

  // Aggregate of each (name, type, core) triple, by its dense triple id: one array slot per triple.
  constexpr std::size_t kNoAggregate = static_cast<std::size_t>(-1);
  std::vector<std::size_t> aggregate_of(classes.distinct(), kNoAggregate);
  std::vector<std::vector<std::int32_t>> streams;  // distinct streams per aggregate (a handful: a linear find)
  out.operators.reserve(classes.distinct());  // at most one aggregate per triple: no reallocation moves
  streams.reserve(classes.distinct());
  std::set<std::string> attention_categories;
  std::vector<Interval> ai_core_like;
  std::map<std::string, AicpuMasking> aicpu;

  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!classes.counts(i)) continue;
    const std::uint32_t triple = classes.triple(i);
    const KernelClass& k = classes.at(triple);
    const bool inserted = aggregate_of[triple] == kNoAggregate;
    if (inserted) {
      aggregate_of[triple] = out.operators.size();
      OperatorAggregate a;
      a.name = ev.strings.view(ev.name[i]);
      a.type = ev.strings.view(ev.type[i]);
      a.core = ev.strings.view(ev.core[i]);
      a.role = op_role_name(k.role);
      a.categories = classifier.category_names(k);
      // Per aggregate, not per call: the categories are the triple's.
      if (k.roles & (kRoleAttention | kRoleAttentionAux))
        for (const auto& c : a.categories)
          if (c.rfind("attention", 0) == 0) attention_categories.insert(c);
      out.operators.push_back(std::move(a));
      streams.emplace_back();
    }
    const std::size_t agg = aggregate_of[triple];
    OperatorAggregate& a = out.operators[agg];
    const std::int64_t dur = ev.dur_ns[i];
    const std::int64_t wait = ev.wait_ns[i] == trace::kMissing ? 0 : std::max<std::int64_t>(0, ev.wait_ns[i]);
    a.has_wait = a.has_wait || ev.wait_ns[i] != trace::kMissing;
    ++a.calls;
    a.duration_sum_ns += dur;
    a.wait_sum_ns += wait;
    a.events.push_back(static_cast<std::uint32_t>(i));
    if (std::find(streams[agg].begin(), streams[agg].end(), ev.stream[i]) == streams[agg].end())
      streams[agg].push_back(ev.stream[i]);
    if (out.pipeline_available) add_pipeline_of(pipe_cursor, i, us(dur), a.pipeline);

    const Interval iv{ev.start_ns[i], ev.start_ns[i] + dur};
    if (is_aicpu(ev, i, k)) {
      auto& m = aicpu[a.name];
      m.name = a.name;
      ++m.calls;
      m.duration_sum_ns += dur;
      m.events.push_back(static_cast<std::uint32_t>(i));
    } else if (ev.kind[i] == EventKind::kKernel && k.role != OpRole::kCommunication) {
      ai_core_like.push_back(iv);  // A.8: AI-core-like = device compute that is neither AICPU nor HCCL
    }
  }

  for (std::size_t j = 0; j < out.operators.size(); ++j) {
    auto& a = out.operators[j];
    a.stream_count = static_cast<int>(streams[j].size());
    a.total_cost_sum_ns = a.duration_sum_ns + a.wait_sum_ns;
    a.duration_avg_us = us(a.duration_sum_ns) / static_cast<double>(a.calls);
    a.wait_avg_us = us(a.wait_sum_ns) / static_cast<double>(a.calls);
    a.total_cost_avg_us = us(a.total_cost_sum_ns) / static_cast<double>(a.calls);
    a.wait_ratio = a.total_cost_sum_ns > 0 ? static_cast<double>(a.wait_sum_ns) / static_cast<double>(a.total_cost_sum_ns) : 0;
    a.bound = classify_bound(a.core, a.pipeline, mixed_margin, mb_threshold);
    out.device_op_calls += a.calls;
  }
  // Ranking 1: summed duration; ties by name/type/core so the order never depends on input order.
  // Sorted through an index (an aggregate is a large object: moved once, not at every swap). The key is
  // a total order (one aggregate per triple), so the result is the same as sorting the objects.
  {
    std::vector<std::uint32_t> order(out.operators.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = static_cast<std::uint32_t>(j);
    const auto& ops = out.operators;
    std::sort(order.begin(), order.end(), [&](std::uint32_t xi, std::uint32_t yi) {
      const OperatorAggregate &x = ops[xi], &y = ops[yi];
      return std::tie(y.duration_sum_ns, x.name, x.type, x.core) < std::tie(x.duration_sum_ns, y.name, y.type, y.core);
    });
    std::vector<OperatorAggregate> sorted;
    sorted.reserve(order.size());
    for (std::uint32_t j : order) sorted.push_back(std::move(out.operators[j]));
    out.operators = std::move(sorted);
  }
  for (std::size_t j = 0; j < out.operators.size(); ++j) out.operators[j].rank_by_duration = static_cast<int>(j + 1);
  // Ranking 2: duration plus wait, per call (A.8 ranks by total_cost_avg).
  out.by_total_cost.resize(out.operators.size());
  for (std::size_t j = 0; j < out.by_total_cost.size(); ++j) out.by_total_cost[j] = j;
  std::stable_sort(out.by_total_cost.begin(), out.by_total_cost.end(), [&](std::size_t x, std::size_t y) {
    return out.operators[x].total_cost_avg_us > out.operators[y].total_cost_avg_us;
  });
  const double anchor = thresholds.value("wait_anchor_ratio");
  const auto& fh_ratio = thresholds.get("false_hotspot_wait_ratio");
  const auto& fh_dur = thresholds.get("false_hotspot_max_duration_avg_us");
  const auto& fh_rank = thresholds.get("false_hotspot_max_rank");
  for (std::size_t r = 0; r < out.by_total_cost.size(); ++r) {
    auto& a = out.operators[out.by_total_cost[r]];
    a.rank_by_total_cost = static_cast<int>(r + 1);
    a.wait_anchor = a.has_wait && a.wait_ratio > anchor;
    a.false_hotspot_risk = a.has_wait && fh_ratio.tripped_by(a.wait_ratio) && fh_dur.tripped_by(a.duration_avg_us) &&
                           fh_rank.tripped_by(a.rank_by_total_cost);
    if (a.wait_anchor) out.wait_anchor_calls += a.calls;
  }

  // Aggregate bound per op_type and for the rank.
  std::map<std::string, OpTypeBound> by_type;
  for (const auto& a : out.operators) {
    auto& t = by_type[a.bound.op_type];
    t.op_type = a.bound.op_type;
    t.calls += a.calls;
    t.duration_sum_ns += a.duration_sum_ns;
    t.pipeline.add(a.pipeline);
    if (a.bound.op_type != "communication" && a.bound.op_type != "aicpu" && a.bound.op_type != "dsa")
      out.rank_pipeline.add(a.pipeline);
  }
  for (auto& [name, t] : by_type) {
    // An aggregate of one op_type classifies as that op_type: give classify_bound a matching core.
    const std::string core = name == "aic" ? "AI_CORE" : name == "aiv" ? "AI_VECTOR_CORE" : name == "mix_cv" ? "MIX_AIC"
                             : name == "aicpu" ? "AI_CPU" : name == "dsa" ? "DSA_SQE" : name == "unknown" ? "" : "COMMUNICATION";
    t.bound = classify_bound(core, t.pipeline, mixed_margin, mb_threshold);
    t.bound.op_type = name;
    out.op_type_bounds.push_back(t);
  }
  out.rank_bound = classify_bound("MIX_AIC", out.rank_pipeline, mixed_margin, mb_threshold);
  out.rank_bound.op_type = "all_compute";

  // AICPU masking: overlap of each AICPU operator's calls with the union of AI-core-like work.
  const IntervalSet core_set = union_of_nearly_sorted(ai_core_like);  // nearly in time order: sorts only the rows that are not
  const double masked = thresholds.value("aicpu_masked_ratio");
  const double partial = thresholds.value("aicpu_partially_exposed_ratio");
  for (auto& [name, m] : aicpu) {
    std::vector<Interval> own;
    own.reserve(m.events.size());
    for (auto e : m.events) own.push_back({ev.start_ns[e], ev.start_ns[e] + ev.dur_ns[e]});
    // Each call counts on its own (calls of one operator do not overlap on one AICPU stream in practice,
    // and summing per call keeps masked_ratio <= 1 against duration_sum).
    for (const auto& iv : own) m.overlap_with_ai_core_ns += core_set.length_within(iv);
    m.masked_ratio = m.duration_sum_ns > 0 ? static_cast<double>(m.overlap_with_ai_core_ns) / static_cast<double>(m.duration_sum_ns) : 0;
    m.classification = m.masked_ratio >= masked    ? "AICPU_MASKED_BUT_UNDESIRABLE"
                       : m.masked_ratio >= partial ? "AICPU_PARTIALLY_EXPOSED"
                                                   : "AICPU_EXPOSED_NOT_ALLOWED";
    out.aicpu.push_back(std::move(m));
  }
  std::sort(out.aicpu.begin(), out.aicpu.end(), [](const AicpuMasking& x, const AicpuMasking& y) {
    return std::tie(y.duration_sum_ns, x.name) < std::tie(x.duration_sum_ns, y.name);
  });

  if (!attention_categories.empty()) {
    const FamilyMatch f = FamilyRules::attention().resolve(attention_categories);
    out.attention_family = f.id;
    out.attention_family_heuristic = f.heuristic;
  }
  return out;
}

}  // namespace llmsa::analysis
