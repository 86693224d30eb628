#pragma once
// Renders a ModelAnalysis as a terminal table, JSON (a stable contract for scripts) or CSV.
// Every rendering names the conventions it was computed under.
#include <string>

#include "model/analysis.hpp"
#include "model/model_spec.hpp"

namespace llmsa::model {

enum class PhaseFilter { kPrefill, kDecode, kBoth };

struct RenderOptions {
  PhaseFilter phase = PhaseFilter::kBoth;
  bool per_layer = false;
};

// JSON contract (numbers are numbers): model, workload, conventions, params.{total, active, vision,
// mtp, mtp_active, by_kind}, kv_cache.{bytes_per_token, window_capped_bytes_per_token,
// state_bytes_per_sequence, bytes_per_sequence, bytes_total, context}, flops.{prefill,decode}.{total,
// by_kind}, bytes.{prefill,decode}.{weights, activations, kv_read, kv_write, total}, mtp, and with
// per_layer: layers[] {index, mixer, ffn, params, flops, bytes, kv_bytes_per_token, state_bytes, ops[]}.
std::string render_json(const ModelSpec& spec, const ModelAnalysis& a, const RenderOptions& r);
std::string render_table(const ModelSpec& spec, const ModelAnalysis& a, const RenderOptions& r);
std::string render_csv(const ModelSpec& spec, const ModelAnalysis& a, const RenderOptions& r);

// "671.03 B" / "37.6 G" style: value with a 10^3 prefix (K, M, G, T, P, E).
std::string format_si(double value, int digits = 3);
// Bytes in GiB-family (KiB, MiB, ...) or GB-family units per `unit`.
std::string format_bytes(double bytes, ByteUnit unit);

}  // namespace llmsa::model
