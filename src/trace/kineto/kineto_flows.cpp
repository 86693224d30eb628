#include "trace/kineto/kineto_flows.hpp"

#include <algorithm>
#include <thread>

#include "core/error.hpp"
#include "core/nearly_sorted_sort.hpp"

namespace llmsa::trace::kineto {
namespace {

constexpr std::uint32_t kNoEvent = 0xFFFFFFFFu;
// Below this many flow records a second thread costs more than it saves.
constexpr std::size_t kParallelMin = 1 << 16;

// Slices of one lane sorted by start, outermost first on ties, for binary search.
struct LaneIndex {
  std::vector<std::vector<std::uint32_t>> by_lane;

  LaneIndex(const RankEvents& out, const std::vector<std::uint32_t>& slice_lane, std::size_t first_event) {
    std::uint32_t lanes = 0;
    for (auto l : slice_lane)
      if (l != kNoLane) lanes = std::max(lanes, l + 1);
    by_lane.resize(lanes);
    for (std::size_t i = 0; i < slice_lane.size(); ++i)
      if (slice_lane[i] != kNoLane) by_lane[slice_lane[i]].push_back(static_cast<std::uint32_t>(first_event + i));
    // Each lane is sorted by (start, event) pairs side by side, one lane at a time: comparing
    // through the columns would load scattered values at every comparison. Slices that start
    // together (rare) are then ordered outermost first, longest dur before shorter.
    struct SliceKey {
      std::int64_t start;
      std::uint32_t event;
      bool operator<(const SliceKey& o) const { return start != o.start ? start < o.start : event < o.event; }
    };
    std::vector<SliceKey> keys;
    for (auto& lane : by_lane) {
      keys.clear();
      keys.reserve(lane.size());
      for (std::uint32_t e : lane) keys.push_back({out.start_ns[e], e});
      sort_nearly_sorted(keys);
      for (std::size_t i = 0; i < keys.size(); ++i) lane[i] = keys[i].event;
      for (std::size_t i = 0; i < keys.size();) {
        std::size_t j = i + 1;
        while (j < keys.size() && keys[j].start == keys[i].start) ++j;
        if (j - i > 1)
          std::sort(lane.begin() + static_cast<std::ptrdiff_t>(i), lane.begin() + static_cast<std::ptrdiff_t>(j),
                    [&](std::uint32_t a, std::uint32_t b) {
                      return out.dur_ns[a] != out.dur_ns[b] ? out.dur_ns[a] > out.dur_ns[b] : a < b;
                    });
        i = j;
      }
    }
    std::vector<SliceKey>().swap(keys);
  }

  // Innermost slice containing ts (start <= ts < end, or a zero-length slice at ts). Where several
  // slices start exactly at ts (a kernel and a cuda_sync, say), the one whose correlation equals
  // the flow id wins: Kineto's ac2g ids are correlation ids.
  std::uint32_t enclosing(const RankEvents& out, std::uint32_t lane, std::int64_t ts, std::int64_t id) const {
    if (lane >= by_lane.size()) return kNoEvent;
    const auto& v = by_lane[lane];
    auto it = std::upper_bound(v.begin(), v.end(), ts,
                               [&](std::int64_t t, std::uint32_t e) { return t < out.start_ns[e]; });
    // Walk back over slices that start at or before ts; the first that still covers ts is the
    // innermost. Bounded, so a lane of thousands of disjoint slices cannot make this quadratic.
    int budget = 256;
    std::uint32_t found = kNoEvent;
    while (it != v.begin() && budget-- > 0) {
      --it;
      const std::int64_t s = out.start_ns[*it], d = out.dur_ns[*it];
      if (found != kNoEvent && s != ts) break;
      if (ts < s + d || (d == 0 && s == ts)) {
        if (id == kMissing || out.correlation[*it] == id) return *it;
        if (found == kNoEvent) found = *it;
        if (s != ts) break;
      }
    }
    return found;
  }

  // First slice starting at or after ts.
  std::uint32_t next(const RankEvents& out, std::uint32_t lane, std::int64_t ts) const {
    if (lane >= by_lane.size()) return kNoEvent;
    const auto& v = by_lane[lane];
    auto it = std::lower_bound(v.begin(), v.end(), ts,
                               [&](std::uint32_t e, std::int64_t t) { return out.start_ns[e] < t; });
    return it == v.end() ? kNoEvent : *it;
  }
};

int phase_rank(char p) { return p == 's' ? 0 : (p == 't' ? 1 : 2); }

void add_flow(RankEvents& out, std::uint32_t from, std::uint32_t to, StringId cat) {
  out.flows.from.push_back(from);
  out.flows.to.push_back(to);
  out.flows.category.push_back(cat);
}

void reject(FileReadReport& report, const FlowRecord& r, const char* reason) {
  RejectedRow row;
  row.row = r.record;
  row.byte_offset = r.byte_offset;
  row.reason = reason;
  report.reject(row);
}

}  // namespace

void resolve_flows(RankEvents& out, const std::vector<std::uint32_t>& slice_lane, std::size_t first_event,
                   std::vector<FlowRecord>& records, std::vector<FlowBinding>& bindings, FileReadReport& report,
                   unsigned threads) {
  if (records.empty() && bindings.empty()) return;
  // v1: chain records per (cat, id) in time order, s before t before f at the same time.
  // Records are in reading order, so their index orders them as their record number does (and
  // stays unique where a file with two traceEvents arrays numbers records twice).
  // 16 bytes a key: the phase rank (0..2) in the top two bits of the index, which stays below 2^30
  // (a record takes more than 4 bytes of a document of at most 4 GiB).
  struct RecordKey {
    std::int64_t ts;
    std::uint32_t key;
    std::uint32_t phase_index;
    bool operator<(const RecordKey& o) const {
      if (key != o.key) return key < o.key;
      if (ts != o.ts) return ts < o.ts;
      return phase_index < o.phase_index;
    }
  };
  constexpr std::uint32_t kIndexMask = (1u << 30) - 1;
  std::vector<std::uint32_t> order(records.size());
  if (records.size() > kIndexMask) throw_internal("more flow records than a document can hold");
  {
    std::vector<RecordKey> keys(records.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i)
      keys[i] = {records[i].ts_ns, records[i].key, (static_cast<std::uint32_t>(phase_rank(records[i].phase)) << 30) | i};
    sort_nearly_sorted(keys);  // keys are numbered by first appearance: records come almost in key order
    for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].phase_index & kIndexMask;
  }
  // Built after the records' sort keys are freed: the two side by side would raise the read's
  // peak memory by a few dozen bytes per flow record and slice.
  const LaneIndex lanes(out, slice_lane, first_event);
  const bool parallel = threads > 1 && records.size() >= kParallelMin;

  // Bind each record to its slice (in halves on two threads for a big file).
  std::vector<std::uint32_t> bound(records.size(), kNoEvent);
  auto bind = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto& r = records[i];
      bound[i] = r.bind_enclosing ? lanes.enclosing(out, r.lane, r.ts_ns, r.id_num) : lanes.next(out, r.lane, r.ts_ns);
    }
  };
  if (parallel) {
    std::thread half([&] { bind(records.size() / 2, records.size()); });
    bind(0, records.size() / 2);
    half.join();
  } else {
    bind(0, records.size());
  }
  std::vector<std::uint8_t> used(records.size(), 0);
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j < order.size() && records[order[j]].key == records[order[i]].key) ++j;
    // The open flow end (index into `records`). Seeded with the group's first start so that an end
    // stamped slightly before its start (GPU and CPU clocks are synchronised only approximately)
    // still links to it.
    std::uint32_t prev = kNoEvent;
    for (std::size_t k = i; k < j && prev == kNoEvent; ++k)
      if (records[order[k]].phase == 's' && bound[order[k]] != kNoEvent) prev = order[k];
    for (std::size_t k = i; k < j; ++k) {
      const std::uint32_t ri = order[k];
      const auto& r = records[ri];
      if (bound[ri] == kNoEvent) continue;
      if (r.phase == 's') {
        prev = ri;
      } else if (prev != kNoEvent && prev != ri) {
        add_flow(out, bound[prev], bound[ri], r.category);
        used[prev] = used[ri] = 1;
        if (r.phase == 't') prev = ri;
      }
    }
    i = j;
  }
  for (std::size_t k = 0; k < records.size(); ++k) {
    const auto& r = records[k];
    if (used[k]) {
      ++report.events;
    } else if (bound[k] == kNoEvent) {
      reject(report, r, "flow event not on any slice of its thread");
    } else if (r.phase == 's') {
      reject(report, r, "flow start without a matching flow end (same cat and id)");
    } else {
      reject(report, r, "flow end without a matching flow start (same cat and id)");
    }
  }

  // v2: chain bindings per bind_id in time order.
  std::sort(bindings.begin(), bindings.end(), [](const FlowBinding& a, const FlowBinding& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.ts_ns != b.ts_ns) return a.ts_ns < b.ts_ns;
    return a.event < b.event;
  });
  std::uint32_t prev_key = 0xFFFFFFFFu;
  std::uint32_t prev_event = kNoEvent;
  for (const auto& b : bindings) {
    if (b.key != prev_key) {
      prev_key = b.key;
      prev_event = kNoEvent;
    }
    if (b.flow_in && prev_event != kNoEvent) add_flow(out, prev_event, b.event, b.category);
    if (b.flow_out) prev_event = b.event;
  }
}

}  // namespace llmsa::trace::kineto
