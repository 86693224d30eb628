#include "analysis/findings_structure.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace llmsa::analysis {

using evidence::Confidence;
using evidence::EvidenceKind;
using evidence::Finding;
using evidence::Severity;

namespace {

constexpr std::size_t kMaxPerRank = 10;  // per rule and rank; the rest stays in analysis.json

double ms(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }
double us(std::int64_t ns) { return static_cast<double>(ns) / 1e3; }

void push(std::vector<Finding>& out, Finding f, const Thresholds& th) {
  if (auto cap = th.max_confidence(f.type)) f.confidence = evidence::cap_confidence(f.confidence, *cap);
  if (f.evidence_ids.empty() && f.limitation.empty())
    f.limitation = "no row-level evidence could be attached (the step holds no operator rows)";
  if (f.confidence == Confidence::kLow && f.limitation.empty())
    f.limitation = "low confidence: a pattern, not a verified cause; corroborate with host-side rows";
  out.push_back(std::move(f));
}

void append(std::vector<std::string>& ids, std::vector<std::string> more) {
  ids.insert(ids.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

std::int64_t head_ns(const StepAnalysis& s) {
  return s.layers.empty() ? s.time.head_ns : std::max<std::int64_t>(0, s.layers.front().start_ns - s.time.window_start_ns);
}

void idle_findings(const trace::RankProfile& rp, const RankAnalysis& r, evidence::EvidenceIndex& index,
                   const Thresholds& th, std::vector<Finding>& out) {
  struct Hit {
    const StepAnalysis* step;
    bool underfeed, internal;
  };
  std::vector<Hit> hits;
  for (const StepAnalysis& s : r.steps) {
    if (s.time.wall_ns <= 0) continue;
    const bool underfeed = th.get("underfeed_heavy_ratio").tripped_by(s.underfeed_ratio);
    const double floor_ms = std::max(th.value("internal_bubble_heavy_min_ms"),
                                     th.value("internal_bubble_heavy_wall_ratio") * ms(s.time.wall_ns));
    const bool internal = s.time.longest_bubble_ns > 0 && ms(s.time.longest_bubble_ns) >= floor_ms;
    if (underfeed || internal) hits.push_back({&s, underfeed, internal});
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.step->underfeed_ratio > b.step->underfeed_ratio; });
  const evidence::EvidenceBasis direct{true, true, evidence::CrossCheck::kMissing};
  for (std::size_t k = 0; k < hits.size() && k < kMaxPerRank; ++k) {
    const StepAnalysis& s = *hits[k].step;
    // The three largest bubbles (earliest first among equals), in one pass.
    std::vector<const BubbleWindow*> top;
    auto longer = [](const BubbleWindow* a, const BubbleWindow* b) { return a->end_ns - a->start_ns > b->end_ns - b->start_ns; };
    for (const auto& b : s.bubbles) {
      if (top.size() == 3 && !longer(&b, top.back())) continue;
      if (top.size() == 3) top.pop_back();
      top.insert(std::upper_bound(top.begin(), top.end(), &b, longer), &b);
    }
    std::vector<std::string> ids;
    for (std::size_t j = 0; j < top.size() && j < 3; ++j)
      append(ids, add_event_evidence(rp, {top[j]->event_before, top[j]->event_after}, EvidenceKind::kBubbleWindow,
                                     fmt::format("step {} bubble of {:.3f} us ({})", s.step,
                                                 us(top[j]->end_ns - top[j]->start_ns), top[j]->location),
                                     index));
    if (s.first_event != kNoEvent)
      append(ids, add_event_evidence(rp, {s.first_event, s.last_event}, EvidenceKind::kStepWindow,
                                     fmt::format("step {}: first and last operator rows", s.step), index));
    const std::string why = hits[k].underfeed && hits[k].internal ? "DEVICE_IDLE_GAP_HEAVY and INTERNAL_BUBBLE_HEAVY"
                            : hits[k].underfeed                   ? "DEVICE_IDLE_GAP_HEAVY"
                                                                  : "INTERNAL_BUBBLE_HEAVY";
    Finding f{"device_idle_bubble", "step",
              fmt::format("rank {} step {}: device idle {:.1f}% of {:.3f} ms, largest bubble {:.3f} ms ({})", r.rank,
                          s.step, s.underfeed_ratio * 100, ms(s.time.wall_ns), ms(s.time.longest_bubble_ns), why),
              Severity::kMedium, evidence::confidence_for(direct), {r.rank},
              {{"underfeed_ratio", s.underfeed_ratio, "ratio"}, {"wall_ms", ms(s.time.wall_ns), "ms"},
               {"idle_ms", ms(s.time.idle_ns), "ms"}, {"largest_internal_bubble_ms", ms(s.time.longest_bubble_ns), "ms"},
               {"bubble_count", static_cast<double>(s.time.bubble_count), "count"}},
              std::move(ids), ""};
    push(out, std::move(f), th);
  }
}

void host_dispatch_finding(const trace::RankProfile& rp, const RankAnalysis& r, const OperatorSummary* ops,
                           evidence::EvidenceIndex& index, const Thresholds& th, std::vector<Finding>& out) {
  // Longest run of consecutive steps with a heavy head.
  std::size_t best_from = 0, best_len = 0, from = 0, len = 0;
  for (std::size_t k = 0; k < r.steps.size(); ++k) {
    const StepAnalysis& s = r.steps[k];
    const double ratio = s.time.wall_ns > 0 ? static_cast<double>(head_ns(s)) / static_cast<double>(s.time.wall_ns) : 0.0;
    if (th.get("host_dispatch_head_ratio").tripped_by(ratio)) {
      if (len++ == 0) from = k;
      if (len > best_len) best_len = len, best_from = from;
    } else {
      len = 0;
    }
  }
  if (!th.get("host_dispatch_min_consecutive_steps").tripped_by(static_cast<double>(best_len)) || !ops) return;
  std::int64_t wait_calls = 0, calls = 0;
  for (const auto& a : ops->operators) {
    calls += a.calls;
    if (a.has_wait && th.get("host_dispatch_wait_ratio").tripped_by(a.wait_ratio)) wait_calls += a.calls;
  }
  const double share = calls > 0 ? static_cast<double>(wait_calls) / static_cast<double>(calls) : 0.0;
  if (!th.get("host_dispatch_wait_op_share").tripped_by(share)) return;

  std::vector<std::string> ids;
  double head_sum = 0;
  std::vector<std::uint32_t> delayed;
  for (std::size_t k = best_from; k < best_from + best_len; ++k) {
    const StepAnalysis& s = r.steps[k];
    head_sum += static_cast<double>(head_ns(s)) / static_cast<double>(s.time.wall_ns);
    std::vector<std::uint32_t> rows;
    if (s.first_event != kNoEvent) rows.push_back(s.first_event);
    if (!s.layers.empty()) rows.push_back(s.layers.front().first_event);
    if (!rows.empty())
      append(ids, add_event_evidence(rp, rows, EvidenceKind::kStepWindow,
                                     fmt::format("step {} head: first row and first layer row", s.step), index));
    for (const auto& b : s.bubbles)
      if (b.host_bound && delayed.size() < 64) delayed.push_back(b.event_after);
  }
  if (!delayed.empty())
    append(ids, add_event_evidence(rp, delayed, EvidenceKind::kBubbleWindow,
                                   "kernels whose host launch began after the device went idle", index));
  const evidence::EvidenceBasis basis{true, true,
                                      delayed.empty() ? evidence::CrossCheck::kMissing : evidence::CrossCheck::kConsistent};
  Finding f{"host_dispatch_bound_suspected", "rank",
            fmt::format("rank {}: step head above {:.0f}% of the wall in {} consecutive steps, and {:.1f}% of operator "
                        "calls wait >= {:.0f}% of their cost",
                        r.rank, th.value("host_dispatch_head_ratio") * 100, best_len, share * 100,
                        th.value("host_dispatch_wait_ratio") * 100),
            Severity::kMedium, evidence::confidence_for(basis), {r.rank},
            {{"consecutive_steps", static_cast<double>(best_len), "count"},
             {"head_ratio_mean", head_sum / static_cast<double>(best_len), "ratio"},
             {"wait_op_call_share", share, "ratio"},
             {"host_bound_bubbles", static_cast<double>(delayed.size()), "count"}},
            std::move(ids),
            delayed.empty() ? "no host rows link the delayed kernels to their launches: the host side is inferred from "
                              "device gaps and wait times"
                            : ""};
  push(out, std::move(f), th);
}

void recurring_findings(const trace::RankProfile& rp, const RankAnalysis& r, evidence::EvidenceIndex& index,
                        const Thresholds& th, std::vector<Finding>& out) {
  const auto& ev = rp.events;
  // Pass 1: totals per (before name, after name) pair, in a flat vector (a capture can have a bubble per
  // few rows: no per-group item lists here). Pass 2 gathers the bubbles of the few groups reported.
  struct Group {
    std::size_t last_step = 0, steps = 0, count = 0;
    std::int64_t total_ns = 0, host_bound = 0;
  };
  auto key_of = [&](const BubbleWindow& b) {
    return (static_cast<std::uint64_t>(ev.name[b.event_before]) << 32) | ev.name[b.event_after];
  };  // (before name id << 32) | after name id
  std::size_t n_bubbles = 0;
  for (const auto& step : r.steps) n_bubbles += step.bubbles.size();
  // key -> index into groups: open addressing over a power-of-two table at most half full (a bubble
  // per few rows makes this the per-bubble cost; std::unordered_map was most of it). The table grows
  // with the groups, not the bubbles: a few dozen kernel pairs keep it in cache, where one sized for
  // every bubble missed the cache at each lookup. Group ids follow first appearance either way.
  std::size_t slots = 64;
  constexpr std::uint32_t kFree = 0xFFFFFFFFu;
  std::vector<std::uint32_t> table(slots, kFree);
  std::vector<Group> groups;
  std::vector<std::uint64_t> keys;  // per group
  auto slot_for = [&](std::uint64_t key) {
    std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 17) & (slots - 1);
    while (table[h] != kFree && keys[table[h]] != key) h = (h + 1) & (slots - 1);
    return h;
  };
  std::vector<std::uint32_t> bubble_group;  // per bubble, in step and bubble order: its index into groups
  bubble_group.reserve(n_bubbles);
  for (std::size_t k = 0; k < r.steps.size(); ++k)
    for (const auto& b : r.steps[k].bubbles) {
      const std::uint64_t key = key_of(b);
      std::size_t h = slot_for(key);
      if (table[h] == kFree) {
        if (2 * (groups.size() + 1) > slots) {  // keep the table at most half full
          slots *= 2;
          table.assign(slots, kFree);
          for (std::size_t j = 0; j < keys.size(); ++j) table[slot_for(keys[j])] = static_cast<std::uint32_t>(j);
          h = slot_for(key);
        }
        table[h] = static_cast<std::uint32_t>(groups.size());
        groups.emplace_back();
        keys.push_back(key);
      }
      bubble_group.push_back(table[h]);
      Group& g = groups[table[h]];
      if (g.steps == 0 || g.last_step != k) {
        ++g.steps;
        g.last_step = k;
      }
      ++g.count;
      g.total_ns += b.end_ns - b.start_ns;
      g.host_bound += b.host_bound ? 1 : 0;
    }
  const double n_steps = static_cast<double>(r.steps.size());
  const auto& min_steps = th.get("recurring_bubble_min_steps");
  const auto& min_share = th.get("recurring_bubble_min_step_share");
  struct Recurring {
    std::pair<StringId, StringId> key;
    const Group* group;
    std::uint32_t index;  // into groups
  };
  std::vector<Recurring> recurring;
  for (std::size_t j = 0; j < groups.size(); ++j) {
    const Group& g = groups[j];
    const double in = static_cast<double>(g.steps);
    if (min_steps.tripped_by(in) || (in >= 2 && min_share.tripped_by(in / n_steps)))
      recurring.push_back({{static_cast<StringId>(keys[j] >> 32), static_cast<StringId>(keys[j])}, &g,
                           static_cast<std::uint32_t>(j)});
  }
  // Largest total first; ties by the names' ids (deterministic: ids follow first appearance in the input).
  std::sort(recurring.begin(), recurring.end(), [](const Recurring& a, const Recurring& b) {
    return a.group->total_ns != b.group->total_ns ? a.group->total_ns > b.group->total_ns : a.key < b.key;
  });
  const std::size_t reported = std::min(recurring.size(), kMaxPerRank);
  // Pass 2, once for all reported groups (one pass per group read every bubble up to ten times): the
  // rows of each reported group's bubbles, in step and bubble order.
  std::vector<std::uint32_t> slot_of(reported > 0 ? groups.size() : 0, kFree);
  std::vector<std::vector<std::uint32_t>> afters(reported), befores(reported);
  for (std::size_t k = 0; k < reported; ++k) {
    slot_of[recurring[k].index] = static_cast<std::uint32_t>(k);
    afters[k].reserve(recurring[k].group->count);
    befores[k].reserve(recurring[k].group->count);
  }
  if (reported > 0) {
    std::size_t at = 0;
    for (const auto& step : r.steps)
      for (const auto& b : step.bubbles) {
        const std::uint32_t slot = slot_of[bubble_group[at++]];
        if (slot == kFree) continue;
        afters[slot].push_back(b.event_after);
        befores[slot].push_back(b.event_before);
      }
  }
  for (std::size_t k = 0; k < reported; ++k) {
    const auto& key = recurring[k].key;
    const Group* g = recurring[k].group;
    const std::string before(ev.strings.view(key.first)), after(ev.strings.view(key.second));
    std::vector<std::string> ids = add_event_evidence(
        rp, afters[k], EvidenceKind::kBubbleWindow,
        fmt::format("delayed kernels '{}' (event_after) of {} recurring bubbles", after, afters[k].size()), index);
    append(ids, add_event_evidence(rp, befores[k], EvidenceKind::kBubbleWindow,
                                   fmt::format("kernels '{}' before the recurring bubbles (event_before)", before), index));
    const double mean_ns = static_cast<double>(g->total_ns) / static_cast<double>(g->count);
    const evidence::EvidenceBasis basis{true, true,
                                        g->host_bound > 0 ? evidence::CrossCheck::kConsistent : evidence::CrossCheck::kMissing};
    Finding f{"recurring_bubble", "rank",
              fmt::format("rank {}: the device idles {:.3f} us on average between '{}' and '{}', in {} of {} steps{}",
                          r.rank, mean_ns / 1e3, before, after, g->steps, r.steps.size(),
                          g->host_bound > 0 ? fmt::format(" ({} host bound)", g->host_bound) : std::string()),
              mean_ns / 1e6 >= th.value("internal_bubble_heavy_min_ms") ? Severity::kMedium : Severity::kLow,
              evidence::confidence_for(basis), {r.rank},
              {{"occurrences", static_cast<double>(g->count), "count"},
               {"steps", static_cast<double>(g->steps), "count"},
               {"total_gap_us", us(g->total_ns), "us"},
               {"mean_gap_us", mean_ns / 1e3, "us"},
               {"host_bound", static_cast<double>(g->host_bound), "count"}},
              std::move(ids),
              g->host_bound > 0 ? "" : "no host rows show whether the launch or the device caused the gap"};
    push(out, std::move(f), th);
  }
}

}  // namespace

std::vector<Finding> build_structure_findings(const trace::Capture& capture, const std::vector<RankAnalysis>& ranks,
                                              const OpsAnalysis& ops, evidence::EvidenceIndex& index,
                                              const Thresholds& th) {
  std::vector<Finding> out;
  for (std::size_t i = 0; i < capture.ranks.size() && i < ranks.size(); ++i) {
    const OperatorSummary* op = i < ops.operators.size() ? &ops.operators[i] : nullptr;
    idle_findings(capture.ranks[i], ranks[i], index, th, out);
    host_dispatch_finding(capture.ranks[i], ranks[i], op, index, th, out);
    recurring_findings(capture.ranks[i], ranks[i], index, th, out);
  }
  return out;
}

}  // namespace llmsa::analysis
