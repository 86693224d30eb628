#include "core/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace llmsa {

std::string render_progress_line(std::string_view label, std::uint64_t done, std::uint64_t total, int width) {
  if (total == 0) return fmt::format("{} {}", label, done).substr(0, static_cast<std::size_t>(std::max(width, 0)));
  done = std::min(done, total);
  const std::string count = fmt::format(" {}/{} {:3}%", done, total, done * 100 / total);
  // Label, space, brackets and the count take their room; the bar gets the rest (at least 10).
  std::string head(label);
  const int fixed = static_cast<int>(count.size()) + 3;
  int bar = width - fixed - static_cast<int>(head.size());
  if (bar < 10) {
    bar = 10;
    const int room = std::max(0, width - fixed - bar);
    if (static_cast<int>(head.size()) > room) head.resize(static_cast<std::size_t>(room));
  }
  const auto filled = static_cast<int>(done * static_cast<std::uint64_t>(bar) / total);
  std::string line = head;
  line += " [";
  line.append(static_cast<std::size_t>(filled), '#');
  line.append(static_cast<std::size_t>(bar - filled), '.');
  line += "]";
  line += count;
  return line.substr(0, static_cast<std::size_t>(std::max(width, 0)));
}

bool is_terminal(std::FILE* stream) { return stream && ::isatty(::fileno(stream)) == 1; }

ProgressBar::ProgressBar(std::string label, std::uint64_t total, std::FILE* out, bool enabled)
    : label_(std::move(label)), total_(total), out_(out), enabled_(enabled && out != nullptr) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(std::uint64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  if (enabled_) draw(false);
}

void ProgressBar::set_label(std::string label) {
  std::lock_guard<std::mutex> lock(mutex_);
  label_ = std::move(label);
}

void ProgressBar::finish() {
  if (!enabled_) return;
  draw(true);
  std::lock_guard<std::mutex> lock(mutex_);
  if (drawn_ && !finished_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
  finished_ = true;
}

void ProgressBar::draw(bool force) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(kMinRedrawMs)) return;
  last_draw_ = now;
  drawn_ = true;
  // \r returns to the line start; \033[K clears what a longer previous label left behind.
  fmt::print(out_, "\r{}\033[K", render_progress_line(label_, done_.load(std::memory_order_relaxed), total_));
  std::fflush(out_);
}

}  // namespace llmsa
