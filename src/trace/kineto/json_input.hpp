#pragma once
// The bytes of a JSON document held in memory with the padding simdjson needs after the last
// byte, read from a plain or gzip file (gzip recognised by its magic bytes, not the extension).
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace llmsa::trace::kineto {

class PaddedBytes {
 public:
  PaddedBytes() = default;
  // Allocates `size` bytes (uninitialised) plus the simdjson padding (zeroed).
  explicit PaddedBytes(std::size_t size);
  // Maps the file `fd` of `size` bytes privately (copy-on-write), followed by zeroed padding.
  // Returns an empty PaddedBytes (data() == nullptr) when mapping is not possible.
  static PaddedBytes map_file(int fd, std::size_t size);
  PaddedBytes(PaddedBytes&& o) noexcept { *this = std::move(o); }
  PaddedBytes& operator=(PaddedBytes&& o) noexcept;
  PaddedBytes(const PaddedBytes&) = delete;
  PaddedBytes& operator=(const PaddedBytes&) = delete;
  ~PaddedBytes() { release(); }

  char* data() { return data_; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::string_view view() const { return {data_, size_}; }
  void shrink_size(std::size_t n);  // keeps the allocation, zeroes the new padding
  // A mapped file's pages in [begin, end) go back to the kernel (they read the file again if
  // touched later); heap bytes are kept. Lets a split read drop each chunk's pages once copied.
  void release_pages(std::size_t begin, std::size_t end);

 private:
  void release();
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t mapped_length_ = 0;  // non-zero when data_ is an mmap region
};

struct JsonInput {
  PaddedBytes bytes;
  bool was_gzip = false;
  std::size_t compressed_size = 0;  // file size when gzip, else equal to bytes.size()
};

bool looks_like_gzip(std::string_view bytes);

// Reads `path`; throws llmsa::Error (bad input) for unreadable files and corrupt gzip.
JsonInput load_json_file(const std::filesystem::path& path);
// Same for bytes already in memory (tests, fuzzing); `display_path` names it in messages.
JsonInput load_json_bytes(std::string_view bytes, const std::string& display_path);

}  // namespace llmsa::trace::kineto
