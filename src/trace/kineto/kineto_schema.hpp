#pragma once
// What Kineto's categories, names and argument keys mean, for the current schema (cpu_op, kernel,
// cuda_runtime, ...) and the 2021 one (Operator, Kernel, Runtime, Memcpy, Memset), NVIDIA and AMD.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trace/event_store.hpp"

namespace llmsa::trace::kineto {

struct CategoryInfo {
  EventKind kind = EventKind::kOther;
  Side side = Side::kHost;
  bool side_known = false;  // false: decide from the lane (a "stream N" tid means device)
};

// Maps a Kineto `cat` to a kind and side. Device kernels named nccl*/rccl* become kCommunication
// (see `is_collective_kernel_name`), which the caller applies since it needs the name.
CategoryInfo classify_category(std::string_view cat);

// NCCL and RCCL kernels: ncclKernel_*, ncclDevKernel_*, rccl*, and AMD's names that embed "nccl".
bool is_collective_kernel_name(std::string_view name);

// "ProfilerStep#12" -> 12; false when the name is not a profiler step.
bool parse_profiler_step(std::string_view name, std::int64_t& step);

// Argument keys the reader keeps. Typed ones go to event-store columns (the two integer link ids
// to MetricColumns named as in Kineto, since the event store has no dedicated column for them:
// one interned string per event would cost more than the rest of the event), the rest to the
// ArgTable under their Kineto key.
enum class ArgKey : std::uint8_t {
  kIgnore = 0,
  kCorrelation,   // -> correlation column
  kDevice,        // -> device column (device-side events)
  kStream,        // -> stream column (device-side events); ArgTable "stream" for host launches
  kInputDims,     // -> input_shapes column (raw JSON text)
  kInputType,     // -> input_dtypes column (raw JSON text)
  kExternalId,    // -> metric column "External id" (links cpu_op -> runtime -> kernel)
  kSequenceNumber,  // -> metric column "Sequence number" (links forward and backward ops)
  kKeep,          // -> ArgTable under canonical_arg_key()
};

// For kKeep, `kept_index` (when given) gets the key's index among the kept keys (< kKeptKeyCount),
// so that a caller can keep one id per kept key without hashing it again.
inline constexpr std::size_t kKeptKeyCount = 31;
ArgKey classify_arg_key(std::string_view key, std::uint8_t* kept_index = nullptr);
// The canonical spelling stored in the ArgTable for a kept key.
std::string_view canonical_arg_key(std::string_view key);

}  // namespace llmsa::trace::kineto
