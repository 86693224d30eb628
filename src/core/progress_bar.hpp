#pragma once
// A progress bar for long runs, drawn on stderr only when stderr is a terminal: piped or redirected
// output (CI logs, `2> file`, tests) stays clean. Redraws are throttled (at most one per
// kMinRedrawMs) and the counter is atomic, so worker threads may advance it concurrently; drawing
// itself is serialized by a mutex.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace llmsa {

// "label [#########...........]  12/40  30%" in exactly `width` columns or fewer (no line end).
// total 0 renders the count alone. Pure, for tests.
std::string render_progress_line(std::string_view label, std::uint64_t done, std::uint64_t total, int width = 60);

// True when the stream is attached to a terminal.
bool is_terminal(std::FILE* stream);

class ProgressBar {
 public:
  static constexpr int kMinRedrawMs = 100;

  // Draws on `out` when `enabled`; the default is "stderr is a terminal".
  ProgressBar(std::string label, std::uint64_t total, std::FILE* out = stderr, bool enabled = is_terminal(stderr));
  ~ProgressBar();  // finishes the line when something was drawn
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void advance(std::uint64_t n = 1);
  void set_label(std::string label);  // e.g. the current stage; redrawn on the next advance
  void finish();                      // draws the final state and ends the line (idempotent)
  bool enabled() const { return enabled_; }
  std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }

 private:
  void draw(bool force);

  std::string label_;
  const std::uint64_t total_;
  std::FILE* out_;
  const bool enabled_;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false, finished_ = false;
};

}  // namespace llmsa
