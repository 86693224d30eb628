#include "perf/plan_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace llmsa::perf {

const char* plan_reject_name(PlanReject r) {
  switch (r) {
    case PlanReject::kBatchNotDivisible: return "global batch not a multiple of dp x micro-batch";
    case PlanReject::kInterleaveMicrobatches: return "interleaved schedule needs microbatches % pp == 0";
    case PlanReject::kVppLayers: return "vpp exceeds the layers per stage";
    case PlanReject::kMemory: return "does not fit in card memory";
  }
  return "";
}

std::string layout_label(const TrainLayout& l) {
  std::string s = fmt::format("tp{} pp{} dp{} ep{} cp{} vpp{} mb{} zero{}", l.tp, l.pp, l.dp, l.ep, l.cp, l.vpp,
                              l.micro_batch, l.zero_stage);
  if (l.dp_shard > 0 && l.dp_shard != l.dp) s += fmt::format(" hsdp{}x{}", l.replicate_group(), l.dp_shard);
  if (l.sequence_parallel) s += " sp";
  s += fmt::format(" rc={}", recompute_name(l.recompute));
  return s;
}

namespace {

constexpr int kDims = 8;
const char* const kDimNames[kDims] = {"tp", "pp", "cp", "ep", "zero", "micro_batch", "vpp", "recompute"};
int dim_value(const TrainLayout& l, int dim) {
  switch (dim) {
    case 0: return l.tp;
    case 1: return l.pp;
    case 2: return l.cp;
    case 3: return l.ep;
    case 4: return l.zero_stage;
    case 5: return l.micro_batch;
    case 6: return l.vpp;
    default: return static_cast<int>(l.recompute);
  }
}

struct Ranked {
  double step = 0;
  double peak = 0;
};
bool better(const PlanCandidate& a, const PlanCandidate& b) {
  if (a.step.step != b.step.step) return a.step.step < b.step.step;
  return a.memory.peak() < b.memory.peak();
}

// Best candidate per value of each dimension (fixed slots, no allocation in the loop).
struct AltTable {
  static constexpr int kSlots = 24;
  int values[kDims][kSlots];
  int used[kDims] = {};
  bool feasible[kDims][kSlots] = {};
  PlanCandidate cand[kDims][kSlots];
  void offer(const PlanCandidate& c, bool fits) {
    for (int d = 0; d < kDims; ++d) {
      int v = dim_value(c.layout, d);
      int i = 0;
      while (i < used[d] && values[d][i] != v) ++i;
      if (i == used[d]) {
        if (i == kSlots) continue;
        values[d][i] = v;
        ++used[d];
        feasible[d][i] = fits;
        cand[d][i] = c;
        continue;
      }
      // Feasible beats infeasible; among feasible the faster; among infeasible the smaller peak.
      if (fits && (!feasible[d][i] || better(c, cand[d][i]))) {
        feasible[d][i] = true;
        cand[d][i] = c;
      } else if (!fits && !feasible[d][i] && c.memory.peak() < cand[d][i].memory.peak()) {
        cand[d][i] = c;
      }
    }
  }
};

void divisors_pow2(std::int64_t n, int max, std::vector<int>& out) {
  out.clear();
  for (int v = 1; v <= max; v *= 2)
    if (n % v == 0) out.push_back(v);
}

}  // namespace

PlanResult search_layouts(const PlanRequest& req) {
  PlanResult r;
  const TrainModel& m = req.model;
  const int top = std::clamp(req.top, 1, 16);
  const double capacity = req.device.capacity_bytes * req.options.usable_memory_fraction;
  auto alts = std::make_unique<AltTable>();
  std::vector<PlanCandidate> best;
  best.reserve(static_cast<std::size_t>(top) + 1);

  std::vector<int> tps, cps, eps, mbs;
  divisors_pow2(req.cards, std::min(req.max_tp, std::max(1, req.device.scale_up_domain)), tps);
  divisors_pow2(req.cards, req.max_cp, cps);
  if (m.experts > 0) divisors_pow2(req.cards, static_cast<int>(std::min<std::int64_t>(req.max_ep, m.experts)), eps);
  else eps = {1};
  for (int mb = 1; mb <= req.max_micro_batch; mb *= 2) mbs.push_back(mb);
  const Recompute rcs[] = {Recompute::kNone, Recompute::kSelective, Recompute::kFull};

  TrainLayout l;
  l.seq_len = req.seq_len;
  l.global_batch = req.global_batch;
  for (int tp : tps) {
    if (m.heads > 0 && m.heads % tp != 0) continue;
    for (int cp : cps) {
      if (req.seq_len % cp != 0) continue;
      for (int ep : eps) {
        if (m.experts > 0 && m.experts % ep != 0) continue;
        // Megatron carves EP out of DP; the methodology makes it a dimension of its own.
        const bool carve = req.options.conventions == Conventions::kMegatron;
        const std::int64_t inner = std::int64_t{tp} * cp * (carve ? 1 : ep);
        if (req.cards % inner != 0) continue;
        const std::int64_t rest = req.cards / inner;
        for (std::int64_t pp = 1; pp <= rest && pp <= m.layers; ++pp) {
          if (rest % pp != 0) continue;
          const std::int64_t dp = rest / pp;
          if (carve && dp % ep != 0) continue;
          const std::int64_t layers_stage = (m.layers + pp - 1) / pp;
          for (int zero = 0; zero <= 3; ++zero) {
            if (zero == 3 && pp > 1) continue;  // no ZeRO-3 with pipelines
            if (zero > 0 && dp == 1) continue;  // nothing to shard over
            // HSDP: plain FSDP over dp, plus the shard group that fills the scale-up domain.
            int shards[2] = {0, 0};
            int n_shards = 1;
            if (zero == 3) {
              std::int64_t node_shard = req.device.scale_up_domain / inner;
              if (node_shard > 1 && node_shard < dp && dp % node_shard == 0) shards[n_shards++] = static_cast<int>(node_shard);
            }
            for (int si = 0; si < n_shards; ++si) {
              for (int mb : mbs) {
                for (int vpp = 1; vpp <= (pp > 1 ? req.max_vpp : 1); vpp *= 2) {
                  for (Recompute rc : rcs) {
                    ++r.enumerated;
                    if (req.global_batch % (dp * mb) != 0) {
                      ++r.rejected[static_cast<int>(PlanReject::kBatchNotDivisible)];
                      continue;
                    }
                    if (vpp > layers_stage) {
                      ++r.rejected[static_cast<int>(PlanReject::kVppLayers)];
                      continue;
                    }
                    if (vpp > 1 && (req.global_batch / (dp * mb)) % pp != 0) {
                      ++r.rejected[static_cast<int>(PlanReject::kInterleaveMicrobatches)];
                      continue;
                    }
                    l.tp = tp;
                    l.cp = cp;
                    l.ep = ep;
                    l.ep_within_dp = carve;
                    l.pp = static_cast<int>(pp);
                    l.dp = static_cast<int>(dp);
                    l.zero_stage = zero;
                    l.dp_shard = shards[si];
                    l.micro_batch = mb;
                    l.vpp = vpp;
                    l.recompute = rc;
                    l.sequence_parallel = tp > 1 && req.options.conventions == Conventions::kMegatron;
                    PlanCandidate c;
                    c.layout = l;
                    c.memory = train_memory(m, l, req.options);
                    ++r.evaluated;
                    const bool fits = c.memory.peak() <= capacity;
                    if (!fits) {
                      ++r.rejected[static_cast<int>(PlanReject::kMemory)];
                      if (!r.has_closest || c.memory.peak() < r.closest.memory.peak()) {
                        c.step = train_step(m, l, req.options, req.device);
                        r.closest = c;
                        r.has_closest = true;
                      }
                      alts->offer(c, false);
                      continue;
                    }
                    c.step = train_step(m, l, req.options, req.device);
                    ++r.feasible;
                    alts->offer(c, true);
                    if (static_cast<int>(best.size()) == top && !better(c, best.back())) continue;
                    auto pos = std::upper_bound(best.begin(), best.end(), c, better);
                    best.insert(pos, c);
                    if (static_cast<int>(best.size()) > top) best.pop_back();
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  r.best = std::move(best);
  for (int d = 0; d < kDims; ++d) {
    std::vector<int> order(static_cast<std::size_t>(alts->used[d]));
    for (int i = 0; i < alts->used[d]; ++i) order[static_cast<std::size_t>(i)] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return alts->values[d][a] < alts->values[d][b]; });
    for (int i : order)
      r.alternatives.push_back({kDimNames[d], alts->values[d][i], alts->feasible[d][i], alts->cand[d][i]});
  }
  if (r.best.empty()) {
    if (r.evaluated == 0) {
      int worst = 0;
      for (int i = 1; i < kPlanRejectCount; ++i)
        if (r.rejected[i] > r.rejected[worst]) worst = i;
      r.bound = r.enumerated == 0
                    ? fmt::format("no layout: {} cards cannot be split into tp x cp x ep x pp x dp for this model", req.cards)
                    : fmt::format("batch shape: every one of {} layouts broke a rule, most often '{}' ({}); global batch {} "
                                  "sequences",
                                  r.enumerated, plan_reject_name(static_cast<PlanReject>(worst)), r.rejected[worst],
                                  req.global_batch);
    } else {
      const auto& c = r.closest;
      r.bound = fmt::format("memory: the smallest peak over {} evaluated layouts is {:.1f} GB ({}) on a {:.1f} GB card; "
                            "largest part {} ({:.1f} GB)",
                            r.evaluated, c.memory.peak() / 1e9, layout_label(c.layout), capacity / 1e9,
                            largest_memory_component(c.memory),
                            std::max({c.memory.weights + c.memory.weights_gather_peak, c.memory.optimizer,
                                      c.memory.gradients, c.memory.activations}) / 1e9);
    }
  }
  return r;
}

namespace {

struct Part {
  const char* name;
  double seconds;
};

std::array<Part, 9> parts(const StepBreakdown& s) {
  double mu = static_cast<double>(s.microbatches);
  return {{{"compute (incl. recompute)", mu * s.compute_mb},
           {"EP all-to-all", mu * s.ep_mb},
           {"TP collectives", mu * s.tp_mb},
           {"PP p2p", mu * s.pp_mb},
           {"CP ring", mu * s.cp_mb},
           {"FSDP gathers", mu * s.fsdp_mb},
           {"pipeline bubble", s.bubble},
           {"DP reduce (exposed)", s.dp_exposed},
           {"offload", s.offload}}};
}

}  // namespace

std::string why_slower(const PlanCandidate& best, const PlanCandidate& other) {
  auto a = parts(best.step);
  auto b = parts(other.step);
  std::vector<std::pair<double, const char*>> deltas;
  for (std::size_t i = 0; i < a.size(); ++i) deltas.emplace_back(b[i].seconds - a[i].seconds, a[i].name);
  std::sort(deltas.begin(), deltas.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  std::string s = fmt::format("+{:.0f} ms:", (other.step.step - best.step.step) * 1e3);
  int shown = 0;
  for (const auto& [d, name] : deltas) {
    if (d <= 1e-4 || shown == 2) break;
    s += fmt::format("{} {} +{:.0f} ms", shown ? "," : "", name, d * 1e3);
    ++shown;
  }
  if (shown == 0) s += " equal step time; more memory";
  // What the runner-up saves, so the trade-off is visible ("TP +3341 ms ... but compute -3011 ms").
  const auto& gain = deltas.back();
  if (gain.first < -1e-4) s += fmt::format("; saves {} {:.0f} ms", gain.second, -gain.first * 1e3);
  return s;
}

std::vector<std::string> explain_best(const PlanResult& r, const PlanRequest& req) {
  std::vector<std::string> out;
  if (r.best.empty()) {
    out.push_back(r.bound);
    return out;
  }
  const auto& b = r.best.front();
  const auto& s = b.step;
  out.push_back(fmt::format("{} fits: peak {:.1f} of {:.1f} GB per card (weights {:.1f}, gradients {:.1f}, optimizer "
                            "{:.1f}, activations {:.1f}, gather peak {:.1f})",
                            layout_label(b.layout), b.memory.peak() / 1e9,
                            req.device.capacity_bytes * req.options.usable_memory_fraction / 1e9, b.memory.weights / 1e9,
                            b.memory.gradients / 1e9, b.memory.optimizer / 1e9, b.memory.activations / 1e9,
                            b.memory.weights_gather_peak / 1e9));
  auto p = parts(s);
  std::string where = fmt::format("step {:.3f} s over {} microbatches:", s.step, s.microbatches);
  for (const auto& q : p)
    if (q.seconds > 0) where += fmt::format(" {} {:.1f}%", q.name, 100 * q.seconds / s.step);
  out.push_back(where);
  out.push_back(fmt::format("eta {:.1f}% (useful compute / step), MFU {:.1f}% of {:.0f} TFLOPS peak, {:.0f} tokens/s",
                            s.eta * 100, s.mfu * 100, req.device.peak_flops / 1e12, s.tokens_per_s));
  for (const auto& alt : r.alternatives) {
    int mine = 0;
    for (int d = 0; d < kDims; ++d)
      if (alt.dimension == kDimNames[d]) mine = dim_value(b.layout, d);
    if (alt.value == mine) continue;
    std::string v = alt.dimension == "recompute" ? recompute_name(static_cast<Recompute>(alt.value)) : std::to_string(alt.value);
    if (!alt.feasible)
      out.push_back(fmt::format("{} {}: nothing fits (best peak {:.1f} GB, {} dominates)", alt.dimension, v,
                                alt.best.memory.peak() / 1e9, largest_memory_component(alt.best.memory)));
    else
      out.push_back(fmt::format("{} {}: best is {} at {:.3f} s ({})", alt.dimension, v, layout_label(alt.best.layout),
                                alt.best.step.step, why_slower(b, alt.best)));
  }
  return out;
}

}  // namespace llmsa::perf
