#pragma once
// Lookups over a RankEvents for the Kineto reader tests.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "trace/event_store.hpp"

namespace llmsa::trace::test_support {

// Index of the first event with this name and start, or -1.
inline std::int64_t find_event(const RankEvents& ev, std::string_view name, std::int64_t start_ns) {
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.start_ns[i] == start_ns && ev.strings.view(ev.name[i]) == name) return static_cast<std::int64_t>(i);
  return -1;
}

inline std::int64_t find_event(const RankEvents& ev, std::string_view name) {
  for (std::size_t i = 0; i < ev.size(); ++i)
    if (ev.strings.view(ev.name[i]) == name) return static_cast<std::int64_t>(i);
  return -1;
}

inline std::optional<std::string> arg(const RankEvents& ev, std::int64_t event, std::string_view key) {
  for (std::size_t i = 0; i < ev.args.event.size(); ++i)
    if (ev.args.event[i] == static_cast<std::uint32_t>(event) && ev.strings.view(ev.args.key[i]) == key)
      return std::string(ev.strings.view(ev.args.value[i]));
  return std::nullopt;
}

inline std::optional<double> metric(const RankEvents& ev, std::int64_t event, std::string_view column) {
  for (const auto& m : ev.metrics)
    if (ev.strings.view(m.name) == column)
      return m.has(static_cast<std::size_t>(event)) ? std::optional<double>(m.at(static_cast<std::size_t>(event)))
                                                     : std::nullopt;
  return std::nullopt;
}

inline bool has_flow(const RankEvents& ev, std::int64_t from, std::int64_t to) {
  for (std::size_t i = 0; i < ev.flows.from.size(); ++i)
    if (ev.flows.from[i] == static_cast<std::uint32_t>(from) && ev.flows.to[i] == static_cast<std::uint32_t>(to)) return true;
  return false;
}

}  // namespace llmsa::trace::test_support
