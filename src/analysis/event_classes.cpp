#include "analysis/event_classes.hpp"

namespace llmsa::analysis {

EventClasses::EventClasses(const trace::RankEvents& ev, const KernelClassifier& classifier)
    : EventClasses(ev, DeviceTaskSources(ev), classifier) {}

EventClasses::EventClasses(const trace::RankEvents& ev, const DeviceTaskSources& sources,
                           const KernelClassifier& classifier)
    : sources_(sources), triple_(ev.size(), kNoTriple) {
  KernelClassCache cache(classifier, ev.strings);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!sources_.counts(ev, i)) continue;
    const std::uint32_t t = cache.index(ev.name[i], ev.type[i], ev.core[i]);
    triple_[i] = t;
    if (t == classes_.size()) classes_.push_back(&cache.at(t));  // ids are dense, in order of first sight
  }
}

const EventClasses& kept_or_classified(std::span<const EventClasses> kept, std::size_t r, const trace::RankEvents& ev,
                                       const KernelClassifier& classifier, EventClasses& local) {
  if (r < kept.size() && kept[r].size() == ev.size()) return kept[r];
  local = EventClasses(ev, classifier);
  return local;
}

}  // namespace llmsa::analysis
