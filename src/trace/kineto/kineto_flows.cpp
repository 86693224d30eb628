#include "trace/kineto/kineto_flows.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <thread>

namespace llmsa::trace::kineto {
namespace {

constexpr std::uint32_t kNoEvent = 0xFFFFFFFFu;
// Below this many slices (or records) a second thread costs more than it saves.
constexpr std::size_t kParallelMin = 1 << 16;

// Slices of one lane sorted by start, outermost first on ties, for binary search.
struct LaneIndex {
  std::vector<std::vector<std::uint32_t>> by_lane;

  LaneIndex(const RankEvents& out, const std::vector<std::uint32_t>& slice_lane, std::size_t first_event) {
    std::uint32_t lanes = 0;
    std::vector<std::size_t> count;
    for (auto l : slice_lane) {
      if (l == kNoLane) continue;
      if (l >= lanes) {
        lanes = l + 1;
        count.resize(lanes, 0);
      }
      ++count[l];
    }
    // Sorted as (start, -dur, event) triples side by side: comparing through the columns would
    // load two scattered values per comparison. Slices never have a negative dur, so -dur fits.
    struct SliceKey {
      std::int64_t start, neg_dur;
      std::uint32_t event;
      bool operator<(const SliceKey& o) const {
        if (start != o.start) return start < o.start;
        if (neg_dur != o.neg_dur) return neg_dur < o.neg_dur;
        return event < o.event;
      }
    };
    std::vector<std::vector<SliceKey>> keys(lanes);
    for (std::uint32_t l = 0; l < lanes; ++l) keys[l].reserve(count[l]);
    for (std::size_t i = 0; i < slice_lane.size(); ++i) {
      if (slice_lane[i] == kNoLane) continue;
      const auto e = static_cast<std::uint32_t>(first_event + i);
      keys[slice_lane[i]].push_back({out.start_ns[e], -out.dur_ns[e], e});
    }
    by_lane.resize(lanes);
    for (std::uint32_t l = 0; l < lanes; ++l) {
      std::sort(keys[l].begin(), keys[l].end());
      by_lane[l].reserve(keys[l].size());
      for (const SliceKey& k : keys[l]) by_lane[l].push_back(k.event);
      std::vector<SliceKey>().swap(keys[l]);
    }
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
  // The slice index and the order of the records do not depend on each other: on a big file the
  // index is built on a second thread meanwhile (the result is the same either way).
  const bool parallel = threads > 1 && slice_lane.size() >= kParallelMin;
  std::unique_ptr<LaneIndex> lanes_ptr;
  std::exception_ptr index_error;
  std::thread index_thread;
  auto build_index = [&] {
    try {
      lanes_ptr = std::make_unique<LaneIndex>(out, slice_lane, first_event);
    } catch (...) {
      index_error = std::current_exception();
    }
  };
  if (parallel) index_thread = std::thread(build_index);
  else build_index();
  struct JoinAtExit {  // also when sorting below throws: a joinable thread must not be destroyed
    std::thread& t;
    ~JoinAtExit() {
      if (t.joinable()) t.join();
    }
  } join_at_exit{index_thread};

  // v1: chain records per (cat, id) in time order, s before t before f at the same time.
  struct RecordKey {
    std::uint32_t key;
    int phase;
    std::int64_t ts;
    std::uint64_t record;
    std::uint32_t index;
    bool operator<(const RecordKey& o) const {
      if (key != o.key) return key < o.key;
      if (ts != o.ts) return ts < o.ts;
      if (phase != o.phase) return phase < o.phase;
      if (record != o.record) return record < o.record;
      return index < o.index;
    }
  };
  std::vector<std::uint32_t> order(records.size());
  {
    std::vector<RecordKey> keys(records.size());
    for (std::uint32_t i = 0; i < keys.size(); ++i)
      keys[i] = {records[i].key, phase_rank(records[i].phase), records[i].ts_ns, records[i].record, i};
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
  }
  if (index_thread.joinable()) index_thread.join();
  if (index_error) std::rethrow_exception(index_error);
  const LaneIndex& lanes = *lanes_ptr;

  // Bind each record to its slice (in halves on two threads for a big file).
  std::vector<std::uint32_t> bound(records.size(), kNoEvent);
  auto bind = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto& r = records[i];
      bound[i] = r.bind_enclosing ? lanes.enclosing(out, r.lane, r.ts_ns, r.id_num) : lanes.next(out, r.lane, r.ts_ns);
    }
  };
  if (parallel && records.size() >= kParallelMin) {
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
