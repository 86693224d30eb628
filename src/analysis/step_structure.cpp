#include "analysis/step_structure.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "analysis/bubble_windows.hpp"
#include "analysis/layer_segmentation.hpp"
#include "analysis/step_type.hpp"

namespace llmsa::analysis {

namespace {

// First position in `order` whose event starts at or after t.
std::size_t first_at_or_after(const trace::RankEvents& ev, const std::vector<std::uint32_t>& order, std::int64_t t) {
  return static_cast<std::size_t>(
      std::lower_bound(order.begin(), order.end(), t, [&](std::uint32_t i, std::int64_t x) { return ev.start_ns[i] < x; }) -
      order.begin());
}

// Evidence of the kernels s.primary[b, e) and of the host training ranges inside the window.
StepTypeEvidence step_evidence(const trace::RankEvents& ev, const StructureEvents& s, std::size_t b, std::size_t e,
                               const std::vector<std::pair<std::int64_t, std::uint32_t>>& host,
                               const std::vector<std::uint16_t>& host_flags, Interval w,
                               std::vector<std::int8_t>& shape_class, std::vector<std::int8_t>& shape_class_sbh) {
  StepTypeEvidence x;
  auto note = [&](std::int64_t& count, std::uint32_t& example, std::string& name, std::uint32_t i) {
    if (count++ == 0) {
      example = i;
      name = std::string(ev.strings.view(ev.name[i]));
    }
  };
  for (std::size_t p = b; p < e; ++p) {
    const std::uint16_t f = s.flags[p];
    const std::uint32_t i = s.primary[p];
    if (f & kSfTraining) note(x.training, x.training_example, x.training_name, i);
    if (f & kSfSpeculative) note(x.speculative, x.speculative_example, x.speculative_name, i);
    if (!(f & (kSfAttention | kSfFlashScore))) continue;
    ++x.attention;
    if (f & kSfPrefillName) note(x.prefill, x.prefill_example, x.prefill_name, i);
    if (f & kSfDecodeName) note(x.decode, x.decode_example, x.decode_name, i);
    if ((f & kSfFlashScore) && !(f & (kSfPrefillName | kSfDecodeName))) {
      const bool sbh = !(f & kSfInferLayout);
      std::int8_t& c = (sbh ? shape_class_sbh : shape_class)[ev.input_shapes[i]];
      if (c < 0) c = static_cast<std::int8_t>(query_length_class(ev.strings.view(ev.input_shapes[i]), sbh).value_or(0));
      if (c == 1) note(x.decode, x.decode_example, x.decode_name, i);
      if (c == 2) note(x.prefill, x.prefill_example, x.prefill_name, i);
      if (c > 0) ++x.attention_shaped;
    }
  }
  // Host rows inside the window: backward/optimizer ranges, and attention ops whose Input Dims tell the
  // query length (Kineto kernels carry no shapes; their cpu_op does).
  auto lo = std::lower_bound(host.begin(), host.end(), std::make_pair(w.start, 0u));
  auto hi = std::lower_bound(host.begin(), host.end(), std::make_pair(w.end, 0u));
  for (auto it = lo; it != hi; ++it) {
    const std::uint32_t i = it->second;
    if (host_flags[ev.name[i]] & kSfTraining) {
      note(x.training, x.training_example, x.training_name, i);
      continue;
    }
    std::int8_t& c = shape_class[ev.input_shapes[i]];
    if (c < 0) c = static_cast<std::int8_t>(query_length_class(ev.strings.view(ev.input_shapes[i])).value_or(0));
    if (c == 1) note(x.decode, x.decode_example, x.decode_name, i);
    if (c == 2) note(x.prefill, x.prefill_example, x.prefill_name, i);
    if (c > 0) ++x.attention_shaped;
    ++x.attention;
  }
  return x;
}

// Host events that are step-type evidence (training ranges, attention ops with shapes), by start; the
// flags of each distinct name in `flags_by_name`.
std::vector<std::pair<std::int64_t, std::uint32_t>> host_evidence_events(const trace::RankEvents& ev,
                                                                         std::vector<std::uint16_t>& flags_by_name) {
  std::vector<std::pair<std::int64_t, std::uint32_t>> out;
  std::vector<char> known(ev.strings.size(), 0);
  flags_by_name.assign(ev.strings.size(), 0);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (ev.side[i] != trace::Side::kHost) continue;
    const StringId n = ev.name[i];
    if (!known[n]) {
      known[n] = 1;
      flags_by_name[n] = host_structure_flags(ev.strings.view(n));
    }
    if (flags_by_name[n] & (kSfTraining | kSfFlashScore)) out.emplace_back(ev.start_ns[i], static_cast<std::uint32_t>(i));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Step anatomy of A.7 ("head = [step.row_start, layer[0].row_start-1]", "tail = [layer[-1].row_end+1,
// step.row_end]") in time: head from the window start to the first layer's start, tail from the last
// layer's end to the window end, main between. The same boundaries tell a bubble's location
// (location_of), so a step never shows head bubbles with a zero head.
void set_layer_anatomy(TimeBreakdown& t, Interval w, const std::vector<LayerSpan>& layers) {
  const std::int64_t wall = interval_length(w);
  t.head_ns = std::clamp<std::int64_t>(layers.front().start_ns - w.start, 0, wall);
  t.tail_ns = std::clamp<std::int64_t>(w.end - layers.back().end_ns, 0, wall - t.head_ns);
  t.main_ns = wall - t.head_ns - t.tail_ns;
}

std::string_view location_of(const BubbleGap& b, const std::vector<LayerSpan>& layers) {
  if (layers.empty()) return "main";
  if (b.end_ns <= layers.front().start_ns) return "head";
  if (b.start_ns >= layers.back().end_ns) return "tail";
  return "main";
}

}  // namespace

void fill_step_structure(const trace::RankEvents& ev, const StructureEvents& s, const std::vector<StepSpan>& spans,
                         const KernelClassifier& classifier, const Thresholds& th, std::vector<StepAnalysis>& steps,
                         std::vector<std::string>& notes) {
  BlockFamilyCache families(classifier);
  std::vector<std::uint16_t> host_flags;
  const auto host = host_evidence_events(ev, host_flags);
  std::vector<std::int8_t> shape_class(ev.strings.size(), -1), shape_class_sbh(ev.strings.size(), -1);

  const auto min_ns = static_cast<std::int64_t>(th.value("bubble_min_us") * 1000.0);
  std::vector<BubbleGap> bubbles = find_bubbles(ev, s, min_ns);
  // Bubbles belong to the step where their delayed kernel (event_after) starts. The idle time before
  // that step's window opened is inter-step time (A.8 scopes it apart from step-internal / prelaunch
  // bubbles), not the step's: a gap from the previous step's last kernel to this step's first one would
  // otherwise recur in every step as a bubble "between" those two kernels. Keep the part inside the
  // window, if it is still a bubble, before the host-bound test so that it compares the launch with the
  // clipped start.
  std::vector<char> taken(bubbles.size(), 0);  // dropped here; then: assigned to a step
  auto in_window = [&](Interval w) {
    auto first = std::lower_bound(bubbles.begin(), bubbles.end(), w.start,
                                  [](const BubbleGap& x, std::int64_t t0) { return x.end_ns < t0; });
    auto last = first;
    while (last != bubbles.end() && last->end_ns < w.end) ++last;
    return std::make_pair(first, last);
  };
  {
    std::vector<char> clipped(bubbles.size(), 0);
    for (std::size_t k = 0; k < steps.size() && k < spans.size(); ++k) {
      const Interval w = spans[k].window;
      const auto [first, last] = in_window(w);
      for (auto it = first; it != last; ++it) {
        const auto idx = static_cast<std::size_t>(it - bubbles.begin());
        if (clipped[idx]) continue;  // the first step to claim it keeps it (as the assignment below)
        clipped[idx] = 1;
        if (it->start_ns >= w.start) continue;
        if (it->end_ns - w.start < min_ns) taken[idx] = 1;
        else it->start_ns = w.start;
      }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < bubbles.size(); ++i)
      if (!taken[i]) {
        bubbles[kept++] = bubbles[i];
      }
    bubbles.resize(kept);
    taken.assign(kept, 0);
  }
  const std::int64_t linked = mark_host_bound(ev, s, bubbles);
  std::int64_t host_bound = 0, assigned = 0;
  // One shared string per distinct kernel name that borders a bubble.
  std::vector<SharedName> names(ev.strings.size());
  auto name_of = [&](std::uint32_t i) -> const SharedName& {
    SharedName& n = names[ev.name[i]];
    if (n.empty()) n = SharedName(std::string(ev.strings.view(ev.name[i])));
    return n;
  };

  for (std::size_t k = 0; k < steps.size() && k < spans.size(); ++k) {
    StepAnalysis& a = steps[k];
    const Interval w = spans[k].window;
    const std::size_t b = first_at_or_after(ev, s.primary, w.start), e = std::max(b, first_at_or_after(ev, s.primary, w.end));
    a.layers = segment_layers(ev, s, b, e, families);
    if (!a.layers.empty()) set_layer_anatomy(a.time, w, a.layers);
    if (b < e) {
      a.first_event = s.primary[b];
      a.last_event = s.primary[e - 1];
    }
    const StepType t = decide_step_type(step_evidence(ev, s, b, e, host, host_flags, w, shape_class, shape_class_sbh));
    a.step_type = t.type;
    a.step_type_reason = t.reason;
    a.underfeed_ratio = a.time.wall_ns > 0 ? static_cast<double>(a.time.idle_ns) / static_cast<double>(a.time.wall_ns) : 0.0;
    const auto [first, last] = in_window(w);
    std::size_t count = 0;
    for (auto it = first; it != last; ++it) count += taken[static_cast<std::size_t>(it - bubbles.begin())] ? 0 : 1;
    a.bubbles.reserve(count);
    for (auto it = first; it != last; ++it) {
      const std::size_t idx = static_cast<std::size_t>(it - bubbles.begin());
      if (taken[idx]) continue;
      taken[idx] = 1;
      const BubbleGap& g = *it;
      BubbleWindow& x = a.bubbles.emplace_back();
      x.start_ns = g.start_ns;
      x.end_ns = g.end_ns;
      x.event_before = g.event_before;
      x.event_after = g.event_after;
      x.location = location_of(g, a.layers);
      x.host_bound = g.host_bound;
      x.cause = host_bound_cause(ev, g);
      x.before_name = name_of(g.event_before);
      x.after_name = name_of(g.event_after);
      x.before_row = static_cast<std::int64_t>(ev.source_row[g.event_before]);
      x.after_row = static_cast<std::int64_t>(ev.source_row[g.event_after]);
      host_bound += x.host_bound ? 1 : 0;
      ++assigned;
    }
  }
  if (!bubbles.empty())
    notes.push_back(fmt::format("bubbles >= {} us: {} in steps; {} linked to a host launch, {} host bound",
                                th.value("bubble_min_us"), assigned, linked, host_bound));
}

}  // namespace llmsa::analysis
