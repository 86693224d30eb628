#include "trace/kineto/json_input.hpp"

#include <libdeflate.h>
#include <simdjson.h>

#include <cstdio>
#include <cstring>

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
  std::memset(data_.get() + size, 0, simdjson::SIMDJSON_PADDING);
}

void PaddedBytes::shrink_size(std::size_t n) {
  if (n > size_) return;
  size_ = n;
  std::memset(data_.get() + n, 0, simdjson::SIMDJSON_PADDING);
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
