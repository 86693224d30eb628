#include "det/run_reader.hpp"

#include <simdjson.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

#include "core/error.hpp"

namespace llmsa::det {

namespace {

constexpr std::size_t kInitialBuffer = std::size_t{1} << 20;

[[noreturn]] void bad(const std::string& file, std::int64_t line, const std::string& field,
                      const std::string& message) {
  throw_bad_input(SourceLocation{file, line, -1, field}, message);
}

std::string describe(simdjson::error_code e) { return simdjson::error_message(e); }

void read_prompt_id(simdjson::dom::element value, const std::string& file, std::int64_t line, std::string& out) {
  if (value.is_string()) {
    out.assign(std::string_view(value.get_string().value_unsafe()));
    return;
  }
  if (value.is_int64()) {
    out = std::to_string(value.get_int64().value_unsafe());
    return;
  }
  if (value.is_number()) bad(file, line, "prompt_id", "a numeric prompt_id must be an integer");
  bad(file, line, "prompt_id", "must be a string or an integer");
}

void read_tokens(simdjson::dom::element value, const std::string& file, std::int64_t line,
                 std::vector<std::int32_t>& out) {
  simdjson::dom::array array;
  if (value.get_array().get(array)) bad(file, line, "tokens", "must be an array of token ids");
  out.reserve(array.size());
  std::size_t index = 0;
  for (simdjson::dom::element element : array) {
    std::int64_t id = 0;
    if (element.get_int64().get(id)) {
      bad(file, line, "tokens[" + std::to_string(index) + "]", "must be an integer token id");
    }
    if (id < 0 || id > std::numeric_limits<std::int32_t>::max()) {
      bad(file, line, "tokens[" + std::to_string(index) + "]",
          "token id " + std::to_string(id) + " is outside [0, 2^31)");
    }
    out.push_back(static_cast<std::int32_t>(id));
    ++index;
  }
}

void read_logprobs(simdjson::dom::element value, const std::string& file, std::int64_t line,
                   std::vector<double>& out) {
  simdjson::dom::array array;
  if (value.get_array().get(array)) bad(file, line, "logprobs", "must be an array of numbers");
  out.reserve(array.size());
  std::size_t index = 0;
  for (simdjson::dom::element element : array) {
    double x = 0;
    // get_double accepts integers too (a log-prob of 0 may be written as 0).
    if (element.get_double().get(x)) bad(file, line, "logprobs[" + std::to_string(index) + "]", "must be a number");
    out.push_back(x);
    ++index;
  }
}

}  // namespace

void parse_generation_line(std::string_view text, const std::string& file, std::int64_t line,
                           bool logprobs_required, std::string& scratch, GenerationRecord& out) {
  out.prompt_id.clear();
  out.tokens.clear();
  out.logprobs.clear();
  out.line = line;
  // simdjson reads a little past the end of its input; give it a padded private copy.
  scratch.assign(text);
  scratch.append(simdjson::SIMDJSON_PADDING, ' ');

  // One parser per thread: its buffers are reused from line to line. The DOM parser validates the
  // whole line, so trailing garbage after the object is rejected too.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto e = parser.parse(scratch.data(), text.size(), false).get(doc)) {
    bad(file, line, "", std::string("not valid JSON: ") + describe(e));
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object)) bad(file, line, "", "a record must be a JSON object");

  bool has_prompt = false, has_tokens = false, has_logprobs = false;
  for (auto field : object) {
    const std::string_view key = field.key;
    if (key == "prompt_id") {
      if (has_prompt) bad(file, line, "prompt_id", "appears twice");
      read_prompt_id(field.value, file, line, out.prompt_id);
      has_prompt = true;
    } else if (key == "tokens") {
      if (has_tokens) bad(file, line, "tokens", "appears twice");
      read_tokens(field.value, file, line, out.tokens);
      has_tokens = true;
    } else if (key == "logprobs" && logprobs_required) {
      if (has_logprobs) bad(file, line, "logprobs", "appears twice");
      read_logprobs(field.value, file, line, out.logprobs);
      has_logprobs = true;
    }
  }
  if (!has_prompt) bad(file, line, "prompt_id", "missing");
  if (!has_tokens) bad(file, line, "tokens", "missing");
  if (logprobs_required) {
    if (!has_logprobs) bad(file, line, "logprobs", "missing (or pass a raw float32 logprob file)");
    if (out.logprobs.size() != out.tokens.size()) {
      bad(file, line, "logprobs",
          "has " + std::to_string(out.logprobs.size()) + " values for " + std::to_string(out.tokens.size()) +
              " tokens");
    }
  }
}

RunReader::RunReader(std::string path, std::string raw_logprobs_path)
    : path_(std::move(path)), raw_path_(std::move(raw_logprobs_path)) {
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) throw_bad_input(SourceLocation{path_, -1, -1, ""}, std::string("cannot open: ") + std::strerror(errno));
  if (!raw_path_.empty()) {
    raw_ = std::fopen(raw_path_.c_str(), "rb");
    if (!raw_) {
      std::fclose(file_);
      throw_bad_input(SourceLocation{raw_path_, -1, -1, ""}, std::string("cannot open: ") + std::strerror(errno));
    }
  }
  buffer_.resize(kInitialBuffer);
}

RunReader::~RunReader() {
  if (file_) std::fclose(file_);
  if (raw_) std::fclose(raw_);
}

bool RunReader::next_line(std::string_view& line) {
  for (;;) {
    if (begin_ < end_) {
      const char* start = buffer_.data() + begin_;
      const void* nl = std::memchr(start, '\n', end_ - begin_);
      if (nl) {
        std::size_t len = static_cast<const char*>(nl) - start;
        line = std::string_view(start, len);
        begin_ += len + 1;
        counts_.bytes += static_cast<std::int64_t>(len + 1);
        return true;
      }
    }
    if (eof_) {
      if (begin_ == end_) return false;
      // The last line has no newline.
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);
      counts_.bytes += static_cast<std::int64_t>(end_ - begin_);
      begin_ = end_;
      return true;
    }
    // Keep the unfinished line and refill; grow when one line fills the whole buffer.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    if (got == 0) {
      if (std::ferror(file_)) throw_bad_input(SourceLocation{path_, counts_.lines + 1, counts_.bytes, ""}, "read error");
      eof_ = true;
    }
    end_ += got;
  }
}

void RunReader::read_raw_logprobs(GenerationRecord& out) {
  const std::size_t n = out.tokens.size();
  raw_scratch_.resize(n);
  std::size_t got = n == 0 ? 0 : std::fread(raw_scratch_.data(), sizeof(float), n, raw_);
  if (got != n) {
    throw_bad_input(SourceLocation{raw_path_, -1, (raw_values_read_ + static_cast<std::int64_t>(got)) * 4, ""},
                    "ends after " + std::to_string(raw_values_read_ + static_cast<std::int64_t>(got)) +
                        " float32 values, but " + path_ + " line " + std::to_string(out.line) + " needs " +
                        std::to_string(n) + " more");
  }
  raw_values_read_ += static_cast<std::int64_t>(n);
  out.logprobs.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    float v = raw_scratch_[i];
    if constexpr (std::endian::native == std::endian::big) {
      v = std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(v)));
    }
    out.logprobs[i] = static_cast<double>(v);
  }
}

bool RunReader::next(GenerationRecord& out) {
  std::string_view line;
  while (next_line(line)) {
    ++counts_.lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      ++counts_.blank_lines;
      continue;
    }
    parse_generation_line(line, path_, counts_.lines, raw_ == nullptr, scratch_, out);
    if (raw_) read_raw_logprobs(out);
    ++counts_.records;
    return true;
  }
  if (raw_) {
    char extra[4];
    if (std::fread(extra, 1, sizeof extra, raw_) > 0) {
      throw_bad_input(SourceLocation{raw_path_, -1, raw_values_read_ * 4, ""},
                      "holds more float32 values than the " + std::to_string(raw_values_read_) +
                          " tokens of " + path_);
    }
  }
  return false;
}

}  // namespace llmsa::det
