#pragma once
// Hand-written captures for the structure tests: events are added one by one with times in µs, and
// each file's row count is recorded so that the evidence validator can check row ranges.
#include <string>

#include "trace/profile.hpp"

namespace llmsa::test {

class SyntheticRank {
 public:
  SyntheticRank(trace::Capture& capture, int rank) : capture_(capture) {
    capture_.ranks.emplace_back();
    index_ = capture_.ranks.size() - 1;
    profile().events.rank = rank;
    profile().events.rank_source = "profiler_info";
  }
  trace::RankProfile& profile() { return capture_.ranks[index_]; }
  trace::RankEvents& events() { return profile().events; }

  // A source file; returns its id. Rows are counted as events are added to it.
  std::uint16_t file(const std::string& path, const std::string& format) {
    const std::uint16_t id = events().add_source(path, format);
    trace::FileReadReport f;
    f.path = path;
    f.format = format;
    f.rank = events().rank;
    profile().files.push_back(f);
    return id;
  }

  // A device kernel (kernel_details-like: name, Type, Accelerator Core).
  std::uint32_t kernel(std::uint16_t src, const std::string& name, const std::string& type, const std::string& core,
                       double start_us, double dur_us, const std::string& shapes = "",
                       trace::EventKind kind = trace::EventKind::kKernel) {
    auto& ev = events();
    const std::uint32_t i = ev.add_event(kind, trace::Side::kDevice, us(start_us), us(dur_us), ev.strings.intern(name), src,
                                         next_row(src));
    ev.type[i] = ev.strings.intern(type);
    ev.core[i] = ev.strings.intern(core);
    ev.input_shapes[i] = ev.strings.intern(shapes);
    ev.stream[i] = 0;
    return i;
  }

  // A host event (framework op or runtime call), optionally with a correlation / connection id.
  std::uint32_t host(std::uint16_t src, const std::string& name, trace::EventKind kind, double start_us, double dur_us,
                     std::int64_t correlation = trace::kMissing) {
    auto& ev = events();
    const std::uint32_t i =
        ev.add_event(kind, trace::Side::kHost, us(start_us), us(dur_us), ev.strings.intern(name), src, next_row(src));
    ev.correlation[i] = correlation;
    return i;
  }

  static std::int64_t us(double v) { return static_cast<std::int64_t>(v * 1000.0 + (v >= 0 ? 0.5 : -0.5)); }

 private:
  std::uint64_t next_row(std::uint16_t src) {
    auto& f = profile().files.at(src);
    ++f.events;
    return f.rows_read++;
  }
  trace::Capture& capture_;
  std::size_t index_ = 0;
};

}  // namespace llmsa::test
