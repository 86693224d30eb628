#pragma once
// Bytes each rank puts on the wire for the collectives tensor and expert parallelism use, with the
// ring algorithm's usual factors, and their time on a link (per direction) with a per-step latency.
// These are what a TP layer (two all-reduces per layer, methodology.md s6) or an EP layer costs.
#include <cstdint>

namespace llmsa::perf {

// Ring all-reduce of a `payload_bytes` tensor over n ranks: 2 (n - 1) / n x payload per rank.
double ring_all_reduce_wire_bytes(double payload_bytes, int ranks);
// Ring all-gather producing `output_bytes` on every rank (each rank contributes output / n):
// (n - 1) / n x output per rank. Reduce-scatter of an `input_bytes` tensor moves the same.
double ring_all_gather_wire_bytes(double output_bytes, int ranks);
double ring_reduce_scatter_wire_bytes(double input_bytes, int ranks);
// All-to-all where each rank holds `payload_bytes` spread evenly over n ranks: (n - 1) / n x payload leaves it.
double all_to_all_wire_bytes(double payload_bytes, int ranks);
// Steps of the ring algorithms (2 (n - 1) for all-reduce, n - 1 for all-gather / reduce-scatter).
int ring_all_reduce_steps(int ranks);
int ring_all_gather_steps(int ranks);

// alpha-beta time: steps x latency + wire bytes / per-direction bandwidth.
double collective_seconds(double wire_bytes, double bytes_per_s, int steps = 0, double step_latency_seconds = 0);

}  // namespace llmsa::perf
