#pragma once
// The bytes of one input, either a memory-mapped file or a caller's buffer (fuzzers, tests), with a
// display name for messages. Large files are mapped, not read: a reader walks them once and hands
// the pages it has passed back to the kernel (release_before), so peak memory stays near the size of
// what is kept, not the size of the file.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace llmsa::trace {

class InputBuffer {
 public:
  // Maps `path` read-only. Throws llmsa::Error (bad input) when it cannot be opened.
  static InputBuffer map_file(const std::filesystem::path& path);
  // Wraps bytes owned by the caller; they must outlive the buffer.
  static InputBuffer from_memory(std::string_view bytes, std::string display_name);

  InputBuffer(InputBuffer&& o) noexcept;
  InputBuffer& operator=(InputBuffer&& o) noexcept;
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;
  ~InputBuffer();

  std::string_view bytes() const { return {data_, size_}; }
  const std::string& name() const { return name_; }

  // Drops resident pages before `offset` (mapped files only); their content stays readable but is
  // paged in again if touched. Called by streaming readers every few MB.
  void release_before(std::size_t offset);
  // Drops the resident pages lying wholly inside [begin, end). Keeps no state, so threads reading
  // disjoint ranges of one file may call it concurrently.
  void release_range(std::size_t begin, std::size_t end) const;
  // Starts a new pass over the buffer: pages released earlier may have been touched again.
  void new_pass() { released_ = 0; }

 private:
  InputBuffer() = default;
  const char* data_ = "";
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::size_t released_ = 0;
  std::string name_;
};

}  // namespace llmsa::trace
