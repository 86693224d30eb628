#pragma once
// What an event's columns get from its record beyond start, duration, name and type: kind and side
// from the category and thread, the process / stream / device lanes, the link ids and the profiler
// step. One definition for the reader (kineto_reader_impl.inl) and for the split read's joiner
// (kineto_chunks.cpp), which completes the slices whose B and E records lie in different chunks.
#include <cstdint>
#include <string_view>

#include "trace/event_store.hpp"
#include "trace/kineto/decimal_time.hpp"
#include "trace/kineto/kineto_schema.hpp"

namespace llmsa::trace::kineto {

struct EventLinkFields {
  std::string_view name, pid, tid;
  std::int64_t correlation = kMissing;
  std::int64_t device = kMissing;
  std::int64_t stream = kMissing;
  std::int64_t external_id = kMissing;
  std::int64_t sequence = kMissing;
};

// Kind and side of an event of category `ci` on thread `tid` ("stream 7" is a device lane);
// `interval`: an X or B/E slice. `tid_num` gets the thread or stream number (kMissing if none).
// NCCL/RCCL kernels become kCommunication by their name, which the caller checks.
inline void classify_event(const CategoryInfo& ci, bool interval, std::string_view tid, EventKind& kind, Side& side,
                           std::int64_t& tid_num) {
  kind = interval ? ci.kind : EventKind::kOther;
  tid_num = kMissing;
  const bool tid_is_stream = tid.substr(0, 7) == "stream ";
  if (tid_is_stream) parse_int64(tid.substr(7), tid_num);
  else parse_int64(tid, tid_num);
  side = ci.side_known ? ci.side : (tid_is_stream ? Side::kDevice : Side::kHost);
  if (!interval) side = tid_is_stream ? Side::kDevice : Side::kHost;
}

inline void set_link_columns(RankEvents& out, std::uint32_t idx, EventKind kind, Side side, std::int64_t tid_num,
                             const EventLinkFields& f) {
  std::int64_t pid_num = kMissing;
  if (parse_int64(f.pid, pid_num) && pid_num >= INT32_MIN && pid_num <= INT32_MAX)
    out.pid[idx] = static_cast<std::int32_t>(pid_num);
  auto fits32 = [](std::int64_t v) { return v != kMissing && v >= INT32_MIN && v <= INT32_MAX; };
  if (side == Side::kDevice) {
    const std::int64_t s = f.stream != kMissing ? f.stream : tid_num;
    if (fits32(s)) out.stream[idx] = static_cast<std::int32_t>(s);
    const std::int64_t d = f.device != kMissing ? f.device : pid_num;
    if (fits32(d)) out.device[idx] = static_cast<std::int32_t>(d);
  } else if (fits32(tid_num)) {
    out.stream[idx] = static_cast<std::int32_t>(tid_num);  // host lane: the thread id
  }
  out.correlation[idx] = f.correlation;
  std::int64_t step = 0;
  if (kind == EventKind::kAnnotation && parse_profiler_step(f.name, step)) out.step[idx] = step;
  out.external_id[idx] = f.external_id;
  out.sequence[idx] = f.sequence;
}

}  // namespace llmsa::trace::kineto
