#include "trace/input_buffer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.hpp"

namespace llmsa::trace {

InputBuffer InputBuffer::map_file(const std::filesystem::path& path) {
  InputBuffer b;
  b.name_ = path.string();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_bad_input({b.name_, -1, -1, ""}, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw_bad_input({b.name_, -1, -1, ""}, "not a regular file");
  }
  if (st.st_size == 0) {
    ::close(fd);
    return b;  // empty: data_ points at a static ""
  }
  void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) throw_bad_input({b.name_, -1, -1, ""}, std::string("cannot map: ") + std::strerror(errno));
  ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
  b.data_ = static_cast<const char*>(p);
  b.size_ = static_cast<std::size_t>(st.st_size);
  b.mapped_ = true;
  return b;
}

InputBuffer InputBuffer::from_memory(std::string_view bytes, std::string display_name) {
  InputBuffer b;
  b.data_ = bytes.data();
  b.size_ = bytes.size();
  b.name_ = std::move(display_name);
  return b;
}

InputBuffer::InputBuffer(InputBuffer&& o) noexcept { *this = std::move(o); }

InputBuffer& InputBuffer::operator=(InputBuffer&& o) noexcept {
  if (this != &o) {
    if (mapped_) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(o.data_, "");
    size_ = std::exchange(o.size_, 0);
    mapped_ = std::exchange(o.mapped_, false);
    released_ = std::exchange(o.released_, 0);
    name_ = std::move(o.name_);
  }
  return *this;
}

InputBuffer::~InputBuffer() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

void InputBuffer::release_range(std::size_t begin, std::size_t end) const {
  if (!mapped_) return;
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t first = (begin + page - 1) / page * page, last = end / page * page;
  if (last > first) ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

void InputBuffer::release_before(std::size_t offset) {
  if (!mapped_) return;
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t end = (offset / page) * page;
  if (end <= released_) return;
  ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace llmsa::trace
