// The split read of the Kineto reader: traceEvents cut into chunks (kineto_chunks.hpp) that are
// parsed in parallel, each by its own Reader, and joined in file order. Included by
// kineto_reader_impl.inl inside its per-instruction-set namespace; not a header of its own.

namespace {

// Reads one chunk document (see Mode) lying at doc[0, n) with `capacity` bytes readable from doc;
// r.ok stays false when it does not read as its kind. `offset_bias` maps doc offsets to the file's.
void read_chunk_document(char* doc_bytes, std::size_t n, std::size_t capacity, Mode mode, std::int64_t offset_bias,
                         od::parser& parser, const std::string& display, kineto::ChunkResult& r) {
  od::document doc;
  if (parser.iterate(simdjson::padded_string_view(doc_bytes, n, capacity)).get(doc)) return;
  Reader reader(r.part, r.report, r.info, r.links, doc_bytes, n, display, mode, offset_bias);
  try {
    reader.run(doc);
  } catch (const StopReading&) {
    return;
  } catch (const Error&) {
    return;
  }
  r.info_assigned = reader.info_assigned();
  r.ok = true;
}

// A middle chunk is parsed in place, without a copy, when whitespace follows the cut comma before
// it: that whitespace becomes "[" and the cut comma after it "]". The brackets of every such chunk
// are written before any worker starts and put back after all have joined, so no thread writes a
// byte that another may read (simdjson reads past a document's end into its padding, which here is
// the next chunk's text). The input is padded after its end, as simdjson needs.
class InPlaceBrackets {
 public:
  InPlaceBrackets(char* text, const std::vector<std::size_t>& cuts) : text_(text) {
    for (std::size_t k = 1; k < cuts.size(); ++k) {  // chunk k lies between cuts k-1 and k
      const std::size_t begin = cuts[k - 1] + 1, end = cuts[k];
      if (end > begin && is_space(text[begin])) {
        saved_.push_back({begin, end, text[begin]});
        text[begin] = '[';
        text[end] = ']';
      }
    }
  }
  ~InPlaceBrackets() {  // also when reading throws: the one-pass read needs the text as it was
    for (const Saved& s : saved_) {
      text_[s.begin] = s.before;
      text_[s.end] = ',';
    }
  }
  bool covers(std::size_t begin) const {
    return std::binary_search(saved_.begin(), saved_.end(), Saved{begin, 0, 0},
                              [](const Saved& a, const Saved& b) { return a.begin < b.begin; });
  }
  InPlaceBrackets(const InPlaceBrackets&) = delete;
  InPlaceBrackets& operator=(const InPlaceBrackets&) = delete;

 private:
  struct Saved {
    std::size_t begin, end;
    char before;
  };
  char* text_;
  std::vector<Saved> saved_;  // in file order
};

// Parses the chunk of elements text[begin, end) (end: the cut comma after it, or the end of the
// file) into `r`.
void read_chunk(kineto::PaddedBytes& input, std::size_t begin, std::size_t end, Mode mode, bool object_layout,
                const InPlaceBrackets& in_place, std::unique_ptr<char[]>& buf, std::size_t& buf_size,
                od::parser& parser, const std::string& display, kineto::ChunkResult& r) {
  char* text = input.data();
  if (mode == Mode::kMiddle && in_place.covers(begin)) {
    read_chunk_document(text + begin, end - begin + 1, input.capacity() - begin, mode, static_cast<std::int64_t>(begin),
                        parser, display, r);
    return;
  }
  const std::string_view prefix = mode == Mode::kFirst ? "" : (mode == Mode::kLast && object_layout ? "{\"traceEvents\":[" : "[");
  const std::string_view suffix = mode == Mode::kFirst ? (object_layout ? "]}" : "]") : (mode == Mode::kMiddle ? "]" : "");
  const std::size_t n = prefix.size() + (end - begin) + suffix.size();
  if (buf_size < n + simdjson::SIMDJSON_PADDING) {
    buf_size = n + n / 4 + simdjson::SIMDJSON_PADDING;
    buf.reset(new char[buf_size]);
  }
  char* b = buf.get();
  std::memcpy(b, prefix.data(), prefix.size());
  std::memcpy(b + prefix.size(), text + begin, end - begin);
  std::memcpy(b + prefix.size() + (end - begin), suffix.data(), suffix.size());
  std::memset(b + n, 0, simdjson::SIMDJSON_PADDING);
  read_chunk_document(b, n, buf_size, mode, static_cast<std::int64_t>(begin) - static_cast<std::int64_t>(prefix.size()),
                      parser, display, r);
}

// The split read (kineto_chunks.hpp). Returns false, with `out` untouched, when the file is not
// split or a chunk did not read on its own: the caller then reads the file in one pass.
bool read_split(kineto::JsonInput& input, const std::string& display, RankEvents& out, FileReadReport& report,
                KinetoTraceInfo& info, const KinetoReadOptions& options) {
  const std::string_view text = input.bytes.view();
  if (text.size() < options.min_split_bytes || options.chunk_bytes == 0) return false;
  std::size_t first = 0;
  while (first < text.size() && is_space(text[first])) ++first;
  if (first == text.size() || (text[first] != '{' && text[first] != '[')) return false;
  const bool object_layout = text[first] == '{';
  const std::vector<std::size_t> cuts = kineto::find_split_commas(text, options.chunk_bytes);
  if (cuts.empty()) return false;
  const std::size_t nchunks = cuts.size() + 1;
  std::vector<kineto::ChunkResult> chunks(nchunks);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  // Chunks are joined in file order as soon as they and all before them are parsed, by whichever
  // worker finishes the next one in order (one joiner at a time; the others go on parsing).
  kineto::ChunkJoiner joiner(display, report, info, text.size());
  std::mutex join_mutex;
  std::vector<char> parsed(nchunks, 0);
  std::size_t joined = 0;
  bool joining = false;
  const InPlaceBrackets in_place(input.bytes.data(), cuts);
  auto join_ready = [&](std::size_t k) {
    {
      std::lock_guard<std::mutex> lock(join_mutex);
      parsed[k] = 1;
      if (joining) return;
      joining = true;
    }
    for (;;) {
      std::size_t j;
      {
        std::lock_guard<std::mutex> lock(join_mutex);
        if (joined == nchunks || !parsed[joined] || failed.load()) {
          joining = false;
          return;
        }
        j = joined;
      }
      joiner.add(chunks[j]);
      std::lock_guard<std::mutex> lock(join_mutex);
      ++joined;
    }
  };
  // Each parser is sized once for the longest chunk (its text plus the few bytes of brackets a
  // chunk may get): a parser grown chunk by chunk would reallocate its buffers (several times the
  // chunk's size) whenever a chunk is longer than every one before, and fault their pages in anew.
  std::size_t longest = 0;
  for (std::size_t k = 0; k < nchunks; ++k)
    longest = std::max(longest, (k + 1 < nchunks ? cuts[k] : text.size()) - (k == 0 ? 0 : cuts[k - 1] + 1));
  auto worker = [&] {
    std::unique_ptr<char[]> buf;
    std::size_t buf_size = 0;
    od::parser parser;
    if (parser.allocate(longest + 32)) {
      // Not fatal: iterate() allocates what it needs (and reports a failure) itself.
    }
    for (;;) {
      const std::size_t k = next.fetch_add(1);
      if (k >= nchunks || failed.load()) break;
      const std::size_t begin = k == 0 ? 0 : cuts[k - 1] + 1;
      const std::size_t end = k + 1 < nchunks ? cuts[k] : text.size();
      const Mode mode = k == 0 ? Mode::kFirst : (k + 1 == nchunks ? Mode::kLast : Mode::kMiddle);
      try {
        read_chunk(input.bytes, begin, end, mode, object_layout, in_place, buf, buf_size, parser, display, chunks[k]);
      } catch (...) {  // e.g. bad_alloc: the one-pass read reports what it can
        chunks[k].ok = false;
      }
      input.bytes.release_pages(begin, end);
      if (!chunks[k].ok) {
        failed = true;
        break;
      }
      try {
        join_ready(k);
      } catch (...) {
        failed = true;
        break;
      }
    }
  };
  const std::size_t nthreads = std::max<std::size_t>(1, std::min<std::size_t>(options.threads, nchunks));
  {
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < nthreads; ++t) helpers.emplace_back(worker);
    worker();
    for (auto& t : helpers) t.join();
  }
  if (failed || joined != nchunks) return false;
  joiner.commit(out, report, info, static_cast<unsigned>(nthreads));
  info.chunks = nchunks;
  return true;
}

}  // namespace
