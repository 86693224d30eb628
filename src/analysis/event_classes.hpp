#pragma once
// The classification of every device task of one rank, computed once and read by every per-rank pass
// (device timeline, operators, structure events, communication overlap, cross-rank load), instead of
// each pass classifying the events again through its own KernelClassCache.
//
// Per event: whether DeviceTaskSources counts it (device_tasks.hpp: the one rule for duplicate sources)
// and, for a counted event, the dense id of its (name, type, core) triple; per triple its KernelClass.
// Events that do not count (host rows, tasks of a source not chosen for their class, Overlap Analysis
// lanes) get no class: no pass classifies them.
//
// Triple ids are numbered in the order of the first counted event with that triple, the order a
// KernelClassCache walking the counted events assigns: passes that keep per-triple data (operator
// aggregates) see the same ids as before.
//
// Cost: one pass over the events (5 bytes per event kept); each distinct triple costs one
// KernelClassifier::classify_memoized call.
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/device_tasks.hpp"
#include "analysis/kernel_classifier.hpp"
#include "trace/event_store.hpp"

namespace llmsa::analysis {

class EventClasses {
 public:
  static constexpr std::uint32_t kNoTriple = 0xFFFFFFFFu;

  EventClasses() = default;  // no events
  EventClasses(const trace::RankEvents& ev, const KernelClassifier& classifier);
  // `sources` must have been built from `ev`.
  EventClasses(const trace::RankEvents& ev, const DeviceTaskSources& sources, const KernelClassifier& classifier);

  const DeviceTaskSources& sources() const { return sources_; }
  std::size_t size() const { return triple_.size(); }
  // Event i is a counted device task (DeviceTaskSources::counts).
  bool counts(std::size_t i) const { return triple_[i] != kNoTriple; }
  // Dense triple id of counted event i (0 .. distinct()-1); kNoTriple for an event that does not count.
  std::uint32_t triple(std::size_t i) const { return triple_[i]; }
  // The class of counted event i.
  const KernelClass& of(std::size_t i) const { return *classes_[triple_[i]]; }
  const KernelClass& at(std::uint32_t triple) const { return *classes_[triple]; }
  std::size_t distinct() const { return classes_.size(); }

 private:
  DeviceTaskSources sources_;
  std::vector<std::uint32_t> triple_;        // per event
  std::vector<const KernelClass*> classes_;  // per triple, into the classifier's memo
};

// The class table of rank position `r` for the events `ev`: `kept[r]` when it was built for them (an
// analysis keeps one per rank, ProfileAnalysis::event_classes), else `ev` classified into `local`
// (an analysis assembled by hand, or none). Writers that walk every event read the analysis' table
// through this instead of classifying millions of events again.
const EventClasses& kept_or_classified(std::span<const EventClasses> kept, std::size_t r, const trace::RankEvents& ev,
                                       const KernelClassifier& classifier, EventClasses& local);

}  // namespace llmsa::analysis
