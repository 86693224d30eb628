#include "model/analysis_render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <string_view>

namespace llmsa::model {

namespace {

using nlohmann::ordered_json;

bool show_prefill(const RenderOptions& r) { return r.phase != PhaseFilter::kDecode; }
bool show_decode(const RenderOptions& r) { return r.phase != PhaseFilter::kPrefill; }

struct KindSum {
  std::int64_t params_total = 0;
  std::int64_t params_active = 0;
  PhaseCost prefill, decode;
  bool seen = false;
};

// Main-model and vision ops summed per kind (MTP reported apart).
std::array<KindSum, kOpKindCount> sum_by_kind(const ModelAnalysis& a) {
  std::array<KindSum, kOpKindCount> s{};
  for (const OpCost& op : a.ops) {
    if (op.scope == OpScope::kMtp) continue;
    KindSum& k = s[static_cast<std::size_t>(op.kind)];
    k.seen = true;
    k.params_total += op.params_total;
    k.params_active += op.params_active;
    k.prefill += op.prefill;
    k.decode += op.decode;
  }
  return s;
}

struct LayerSum {
  std::int64_t params_total = 0;
  std::int64_t params_active = 0;
  PhaseCost prefill, decode;
};

std::vector<LayerSum> sum_by_layer(const ModelSpec& spec, const ModelAnalysis& a) {
  std::vector<LayerSum> out(spec.layers.size());
  for (const OpCost& op : a.ops) {
    if (op.scope != OpScope::kLayer || op.index < 0 || static_cast<std::size_t>(op.index) >= out.size()) continue;
    LayerSum& l = out[static_cast<std::size_t>(op.index)];
    l.params_total += op.params_total;
    l.params_active += op.params_active;
    l.prefill += op.prefill;
    l.decode += op.decode;
  }
  return out;
}

ordered_json phase_json(const PhaseCost& p) {
  return ordered_json{{"flops", p.flops},
                      {"weight_bytes", p.weight_bytes},
                      {"activation_bytes", p.activation_bytes},
                      {"kv_read_bytes", p.kv_read_bytes},
                      {"kv_write_bytes", p.kv_write_bytes}};
}

ordered_json bytes_json(const PhaseCost& p) {
  return ordered_json{{"weights", p.weight_bytes},
                      {"activations", p.activation_bytes},
                      {"kv_read", p.kv_read_bytes},
                      {"kv_write", p.kv_write_bytes},
                      {"total", p.bytes()}};
}

ordered_json conventions_json(const AnalysisOptions& o) {
  return ordered_json{{"causal", causal_counting_name(o.causal)},
                      {"count_norms", o.count_norms},
                      {"count_biases", o.count_biases},
                      {"mla_q_rope_from_hidden", o.mla_q_rope_from_hidden},
                      {"msa_cap_selected_to_context", o.msa_cap_selected_to_context},
                      {"swa_kv_cap_to_window", o.swa_kv_cap_to_window},
                      {"ssm_scan_methodology", o.ssm_scan_methodology},
                      {"conv_state_kernel_minus_one", o.conv_state_kernel_minus_one},
                      {"logits_for_all_tokens", o.logits_for_all_tokens},
                      {"weight_dtype", dtype_name(o.weight_dtype)},
                      {"activation_dtype", dtype_name(o.activation_dtype)},
                      {"kv_dtype", dtype_name(o.kv_dtype)},
                      {"state_dtype", dtype_name(o.state_dtype)},
                      {"conv_state_dtype", dtype_name(o.conv_state_dtype)},
                      {"byte_unit", o.byte_unit == ByteUnit::kGiB ? "GiB" : "GB"},
                      {"token_suffix", o.token_suffix == TokenSuffix::kBinary ? "binary" : "decimal"}};
}

std::string layout_summary(const ModelSpec& s) {
  std::array<int, 7> mixers{};
  std::array<int, 3> ffns{};
  for (const LayerSpec& l : s.layers) {
    ++mixers[static_cast<std::size_t>(l.mixer)];
    ++ffns[static_cast<std::size_t>(l.ffn)];
  }
  std::string out;
  for (std::size_t i = 1; i < mixers.size(); ++i)
    if (mixers[i] > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", mixers[i], mixer_name(static_cast<MixerKind>(i)));
  for (std::size_t i = 1; i < ffns.size(); ++i)
    if (ffns[i] > 0) out += fmt::format(", {} {}", ffns[i], i == 1 ? "dense FFN" : "MoE");
  return out;
}

}  // namespace

std::string format_si(double value, int digits) {
  static constexpr std::array<const char*, 7> kPrefix{"", "K", "M", "G", "T", "P", "E"};
  std::size_t i = 0;
  double v = value;
  while (std::fabs(v) >= 1000 && i + 1 < kPrefix.size()) {
    v /= 1000;
    ++i;
  }
  const int decimals = std::fabs(v) >= 100 ? std::max(0, digits - 3) : std::fabs(v) >= 10 ? std::max(0, digits - 2) : digits - 1;
  if (i == 0 && v == std::floor(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.{}f} {}", v, decimals, kPrefix[i]);
}

std::string format_bytes(double bytes, ByteUnit unit) {
  const bool bin = unit == ByteUnit::kGiB;
  static constexpr std::array<const char*, 6> kBin{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  static constexpr std::array<const char*, 6> kDec{"B", "KB", "MB", "GB", "TB", "PB"};
  const double base = bin ? 1024.0 : 1000.0;
  std::size_t i = 0;
  double v = bytes;
  while (std::fabs(v) >= base && i + 1 < kBin.size()) {
    v /= base;
    ++i;
  }
  if (i == 0) return fmt::format("{:.0f} B", v);
  return fmt::format("{:.2f} {}", v, bin ? kBin[i] : kDec[i]);
}

std::string render_json(const ModelSpec& spec, const ModelAnalysis& a, const RenderOptions& r) {
  ordered_json j;
  j["model"] = {{"name", spec.name},
                {"source", spec.source},
                {"model_type", spec.model_type},
                {"hidden_size", spec.hidden},
                {"vocab_size", spec.vocab},
                {"num_layers", spec.num_layers()},
                {"layout", layout_summary(spec)},
                {"mtp_modules", spec.mtp.num_modules},
                {"vision", spec.vision.present}};
  const Workload& w = a.workload;
  j["workload"] = {{"seq", w.seq}, {"prefix", w.prefix}, {"batch", w.batch}, {"images", w.images},
                   {"decode_context", w.decode_context()}};
  j["conventions"] = conventions_json(a.options);

  const auto kinds = sum_by_kind(a);
  ordered_json pk = ordered_json::object(), fpk = ordered_json::object(), fdk = ordered_json::object();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (!kinds[i].seen) continue;
    const char* name = op_kind_name(static_cast<OpKind>(i));
    pk[name] = {{"total", kinds[i].params_total}, {"active", kinds[i].params_active}};
    fpk[name] = kinds[i].prefill.flops;
    fdk[name] = kinds[i].decode.flops;
  }
  j["params"] = {{"total", a.params.total}, {"active", a.params.active}, {"vision", a.params.vision},
                 {"mtp", a.params.mtp},     {"mtp_active", a.params.mtp_active}, {"by_kind", pk}};
  j["kv_cache"] = {{"bytes_per_token", a.kv.bytes_per_token},
                   {"window_capped_bytes_per_token", a.kv.window_capped_bytes_per_token},
                   {"state_bytes_per_sequence", a.kv.state_bytes_per_sequence},
                   {"context", w.decode_context()},
                   {"bytes_per_sequence", a.kv.bytes_per_sequence},
                   {"bytes_total", a.kv.bytes_total}};
  ordered_json flops = ordered_json::object(), bytes = ordered_json::object();
  if (show_prefill(r)) {
    flops["prefill"] = {{"total", a.prefill.flops}, {"by_kind", fpk}};
    bytes["prefill"] = bytes_json(a.prefill);
  }
  if (show_decode(r)) {
    flops["decode"] = {{"total", a.decode.flops}, {"by_kind", fdk}};
    bytes["decode"] = bytes_json(a.decode);
  }
  j["flops"] = flops;
  j["bytes"] = bytes;
  j["mtp"] = {{"modules", spec.mtp.num_modules},
              {"params", a.params.mtp},
              {"prefill_flops", a.mtp_prefill.flops},
              {"decode_flops", a.mtp_decode.flops}};

  if (r.per_layer) {
    ordered_json layers = ordered_json::array();
    const auto sums = sum_by_layer(spec, a);
    std::size_t op_i = 0;
    for (std::size_t li = 0; li < spec.layers.size(); ++li) {
      ordered_json ops = ordered_json::array();
      for (; op_i < a.ops.size(); ++op_i) {
        const OpCost& op = a.ops[op_i];
        if (op.scope != OpScope::kLayer) {
          if (op.scope == OpScope::kMtp) break;
          continue;
        }
        if (op.index != static_cast<std::int32_t>(li)) break;
        ordered_json o = {{"kind", op_kind_name(op.kind)}, {"variant", op.variant},
                          {"params_total", op.params_total}, {"params_active", op.params_active}};
        if (op.kind == OpKind::kAttentionCore) o["qk_fraction"] = op.qk_fraction;
        if (show_prefill(r)) o["prefill"] = phase_json(op.prefill);
        if (show_decode(r)) o["decode"] = phase_json(op.decode);
        ops.push_back(std::move(o));
      }
      const LayerSum& s = sums[li];
      ordered_json l = {{"index", li},
                        {"mixer", mixer_name(spec.layers[li].mixer)},
                        {"ffn", ffn_name(spec.layers[li].ffn)},
                        {"params", {{"total", s.params_total}, {"active", s.params_active}}}};
      ordered_json lf = ordered_json::object(), lb = ordered_json::object();
      if (show_prefill(r)) {
        lf["prefill"] = s.prefill.flops;
        lb["prefill"] = s.prefill.bytes();
      }
      if (show_decode(r)) {
        lf["decode"] = s.decode.flops;
        lb["decode"] = s.decode.bytes();
      }
      l["flops"] = lf;
      l["bytes"] = lb;
      l["kv_bytes_per_token"] = a.layer_cache[li].kv_bytes_per_token;
      l["kv_window"] = a.layer_cache[li].kv_window;
      l["state_bytes"] = a.layer_cache[li].state_bytes;
      l["ops"] = std::move(ops);
      layers.push_back(std::move(l));
    }
    j["layers"] = std::move(layers);
  }
  return j.dump(2) + "\n";
}

std::string render_table(const ModelSpec& spec, const ModelAnalysis& a, const RenderOptions& r) {
  const Workload& w = a.workload;
  const ByteUnit u = a.options.byte_unit;
  std::string out;
  out += fmt::format("{}  ({}, {})\n", spec.name, spec.model_type, spec.source);
  out += fmt::format("layout       {} layers: {}", spec.num_layers(), layout_summary(spec));
  if (spec.mtp.num_modules > 0) out += fmt::format("; {} MTP module{}", spec.mtp.num_modules, spec.mtp.num_modules > 1 ? "s" : "");
  if (spec.vision.present) out += fmt::format("; ViT {} layers", spec.vision.num_layers);
  out += "\n";
  out += fmt::format("workload     prefill {} new tokens after {} cached; decode at context {}; batch {}{}\n", w.seq,
                     w.prefix, w.decode_context(), w.batch, w.images > 0 ? fmt::format("; {} image(s)/seq", w.images) : "");
  out += fmt::format("conventions  {}\n\n", describe_conventions(a.options));

  out += fmt::format("parameters   total {} ({})   active/token {}", format_si(static_cast<double>(a.params.total), 4),
                     a.params.total, format_si(static_cast<double>(a.params.active), 4));
  if (a.params.vision > 0) out += fmt::format("   vision {}", format_si(static_cast<double>(a.params.vision)));
  if (a.params.mtp > 0) out += fmt::format("   MTP {} (not in total)", format_si(static_cast<double>(a.params.mtp)));
  out += "\n";
  out += fmt::format("kv cache     {}/token", format_bytes(a.kv.bytes_per_token, u));
  if (a.kv.window_capped_bytes_per_token > 0)
    out += fmt::format(" + {}/token in windowed layers", format_bytes(a.kv.window_capped_bytes_per_token, u));
  if (a.kv.state_bytes_per_sequence > 0) out += fmt::format("   state {}/seq", format_bytes(a.kv.state_bytes_per_sequence, u));
  out += fmt::format("   at context {}: {}/seq, {} for the batch\n", w.decode_context(), format_bytes(a.kv.bytes_per_sequence, u),
                     format_bytes(a.kv.bytes_total, u));
  if (show_prefill(r))
    out += fmt::format("prefill      {}FLOP   bytes {} (weights {}, kv {})\n", format_si(a.prefill.flops, 4),
                       format_bytes(a.prefill.bytes(), u), format_bytes(a.prefill.weight_bytes, u),
                       format_bytes(a.prefill.kv_read_bytes + a.prefill.kv_write_bytes, u));
  if (show_decode(r))
    out += fmt::format("decode       {}FLOP   bytes {} (weights {}, kv {})\n", format_si(a.decode.flops, 4),
                       format_bytes(a.decode.bytes(), u), format_bytes(a.decode.weight_bytes, u),
                       format_bytes(a.decode.kv_read_bytes + a.decode.kv_write_bytes, u));

  const std::string hdr_p = show_prefill(r) ? fmt::format("{:>14}", "prefill FLOP") : "";
  const std::string hdr_d = show_decode(r) ? fmt::format("{:>14}{:>13}", "decode FLOP", "decode bytes") : "";
  out += fmt::format("\n{:<18}{:>12}{:>12}{}{}\n", "component", "params", "active", hdr_p, hdr_d);
  const auto kinds = sum_by_kind(a);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const KindSum& k = kinds[i];
    if (!k.seen) continue;
    std::string row = fmt::format("{:<18}{:>12}{:>12}", op_kind_name(static_cast<OpKind>(i)),
                                  format_si(static_cast<double>(k.params_total)), format_si(static_cast<double>(k.params_active)));
    if (show_prefill(r)) row += fmt::format("{:>14}", format_si(k.prefill.flops));
    if (show_decode(r)) row += fmt::format("{:>14}{:>13}", format_si(k.decode.flops), format_bytes(k.decode.bytes(), u));
    out += row + "\n";
  }

  if (r.per_layer) {
    // Identical consecutive layers are shown once, as a range; a repeating group of layers (a
    // hybrid's period, e.g. 3 x GDN + 1 attention) is shown once with its repeat count.
    const auto sums = sum_by_layer(spec, a);
    const std::size_t n = spec.layers.size();
    out += fmt::format("\n{:<10}{:>5}  {:<10}{:<7}{:>10}{:>10}{}{}{:>11}{:>11}\n", "layers", "n", "mixer", "ffn", "params", "active",
                       show_prefill(r) ? fmt::format("{:>14}", "prefill FLOP") : "",
                       show_decode(r) ? fmt::format("{:>13}", "decode FLOP") : "", "KV/token", "state");
    auto same = [&](std::size_t x, std::size_t y) {
      return spec.layers[x].mixer == spec.layers[y].mixer && spec.layers[x].ffn == spec.layers[y].ffn &&
             sums[x].params_total == sums[y].params_total && sums[x].params_active == sums[y].params_active &&
             sums[x].prefill.flops == sums[y].prefill.flops && sums[x].decode.flops == sums[y].decode.flops &&
             a.layer_cache[x].kv_bytes_per_token == a.layer_cache[y].kv_bytes_per_token &&
             a.layer_cache[x].state_bytes == a.layer_cache[y].state_bytes;
    };
    auto row = [&](const std::string& label, const std::string& count, std::size_t i) {
      const LayerSum& ls = sums[i];
      std::string line = fmt::format("{:<10}{:>5}  {:<10}{:<7}{:>10}{:>10}", label, count, mixer_name(spec.layers[i].mixer),
                                     ffn_name(spec.layers[i].ffn), format_si(static_cast<double>(ls.params_total)),
                                     format_si(static_cast<double>(ls.params_active)));
      if (show_prefill(r)) line += fmt::format("{:>14}", format_si(ls.prefill.flops));
      if (show_decode(r)) line += fmt::format("{:>13}", format_si(ls.decode.flops));
      const LayerCache& lc = a.layer_cache[i];
      line += fmt::format("{:>11}{:>11}", lc.kv_bytes_per_token > 0 ? format_bytes(lc.kv_bytes_per_token, u) : "-",
                          lc.state_bytes > 0 ? format_bytes(lc.state_bytes, u) : "-");
      out += line + "\n";
    };
    constexpr std::size_t kMaxPeriod = 16;
    for (std::size_t i = 0; i < n;) {
      std::size_t best_p = 1, best_r = 1;
      for (std::size_t p = 1; p <= kMaxPeriod && i + 2 * p <= n; ++p) {
        std::size_t reps = 1;
        while (i + (reps + 1) * p <= n) {
          bool equal = true;
          for (std::size_t k = 0; k < p && equal; ++k) equal = same(i + k, i + reps * p + k);
          if (!equal) break;
          ++reps;
        }
        if (reps >= 2 && reps * p > best_r * best_p) {
          best_p = p;
          best_r = reps;
        }
      }
      const std::size_t end = i + best_p * best_r;
      const std::string range = end - i == 1 ? fmt::format("{}", i) : fmt::format("{}-{}", i, end - 1);
      if (best_p == 1) {
        row(range, fmt::format("{}", best_r), i);
      } else {
        out += fmt::format("{:<10}{:>5}  repeats of the {} layers below\n", range, fmt::format("{}x", best_r), best_p);
        for (std::size_t k = 0; k < best_p; ++k) row(fmt::format("  +{}", k), "", i + k);
      }
      i = end;
    }
    out += "(values are per layer; n = how many consecutive layers, or repeats of a group, the row stands for)\n";
  }
  return out;
}

std::string render_csv(const ModelSpec& spec, const ModelAnalysis& a, const RenderOptions& r) {
  std::string out = fmt::format("# {} seq={} prefix={} batch={} images={} {}\n", spec.name, a.workload.seq, a.workload.prefix,
                                a.workload.batch, a.workload.images, describe_conventions(a.options));
  out += "scope,index,kind,variant,params_total,params_active";
  if (show_prefill(r)) out += ",prefill_flops,prefill_weight_bytes,prefill_activation_bytes,prefill_kv_read_bytes,prefill_kv_write_bytes";
  if (show_decode(r)) out += ",decode_flops,decode_weight_bytes,decode_activation_bytes,decode_kv_read_bytes,decode_kv_write_bytes";
  out += "\n";
  auto phase = [](const PhaseCost& p) {
    return fmt::format(",{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}", p.flops, p.weight_bytes, p.activation_bytes, p.kv_read_bytes,
                       p.kv_write_bytes);
  };
  auto row = [&](std::string_view scope, std::int64_t index, std::string_view kind, std::string_view variant, std::int64_t pt,
                 std::int64_t pa, const PhaseCost& pre, const PhaseCost& dec) {
    std::string line = fmt::format("{},{},{},{},{},{}", scope, index, kind, variant, pt, pa);
    if (show_prefill(r)) line += phase(pre);
    if (show_decode(r)) line += phase(dec);
    out += line + "\n";
  };
  if (r.per_layer) {
    for (const OpCost& op : a.ops)
      row(op_scope_name(op.scope), op.index, op_kind_name(op.kind), op.variant, op.params_total, op.params_active, op.prefill,
          op.decode);
  } else {
    const auto kinds = sum_by_kind(a);
    for (std::size_t i = 0; i < kinds.size(); ++i)
      if (kinds[i].seen)
        row("total", -1, op_kind_name(static_cast<OpKind>(i)), "", kinds[i].params_total, kinds[i].params_active,
            kinds[i].prefill, kinds[i].decode);
  }
  row("total", -1, "all", "", a.params.total, a.params.active, a.prefill, a.decode);
  return out;
}

}  // namespace llmsa::model
