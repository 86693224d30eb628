#include "trace/kineto/json_input.hpp"

#include <libdeflate.h>
#include <simdjson.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

#include "core/error.hpp"

namespace llmsa::trace::kineto {
namespace {

// Growth cap for decompression: refuse to inflate past this many bytes (a zip bomb or a trace
// that could never be parsed anyway: simdjson handles at most 4 GiB per document).
constexpr std::size_t kMaxDecompressed = std::size_t{4} << 30;

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// Inflates every gzip member of `in` back to back (concatenated gzip is valid gzip).
JsonInput gunzip(std::string_view in, const std::string& display_path) {
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> dec(libdeflate_alloc_decompressor());
  if (!dec) throw_internal("libdeflate_alloc_decompressor failed");
  // First guess: the ISIZE trailer (uncompressed size mod 2^32) of the last member, which is exact
  // for single-member files under 4 GiB; grown on demand otherwise.
  std::size_t guess = in.size() * 4;
  if (in.size() >= 18) {
    std::uint32_t isize = 0;
    std::memcpy(&isize, in.data() + in.size() - 4, 4);  // little-endian on every supported host
    if (isize >= in.size() / 2) guess = isize;
  }
  // Deflate expands at most ~1032:1 (258-byte matches in ~2-bit codes): a larger ISIZE is not this
  // data's (a truncated or corrupt file ends in arbitrary bytes), and trusting it would reserve up
  // to 4 GiB for a few kilobytes of input.
  guess = std::min(guess, in.size() * 1032 + 64);
  if (guess == 0) guess = 64;
  std::size_t in_pos = 0;
  std::size_t out_size = 0;
  PaddedBytes out(guess);
  while (in_pos < in.size()) {
    std::size_t in_used = 0, out_used = 0;
    std::size_t avail = out.capacity() - simdjson::SIMDJSON_PADDING - out_size;
    libdeflate_result r = libdeflate_gzip_decompress_ex(dec.get(), in.data() + in_pos, in.size() - in_pos,
                                                        out.data() + out_size, avail, &in_used, &out_used);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
      std::size_t bigger = (out.capacity() - simdjson::SIMDJSON_PADDING) * 2;
      if (bigger > kMaxDecompressed)
        throw_bad_input({display_path, -1, static_cast<std::int64_t>(in_pos), ""},
                        "gzip data inflates to more than 4 GiB, beyond what the JSON parser can hold");
      PaddedBytes grown(bigger);
      std::memcpy(grown.data(), out.data(), out_size);
      out = std::move(grown);
      continue;  // retry this member from its start
    }
    if (r != LIBDEFLATE_SUCCESS) {
      // Trailing zero padding after the last member is tolerated (some writers pad blocks).
      bool only_zeros = in_pos > 0;
      for (std::size_t i = in_pos; only_zeros && i < in.size(); ++i) only_zeros = in[i] == 0;
      if (only_zeros) break;
      throw_bad_input({display_path, -1, static_cast<std::int64_t>(in_pos), ""},
                      r == LIBDEFLATE_BAD_DATA ? "corrupt or truncated gzip data (member starting at this compressed byte offset)"
                                               : "gzip decompression failed");
    }
    in_pos += in_used;
    out_size += out_used;
    if (in_pos < in.size() && !looks_like_gzip(in.substr(in_pos))) {
      bool only_zeros = true;
      for (std::size_t i = in_pos; only_zeros && i < in.size(); ++i) only_zeros = in[i] == 0;
      if (only_zeros) break;
      throw_bad_input({display_path, -1, static_cast<std::int64_t>(in_pos), ""},
                      "unexpected bytes after the end of the gzip stream");
    }
  }
  out.shrink_size(out_size);
  JsonInput result;
  result.bytes = std::move(out);
  result.was_gzip = true;
  result.compressed_size = in.size();
  return result;
}

}  // namespace

PaddedBytes::PaddedBytes(std::size_t size)
    : data_(new char[size + simdjson::SIMDJSON_PADDING]), size_(size), capacity_(size + simdjson::SIMDJSON_PADDING) {
  std::memset(data_ + size, 0, simdjson::SIMDJSON_PADDING);
}

PaddedBytes& PaddedBytes::operator=(PaddedBytes&& o) noexcept {
  if (this != &o) {
    release();
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    capacity_ = std::exchange(o.capacity_, 0);
    mapped_length_ = std::exchange(o.mapped_length_, 0);
  }
  return *this;
}

void PaddedBytes::release() {
  if (!data_) return;
  if (mapped_length_) munmap(data_, mapped_length_);
  else delete[] data_;
  data_ = nullptr;
}

PaddedBytes PaddedBytes::map_file(int fd, std::size_t size) {
  // Reserve size + padding of zero pages, then map the file over the front. Bytes past the end
  // of the file in its last page read as zero, and the pages after it are the anonymous zeros:
  // the padding simdjson reads is always there, and no copy of the file is made.
  PaddedBytes out;
  if (size == 0) return out;
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t length = (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
  void* region = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return out;
  // Writable but private and not pre-populated: pages that are only read map the page cache directly
  // (no copy, no anonymous memory); only the few bytes a truncated-file repair writes are copied on
  // write. MAP_POPULATE here would write-fault, i.e. copy, every page of the file up front.
  void* file = mmap(region, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
  if (file == MAP_FAILED) {
    munmap(region, length);
    return out;
  }
  madvise(region, size, MADV_SEQUENTIAL);
  madvise(region, size, MADV_WILLNEED);
  out.data_ = static_cast<char*>(region);
  out.size_ = size;
  out.capacity_ = length;
  out.mapped_length_ = length;
  return out;
}

void PaddedBytes::release_pages(std::size_t begin, std::size_t end) {
  if (!mapped_length_ || end > size_) return;
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t first = (begin + page - 1) / page * page, last = end / page * page;
  // Only pages never written (a private mapping drops written copies): the reader writes to the
  // mapping only when repairing a truncated file, which a split read does not do.
  if (first < last) madvise(data_ + first, last - first, MADV_DONTNEED);
}

void PaddedBytes::shrink_size(std::size_t n) {
  if (n > size_) return;
  size_ = n;
  std::memset(data_ + n, 0, simdjson::SIMDJSON_PADDING);
}

bool looks_like_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

JsonInput load_json_file(const std::filesystem::path& path) {
  const std::string display = path.string();
  std::FILE* f = std::fopen(display.c_str(), "rb");
  if (!f) throw_bad_input({display, -1, -1, ""}, std::string("cannot open file: ") + std::strerror(errno));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, &std::fclose);
  std::error_code ec;
  const auto file_size = std::filesystem::file_size(path, ec);
  if (ec) throw_bad_input({display, -1, -1, ""}, "cannot stat file: " + ec.message());
  char magic[2] = {0, 0};
  const std::size_t magic_len = std::fread(magic, 1, 2, f);
  if (!looks_like_gzip(std::string_view(magic, magic_len))) {
    PaddedBytes mapped = PaddedBytes::map_file(fileno(f), static_cast<std::size_t>(file_size));
    if (mapped.data()) {
      JsonInput result;
      result.compressed_size = mapped.size();
      result.bytes = std::move(mapped);
      return result;
    }
  }
  std::rewind(f);
  PaddedBytes raw(static_cast<std::size_t>(file_size));
  std::size_t got = std::fread(raw.data(), 1, raw.size(), f);
  if (got != raw.size()) throw_bad_input({display, -1, static_cast<std::int64_t>(got), ""}, "short read");
  if (looks_like_gzip(raw.view())) return gunzip(raw.view(), display);  // `raw` freed on return
  JsonInput result;
  result.compressed_size = raw.size();
  result.bytes = std::move(raw);
  return result;
}

JsonInput load_json_bytes(std::string_view bytes, const std::string& display_path) {
  if (looks_like_gzip(bytes)) return gunzip(bytes, display_path);
  JsonInput result;
  result.bytes = PaddedBytes(bytes.size());
  if (!bytes.empty()) std::memcpy(result.bytes.data(), bytes.data(), bytes.size());
  result.compressed_size = bytes.size();
  return result;
}

}  // namespace llmsa::trace::kineto
