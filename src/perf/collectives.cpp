#include "perf/collectives.hpp"

#include "core/error.hpp"
#include "core/error_location.hpp"

namespace llmsa::perf {

namespace {
void check_ranks(int ranks) {
  if (ranks < 1) throw_bad_input(at("", "ranks"), "a collective needs at least one rank");
}
double fraction(int ranks) { return static_cast<double>(ranks - 1) / ranks; }
}  // namespace

double ring_all_reduce_wire_bytes(double payload_bytes, int ranks) {
  check_ranks(ranks);
  return 2 * fraction(ranks) * payload_bytes;
}

double ring_all_gather_wire_bytes(double output_bytes, int ranks) {
  check_ranks(ranks);
  return fraction(ranks) * output_bytes;
}

double ring_reduce_scatter_wire_bytes(double input_bytes, int ranks) { return ring_all_gather_wire_bytes(input_bytes, ranks); }

double all_to_all_wire_bytes(double payload_bytes, int ranks) {
  check_ranks(ranks);
  return fraction(ranks) * payload_bytes;
}

int ring_all_reduce_steps(int ranks) {
  check_ranks(ranks);
  return 2 * (ranks - 1);
}

int ring_all_gather_steps(int ranks) {
  check_ranks(ranks);
  return ranks - 1;
}

double collective_seconds(double wire_bytes, double bytes_per_s, int steps, double step_latency_seconds) {
  if (!(bytes_per_s > 0)) throw_bad_input(at("", "link"), "link bandwidth must be > 0");
  return steps * step_latency_seconds + wire_bytes / bytes_per_s;
}

}  // namespace llmsa::perf
