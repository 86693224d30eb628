// The body of the Kineto reader. The On-Demand API is header-only and bound at compile time to one
// simdjson implementation namespace, so the body is written against KINETO_SIMDJSON_NS and
// instantiated by kineto_reader_generic.cpp (another instruction set can be added the same way).
// Not a standalone header.
//
// Before including: define KINETO_SIMDJSON_NS (e.g. simdjson::haswell) and KINETO_IMPL_NS.

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "trace/kineto/decimal_time.hpp"
#include "trace/intern_cache.hpp"
#include "trace/kineto/json_input.hpp"
#include "trace/kineto/kineto_chunks.hpp"
#include "trace/kineto/kineto_event_columns.hpp"
#include "trace/kineto/kineto_flows.hpp"
#include "trace/kineto/kineto_reader.hpp"
#include "trace/kineto/kineto_schema.hpp"

namespace llmsa::trace::KINETO_IMPL_NS {
namespace {


namespace od = KINETO_SIMDJSON_NS::ondemand;
using kineto::ArgKey;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Offset of the first byte that breaks UTF-8, for the error message (simdjson only says "bad").
std::int64_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    unsigned c = p[i];
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return static_cast<std::int64_t>(i);
    for (std::size_t k = 1; k < n; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return static_cast<std::int64_t>(i);
    if (n == 2 && c < 0xC2) return static_cast<std::int64_t>(i);
    if (n == 3) {
      unsigned cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return static_cast<std::int64_t>(i);
    }
    if (n == 4) {
      unsigned cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) | ((p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
      if (cp < 0x10000 || cp > 0x10FFFF) return static_cast<std::int64_t>(i);
    }
    i += n;
  }
  return -1;
}

// A syntax error part-way: reading stops, what was read is kept.
struct StopReading {
  std::int64_t offset;
  std::string detail;
};

// One traceEvents element, as far as the reader cares. Views point into the JSON buffer or into
// the parser's string buffer; both outlive the element.
struct RawEvent {
  char ph = 0;
  bool has_name = false;
  std::string_view name, cat, pid, tid, ts, dur, id, bind_id, bp;
  bool ts_is_string = false, dur_is_string = false;
  bool ts_bad_type = false, dur_bad_type = false;
  bool flow_in = false, flow_out = false;
  std::int64_t correlation = kMissing;
  std::int64_t device = kMissing;
  std::int64_t stream = kMissing;
  std::int64_t external_id = kMissing;
  std::int64_t sequence_number = kMissing;
  std::string_view input_dims, input_type;
  struct Arg {
    std::string_view key, value;
    ArgKey kind;  // classify_arg_key(key), kept to filter without classifying again
    std::uint8_t kept = 0xFF;  // for kKeep: the index among the kept keys
  };
  std::vector<Arg> args;  // kept (or, for C/M, all) args

  // Member by member: assigning a fresh RawEvent zeroes it with `rep stos`, whose start-up cost
  // is paid once per event; the vector keeps its capacity.
  void reset() {
    ph = 0;
    has_name = false;
    name = cat = pid = tid = ts = dur = id = bind_id = bp = {};
    ts_is_string = dur_is_string = ts_bad_type = dur_bad_type = false;
    flow_in = flow_out = false;
    correlation = device = stream = external_id = sequence_number = kMissing;
    input_dims = input_type = {};
    args.clear();
  }
};

// What one parsed document is: the whole file, or one chunk of a split read (kineto_chunks.hpp).
//   kFirst:  the file up to a cut inside traceEvents, closed with "]}" (or "]" for a bare array)
//   kMiddle: "[" + the elements between two cuts + "]"
//   kLast:   "{\"traceEvents\":[" (or "[") + the elements after the last cut to the end of the file
// A chunk that does not parse exactly as its kind says throws StopReading: the cut was wrong or the
// JSON is bad, and the file is then read in one pass, which gives the one-pass result and errors.
enum class Mode { kWhole, kFirst, kMiddle, kLast };

class Reader {
 public:
  Reader(RankEvents& out, FileReadReport& report, KinetoTraceInfo& info, kineto::EventLinks& links, const char* base,
         std::size_t size, std::string display, Mode mode = Mode::kWhole, std::int64_t offset_bias = 0)
      : out_(out), report_(report), info_(info), links_(links), base_(base), end_(base + size),
        display_(std::move(display)), mode_(mode), bias_(offset_bias) {}

  void run(od::document& doc);
  std::uint32_t info_assigned() const { return info_assigned_; }

 private:
  std::int64_t offset_of(const char* p) const { return p ? static_cast<std::int64_t>(p - base_) : -1; }
  std::int64_t location(od::value& v) {
    const char* p = nullptr;
    if (v.current_location().get(p)) return -1;
    return offset_of(p);
  }
  std::int64_t doc_location() {
    const char* p = nullptr;
    if (doc_->current_location().get(p)) return static_cast<std::int64_t>(end_ - base_);
    return offset_of(p);
  }
  [[noreturn]] void stop(std::int64_t off, simdjson::error_code e) { throw StopReading{off, simdjson::error_message(e)}; }

  void read_top_object(od::object obj);
  void reserve_columns();
  void read_events(od::array arr);
  void read_event(od::value& v, std::uint64_t record, std::int64_t off);
  void read_args(od::value& v, bool capture_all);
  std::string_view text_of(od::value& v);  // string content, scalar token, or whole array/object text
  void consume(od::value& v);              // walks nested arrays/objects so the iterator passes them
  void read_distributed_info(od::value& v);
  void read_device_properties(od::value& v);

  void emit(RawEvent& e, std::uint64_t record, std::int64_t off);
  void reject(std::uint64_t record, std::int64_t off, const char* reason) {
    RejectedRow r;
    r.row = record;
    r.byte_offset = off;
    r.reason = reason;
    report_.reject(r);
  }
  void reject_open_slices();
  void export_open_slices();
  void defer_end(std::uint32_t lane, std::int64_t ts, std::uint64_t record);
  StringId reserved_string(char field);
  [[noreturn]] void chunk_mismatch(const char* what) { throw StopReading{-1, what}; }
  // Categories are few but alternate record by record (cpu_op, cuda_runtime, ac2g, kernel, ac2g,
  // ...): a small cache interns them, and each distinct one is classified once, by its id.
  // A record's category is nearly always one of the last few seen: they answer without a call.
  StringId category_id(std::string_view cat) {
    for (const RecentCategory& r : recent_cats_)
      if (r.used && r.text.size() == cat.size() && r.text == cat) return r.id;
    RecentCategory& r = recent_cats_[next_recent_cat_++ % recent_cats_.size()];
    r.text.assign(cat);
    r.id = cats_.intern(cat);
    r.used = true;
    return r.id;
  }
  const kineto::CategoryInfo& category_info(StringId id, std::string_view cat) {
    if (id >= cat_info_.size()) cat_info_.resize(static_cast<std::size_t>(id) + 1);
    auto& slot = cat_info_[id];
    if (!slot.first) slot = {true, kineto::classify_category(cat)};
    return slot.second;
  }
  // The fixed types of counters and instants, interned at first use (ids in order of appearance).
  StringId fixed_type(StringId& id, std::string_view text) {
    if (id == kNoId) id = out_.strings.intern(text);
    return id;
  }
  void add_event_args(std::uint32_t ev, const RawEvent& e, bool all);
  // The typed keys have one canonical spelling each: their id is looked up once per document
  // (at first use, so ids keep their order of first appearance).
  StringId arg_key_id(std::string_view key, ArgKey kind, std::uint8_t kept) {
    if (kind == ArgKey::kKeep && kept < kept_key_ids_.size()) {  // kept keys are stored as written
      if (kept_key_ids_[kept] == kNoId) kept_key_ids_[kept] = arg_keys_.intern(key);
      return kept_key_ids_[kept];
    }
    const auto typed = static_cast<std::size_t>(kind);
    const bool fixed = kind == ArgKey::kCorrelation || kind == ArgKey::kDevice || kind == ArgKey::kStream ||
                       kind == ArgKey::kExternalId || kind == ArgKey::kSequenceNumber;
    if (!fixed) return arg_keys_.intern(kineto::canonical_arg_key(key));
    if (typed_key_ids_[typed] == kNoId) typed_key_ids_[typed] = arg_keys_.intern(kineto::canonical_arg_key(key));
    return typed_key_ids_[typed];
  }
  static constexpr StringId kNoId = 0xFFFFFFFFu;
  std::array<StringId, 16> typed_key_ids_ = [] {
    std::array<StringId, 16> a{};
    a.fill(kNoId);
    return a;
  }();
  std::array<StringId, kineto::kKeptKeyCount> kept_key_ids_ = [] {
    std::array<StringId, kineto::kKeptKeyCount> a{};
    a.fill(kNoId);
    return a;
  }();
  // Kernel names repeat: classify each distinct name once.
  bool is_collective(StringId id, std::string_view name) {
    if (id >= collective_.size()) collective_.resize(id + 1, -1);
    if (collective_[id] < 0) collective_[id] = kineto::is_collective_kernel_name(name) ? 1 : 0;
    return collective_[id] == 1;
  }

  RankEvents& out_;
  FileReadReport& report_;
  KinetoTraceInfo& info_;
  kineto::EventLinks& links_;
  const char* base_;
  const char* end_;
  std::string display_;
  Mode mode_;
  std::int64_t bias_;  // file offset of buffer byte i is i + bias_ (chunks carry a synthetic prefix)
  std::uint32_t info_assigned_ = 0;
  int event_arrays_ = 0;  // traceEvents arrays seen
  od::document* doc_ = nullptr;
  std::uint16_t source_ = 0;
  bool stopped_in_record_ = false;
  std::size_t first_event_ = 0;
  RawEvent ev_;

  // Sized by the document: a small chunk or file holds few distinct names, and zeroing 8192
  // slots per chunk would cost more than the lookups they save.
  static std::size_t cache_slots(std::size_t bytes) {
    std::size_t slots = 64;
    while (slots < 8192 && slots * 256 < bytes) slots *= 2;
    return slots;
  }
  InternCache names_{out_.strings, cache_slots(static_cast<std::size_t>(end_ - base_))};
  std::vector<std::int8_t> collective_;  // by name id: -1 not yet classified
  InternCache arg_keys_{out_.strings, 64};
  InternCache arg_values_{out_.strings, cache_slots(static_cast<std::size_t>(end_ - base_))};
  InternCache cats_{out_.strings, 64};
  struct RecentCategory {
    std::string text;
    StringId id = kEmptyString;
    bool used = false;
  };
  std::array<RecentCategory, 4> recent_cats_;
  unsigned next_recent_cat_ = 0;
  std::vector<std::pair<bool, kineto::CategoryInfo>> cat_info_;  // by category id
  StringId counter_type_ = kNoId, instant_type_ = kNoId;

  struct OpenSlice {  // a B event waiting for its E
    RawEvent event;
    std::string name, cat, pid, tid, bind_id;
    std::int64_t ts_ns = 0;
    std::uint64_t record = 0;
    std::int64_t offset = 0;
  };
  std::unordered_map<std::uint32_t, std::vector<OpenSlice>> open_slices_;

};

std::string_view Reader::text_of(od::value& v) {
  // The first byte of the token says its type (as od::value::type() would decide) without a call.
  std::string_view raw = v.raw_json_token();
  const char c = raw.empty() ? '\0' : raw[0];
  if (c == '"') {
    raw = rtrim(raw);
    if (raw.size() >= 2 && raw.find('\\') == std::string_view::npos) return raw.substr(1, raw.size() - 2);
    std::string_view s;
    if (auto err = v.get_string().get(s)) stop(location(v), err);
    return s;
  }
  if (c == '[' || c == '{') {
    const std::int64_t start = location(v);
    consume(v);
    const std::int64_t end = doc_location();
    if (start < 0 || end < start) return {};
    std::string_view s(base_ + start, static_cast<std::size_t>(end - start));
    s = rtrim(s);
    while (!s.empty() && (s.back() == ',' || is_space(s.back()))) s.remove_suffix(1);
    return s;
  }
  if (!(c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')) {
    od::json_type t;  // not a JSON value: the type check reports it
    if (auto err = v.type().get(t)) stop(location(v), err);
  }
  return rtrim(raw);
}

void Reader::consume(od::value& v) {
  // The first byte of the token gives the type (what od::value::type() checks, without the call):
  // only arrays and objects need walking; a scalar is passed over by the iterator.
  const std::string_view raw = v.raw_json_token();
  const char c = raw.empty() ? '\0' : raw[0];
  if (c == '[') {
    od::array a;
    if (auto err = v.get_array().get(a)) stop(location(v), err);
    for (auto item : a) {
      if (auto err = item.error()) stop(doc_location(), err);
      consume(item.value_unsafe());
    }
  } else if (c == '{') {
    od::object o;
    if (auto err = v.get_object().get(o)) stop(location(v), err);
    for (auto field : o) {
      if (auto err = field.error()) stop(doc_location(), err);
      consume(field.value_unsafe().value());
    }
  } else if (!(c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')) {
    od::json_type t;  // not a JSON value: the type check reports it
    if (auto err = v.type().get(t)) stop(location(v), err);
  }
}

// Keys are compared as written (no unescaping): every key the reader uses is plain ASCII.
std::string_view raw_key(od::field& f, const char* end) {
  const char* k = f.key().raw();
  const void* q = std::memchr(k, '"', static_cast<std::size_t>(end - k));
  if (!q) return {};
  return {k, static_cast<std::size_t>(static_cast<const char*>(q) - k)};
}

void Reader::read_args(od::value& v, bool capture_all) {
  od::object o;
  if (v.get_object().get(o)) return;  // args that are not an object carry nothing we use
  for (auto field : o) {
    // The field is used in place: moving it out of its result copies the iterator state, which
    // stalls on store forwarding at every key.
    if (auto err = field.error()) stop(doc_location(), err);
    od::field&& f = std::move(field).value_unsafe();
    const std::string_view key = raw_key(f, end_);
    std::uint8_t kept = 0xFF;
    const ArgKey kind = kineto::classify_arg_key(key, &kept);
    od::value& val = f.value();  // a reference: copying the iterator state costs store-forwarding stalls
    switch (kind) {
      case ArgKey::kCorrelation:
      case ArgKey::kDevice:
      case ArgKey::kStream: {
        std::int64_t n = 0;
        const std::string_view text = text_of(val);
        if (kineto::parse_int64(text, n)) {
          if (kind == ArgKey::kCorrelation) ev_.correlation = n;
          else if (kind == ArgKey::kDevice) ev_.device = n;
          else ev_.stream = n;
        }
        if (capture_all || kind == ArgKey::kStream) ev_.args.push_back({key, text, kind});
        break;
      }
      case ArgKey::kExternalId:
      case ArgKey::kSequenceNumber: {
        const std::string_view text = text_of(val);
        std::int64_t n = 0;
        if (kineto::parse_int64(text, n)) {
          (kind == ArgKey::kExternalId ? ev_.external_id : ev_.sequence_number) = n;
          if (capture_all) ev_.args.push_back({key, text, kind});
        } else {
          ev_.args.push_back({key, text, kind});  // not an integer: keep it verbatim rather than lose it
        }
        break;
      }
      case ArgKey::kInputDims: ev_.input_dims = text_of(val); break;
      case ArgKey::kInputType: ev_.input_type = text_of(val); break;
      case ArgKey::kKeep: ev_.args.push_back({key, text_of(val), kind, kept}); break;
      case ArgKey::kIgnore:
        if (capture_all) ev_.args.push_back({key, text_of(val), kind});
        break;
    }
  }
}

// True when the raw key text at `k` (just after its opening quote) is exactly `word`: the word
// followed by the closing quote. Reads at most sizeof(word) bytes past `k`, which lie inside the
// document or its padding (a key is always followed by at least `":` and a value).
template <std::size_t N>
bool key_is(const char* k, const char (&word)[N]) {
  return std::memcmp(k, word, N - 1) == 0 && k[N - 1] == '"';
}

void Reader::read_event(od::value& v, std::uint64_t record, std::int64_t off) {
  od::object obj;
  if (v.get_object().get(obj)) {
    consume(v);
    reject(record, off, "traceEvents element is not an object");
    return;
  }
  ev_.reset();
  for (auto field : obj) {
    if (auto err = field.error()) stop(doc_location(), err);
    od::field&& f = std::move(field).value_unsafe();  // in place, as in read_args
    // Dispatch on the raw key bytes without measuring the key first: events have a dozen keys
    // and only these few matter.
    const char* k = f.key().raw();
    od::value& val = f.value();  // a reference: copying the iterator state costs store-forwarding stalls
    switch (k[0]) {
      case 'p':
        if (key_is(k, "ph")) {
          const std::string_view s = text_of(val);
          ev_.ph = s.size() == 1 ? s[0] : '?';
        } else if (key_is(k, "pid")) {
          ev_.pid = text_of(val);
        }
        break;
      case 't':
        if (key_is(k, "ts")) {
          const std::string_view token = val.raw_json_token();
          const char c = token.empty() ? '\0' : token[0];
          ev_.ts = text_of(val);  // stops on a token that is no JSON value
          ev_.ts_is_string = c == '"';
          ev_.ts_bad_type = !ev_.ts_is_string && c != '-' && !(c >= '0' && c <= '9');
        } else if (key_is(k, "tid")) {
          ev_.tid = text_of(val);
        }
        break;
      case 'i':
        if (key_is(k, "id")) ev_.id = text_of(val);
        break;
      case 'b':
        if (key_is(k, "bp")) ev_.bp = text_of(val);
        else if (key_is(k, "bind_id")) ev_.bind_id = text_of(val);
        break;
      case 'c':
        if (key_is(k, "cat")) ev_.cat = text_of(val);
        break;
      case 'd':
        if (key_is(k, "dur")) {
          const std::string_view token = val.raw_json_token();
          const char c = token.empty() ? '\0' : token[0];
          ev_.dur = text_of(val);  // stops on a token that is no JSON value
          ev_.dur_is_string = c == '"';
          ev_.dur_bad_type = !ev_.dur_is_string && c != '-' && !(c >= '0' && c <= '9');
        }
        break;
      case 'n':
        if (key_is(k, "name")) {
          ev_.name = text_of(val);
          ev_.has_name = true;
        }
        break;
      case 'a':
        if (key_is(k, "args")) read_args(val, ev_.ph == 0 || ev_.ph == 'C' || ev_.ph == 'M');
        break;
      case 'f':
        if (key_is(k, "flow_in")) ev_.flow_in = text_of(val) == "true";
        else if (key_is(k, "flow_out")) ev_.flow_out = text_of(val) == "true";
        break;
      default: break;
    }
  }
  emit(ev_, record, off);
}

void Reader::add_event_args(std::uint32_t ev, const RawEvent& e, bool all) {
  for (const auto& [k, v, c, kept] : e.args) {
    if (!all && (c == ArgKey::kIgnore || c == ArgKey::kInputDims || c == ArgKey::kInputType)) continue;
    // RankEvents::add_arg interns through the pool's hash map; the caches make repeats cheap.
    out_.args.event.push_back(ev);
    out_.args.key.push_back(arg_key_id(k, c, kept));
    out_.args.value.push_back(arg_values_.intern(v));
  }
}

void Reader::emit(RawEvent& e, std::uint64_t record, std::int64_t off) {
  if (e.ph == 0) return reject(record, off, "missing ph");

  if (e.ph == 'M') {
    KinetoMetadataRecord m;
    m.name.assign(e.name);
    m.pid.assign(e.pid);
    m.tid.assign(e.tid);
    for (const auto& [k, v, c, kept] : e.args)
      if (k == "name" || k == "labels" || k == "sort_index") {
        m.value.assign(v);
        break;
      }
    info_.metadata.push_back(std::move(m));
    ++report_.events;
    return;
  }

  std::int64_t ts = 0;
  if (e.ts.data() == nullptr) return reject(record, off, "missing ts");
  if (e.ts_bad_type || !kineto::parse_us_as_ns(e.ts, ts)) return reject(record, off, "ts is not a number in range");

  const std::uint32_t lane = links_.lanes->lane(e.pid, e.tid);

  if (e.ph == 's' || e.ph == 't' || e.ph == 'f') {
    if (e.id.data() == nullptr) return reject(record, off, "flow event without id");
    kineto::FlowRecord r;
    r.record = record;
    r.byte_offset = off;
    r.ts_ns = ts;
    r.key = links_.flow_keys->key(e.cat, e.id, &r.id_num);
    r.lane = lane;
    r.category = category_id(e.cat);
    r.phase = e.ph;
    r.bind_enclosing = e.ph != 'f' || e.bp == "e";
    links_.flow_records.push_back(r);  // accounted when flows are resolved
    return;
  }

  std::int64_t dur = 0;
  const bool slice = e.ph == 'X';
  OpenSlice closing;  // for an E: its B, alive until the end of this function (e views into it)
  if (slice) {
    if (e.dur.data() == nullptr) return reject(record, off, "complete event (ph X) without dur");
    if (e.dur_bad_type || !kineto::parse_us_as_ns(e.dur, dur)) return reject(record, off, "dur is not a number in range");
    if (dur < 0) return reject(record, off, "negative dur");
    if (ts > INT64_MAX - dur) return reject(record, off, "ts + dur out of range");
  } else if (e.ph == 'B') {
    OpenSlice o;
    o.event = e;
    o.name.assign(e.name);
    o.cat.assign(e.cat);
    o.pid.assign(e.pid);
    o.tid.assign(e.tid);
    o.bind_id.assign(e.bind_id);
    o.event.args.clear();
    o.ts_ns = ts;
    o.record = record;
    o.offset = off;
    open_slices_[lane].push_back(std::move(o));
    ++report_.events;  // the B record is kept as the start of the slice its E closes
    return;
  } else if (e.ph == 'E') {
    auto it = open_slices_.find(lane);
    if (it == open_slices_.end() || it->second.empty()) {
      // In a later chunk of a split read the B may lie in an earlier chunk: the join pairs them.
      if (mode_ == Mode::kMiddle || mode_ == Mode::kLast) return defer_end(lane, ts, record);
      return reject(record, off, "end event (ph E) without a begin");
    }
    closing = std::move(it->second.back());
    it->second.pop_back();
    OpenSlice& o = closing;
    if (ts < o.ts_ns) return reject(record, off, "end event (ph E) before its begin");
    RawEvent b = o.event;
    b.name = o.name;
    b.cat = o.cat;
    b.pid = o.pid;
    b.tid = o.tid;
    b.bind_id = o.bind_id;
    dur = ts - o.ts_ns;
    ts = o.ts_ns;
    record = o.record;  // provenance: the slice is described by its B record
    e = std::move(b);
    e.ph = 'X';
    e.args.clear();
  } else if (e.ph != 'i' && e.ph != 'I' && e.ph != 'C') {
    return reject(record, off, "unsupported event phase");
  }

  // Category -> kind and side.
  const StringId cat_id = category_id(e.cat);
  const kineto::CategoryInfo ci = category_info(cat_id, e.cat);
  const bool interval = e.ph == 'X' || e.ph == 'B' || e.ph == 'E';
  EventKind kind;
  Side side;
  std::int64_t tid_num;
  kineto::classify_event(ci, interval, e.tid, kind, side, tid_num);
  const StringId name_id = names_.intern(e.name);
  if (kind == EventKind::kKernel && is_collective(name_id, e.name)) kind = EventKind::kCommunication;

  const std::uint32_t idx = out_.add_event(kind, side, ts, dur, name_id, source_, record);
  if (interval) {
    out_.type[idx] = cat_id;
  } else if (e.ph == 'C') {
    out_.type[idx] = fixed_type(counter_type_, "counter");
  } else {
    out_.type[idx] = e.cat.empty() ? fixed_type(instant_type_, "instant") : cat_id;
  }
  kineto::set_link_columns(out_, idx, kind, side, tid_num,
                           {e.name, e.pid, e.tid, e.correlation, e.device, e.stream, e.external_id, e.sequence_number});
  if (!e.input_dims.empty()) out_.input_shapes[idx] = arg_values_.intern(e.input_dims);
  if (!e.input_type.empty()) out_.input_dtypes[idx] = arg_values_.intern(e.input_type);
  add_event_args(idx, e, e.ph == 'C');

  links_.slice_lane.push_back(interval ? lane : kineto::kNoLane);
  if (interval && e.bind_id.data() != nullptr && (e.flow_in || e.flow_out)) {
    kineto::FlowBinding b;
    b.event = idx;
    b.key = links_.flow_keys->key("", e.bind_id);
    b.ts_ns = ts;
    b.category = cat_id;
    b.flow_in = e.flow_in;
    b.flow_out = e.flow_out;
    links_.flow_bindings.push_back(b);
  }
  ++report_.events;
}

void Reader::read_distributed_info(od::value& v) {
  const std::int64_t start = location(v);
  od::object o;
  if (v.get_object().get(o)) {
    consume(v);
    report_.notes.push_back("distributedInfo is not an object: ignored");
    return;
  }
  info_.has_distributed_info = true;
  info_assigned_ |= kineto::kInfoDistributed;
  for (auto field : o) {
    od::field f;
    if (auto err = std::move(field).get(f)) stop(doc_location(), err);
    const std::string_view key = raw_key(f, end_);
    od::value& val = f.value();  // a reference: copying the iterator state costs store-forwarding stalls
    const std::string_view text = text_of(val);
    std::int64_t n = 0;
    if (key == "rank" && kineto::parse_int64(text, n)) {
      info_.rank = n;
      info_assigned_ |= kineto::kInfoRank;
    } else if (key == "world_size" && kineto::parse_int64(text, n)) {
      info_.world_size = n;
      info_assigned_ |= kineto::kInfoWorldSize;
    } else if (key == "backend") {
      info_.backend.assign(text);
      info_assigned_ |= kineto::kInfoBackend;
    }
  }
  const std::int64_t end = doc_location();
  if (start >= 0 && end >= start) {
    std::string_view s = rtrim(std::string_view(base_ + start, static_cast<std::size_t>(end - start)));
    while (!s.empty() && (s.back() == ',' || is_space(s.back()))) s.remove_suffix(1);
    info_.distributed_info_json.assign(s);
    info_assigned_ |= kineto::kInfoDistributedJson;
  }
}

void Reader::read_device_properties(od::value& v) {
  od::array a;
  if (v.get_array().get(a)) {
    consume(v);
    return;
  }
  for (auto item : a) {
    od::value d;
    if (auto err = std::move(item).get(d)) stop(doc_location(), err);
    const std::int64_t start = location(d);
    od::object o;
    if (d.get_object().get(o)) {
      consume(d);
      continue;
    }
    KinetoDeviceProperties props;
    for (auto field : o) {
      od::field f;
      if (auto err = std::move(field).get(f)) stop(doc_location(), err);
      const std::string_view key = raw_key(f, end_);
      od::value& val = f.value();  // a reference: copying the iterator state costs store-forwarding stalls
      const std::string_view text = text_of(val);
      if (key == "id") kineto::parse_int64(text, props.id);
      else if (key == "name") props.name.assign(text);
    }
    const std::int64_t end = doc_location();
    if (start >= 0 && end >= start) {
      std::string_view s = rtrim(std::string_view(base_ + start, static_cast<std::size_t>(end - start)));
      while (!s.empty() && (s.back() == ',' || s.back() == ']' || is_space(s.back()))) s.remove_suffix(1);
      props.raw_json.assign(s);
    }
    info_.devices.push_back(std::move(props));
  }
}

void Reader::read_events(od::array arr) {
  // A second traceEvents array numbers its records from 0 again; a chunk cannot know the first
  // one's count, so a split read of such a file gives way to the one-pass read.
  if (++event_arrays_ > 1 && mode_ != Mode::kWhole) chunk_mismatch("a second traceEvents array");
  std::uint64_t record = 0;
  for (auto item : arr) {
    od::value v;
    if (auto err = std::move(item).get(v)) stop(doc_location(), err);
    const std::int64_t off = location(v) + bias_;
    ++report_.rows_read;
    try {
      read_event(v, record, off);
    } catch (const StopReading&) {
      reject(record, off, "malformed JSON: reading stopped");
      stopped_in_record_ = true;
      throw;
    }
    ++record;
  }
}

void Reader::read_top_object(od::object obj) {
  bool saw_events = false;
  for (auto field : obj) {
    od::field f;
    if (auto err = std::move(field).get(f)) stop(doc_location(), err);
    const std::string_view key = raw_key(f, end_);
    od::value& val = f.value();  // a reference: copying the iterator state costs store-forwarding stalls
    if (key == "traceEvents") {
      od::array arr;
      if (auto err = val.get_array().get(arr)) stop(location(val), err);
      saw_events = true;
      read_events(arr);
      // The first chunk ends inside traceEvents: its array must close at the "]" added after
      // the cut, i.e. right before the closing "}" that is the chunk's last byte.
      if (mode_ == Mode::kFirst && doc_location() != (end_ - base_) - 1) chunk_mismatch("traceEvents did not end at the cut");
    } else if (key == "distributedInfo") {
      read_distributed_info(val);
    } else if (key == "deviceProperties") {
      read_device_properties(val);
    } else if (key == "schemaVersion") {
      info_.schema_version.assign(text_of(val));
      info_assigned_ |= kineto::kInfoSchemaVersion;
    } else if (key == "baseTimeNanoseconds") {
      std::int64_t n = 0;
      if (kineto::parse_int64(text_of(val), n)) {
        info_.base_time_ns = n;
        info_assigned_ |= kineto::kInfoBaseTime;
      }
    } else if (key == "displayTimeUnit") {
      info_.display_time_unit.assign(text_of(val));
      info_assigned_ |= kineto::kInfoDisplayTimeUnit;
    } else {
      consume(val);
    }
  }
  if (!saw_events) report_.notes.push_back("no traceEvents array: the file holds no events");
}

// Reserve the columns for the largest event count the text could hold (a Kineto record is rarely
// under ~150 bytes). Reserved but untouched pages cost address space, not memory, and growing by
// doubling would copy every column several times and fault in twice the pages.
void Reader::reserve_columns() {
  const std::size_t n = out_.size() + static_cast<std::size_t>(end_ - base_) / 150 + 16;
  auto r = [n](auto& v) { v.reserve(n); };
  r(out_.start_ns), r(out_.dur_ns), r(out_.wait_ns), r(out_.stream), r(out_.device), r(out_.pid);
  r(out_.kind), r(out_.side), r(out_.name), r(out_.type), r(out_.core), r(out_.input_shapes);
  r(out_.input_dtypes), r(out_.output_shapes), r(out_.step), r(out_.correlation), r(out_.category);
  r(out_.source), r(out_.source_row), r(links_.slice_lane);
  for (auto& m : out_.metrics) r(m);
}

StringId Reader::reserved_string(char field) {
  // 0xFF never occurs in UTF-8, which simdjson has validated the text to be (and unescaping
  // yields UTF-8 too): no string of the file can equal a reserved string.
  std::string text = "\xFF";
  text += field;
  text += std::to_string(links_.deferred_ends.size());
  const std::size_t before = out_.strings.size();
  const StringId id = out_.strings.intern(text);
  if (out_.strings.size() == before) chunk_mismatch("reserved string already in the pool");
  return id;
}

void Reader::defer_end(std::uint32_t lane, std::int64_t ts, std::uint64_t record) {
  // The strings a one-pass read interns when it emits the closed slice, in its order: category,
  // name, input dims, input types; then its flow key (kineto_chunks.hpp, DeferredEnd).
  kineto::DeferredEnd d;
  d.cat = reserved_string('c');
  d.name = reserved_string('n');
  d.input_dims = reserved_string('d');
  d.input_type = reserved_string('t');
  const std::uint32_t idx = out_.add_event(EventKind::kOther, Side::kHost, ts, 0, d.name, source_, record);
  out_.type[idx] = d.cat;
  out_.input_shapes[idx] = d.input_dims;
  out_.input_dtypes[idx] = d.input_type;
  d.flow_key = links_.flow_keys->deferred();
  d.event = idx;
  d.lane = lane;
  d.ts_ns = ts;
  links_.deferred_ends.push_back(d);
  links_.slice_lane.push_back(lane);
  ++report_.events;
}

void Reader::export_open_slices() {
  // Per lane in stack order; lanes in id order, so that the chunk's result does not depend on hashing.
  std::vector<std::uint32_t> lanes;
  for (const auto& [lane, stack] : open_slices_)
    if (!stack.empty()) lanes.push_back(lane);
  std::sort(lanes.begin(), lanes.end());
  for (std::uint32_t lane : lanes) {
    for (const OpenSlice& o : open_slices_[lane]) {
      kineto::OpenBegin b;
      b.lane = lane;
      b.record = o.record;
      b.byte_offset = o.offset;
      b.ts_ns = o.ts_ns;
      b.name = o.name;
      b.cat = o.cat;
      b.pid = o.pid;
      b.tid = o.tid;
      b.bind_id = o.bind_id;
      b.input_dims.assign(o.event.input_dims);
      b.input_type.assign(o.event.input_type);
      b.correlation = o.event.correlation;
      b.device = o.event.device;
      b.stream = o.event.stream;
      b.external_id = o.event.external_id;
      b.sequence = o.event.sequence_number;
      b.flow_in = o.event.flow_in;
      b.flow_out = o.event.flow_out;
      links_.open_begins.push_back(std::move(b));
    }
  }
}

void Reader::reject_open_slices() {
  // In record order (the stacks are per lane), so that the account does not depend on hashing.
  std::vector<const OpenSlice*> open;
  for (const auto& [lane, stack] : open_slices_)
    for (const auto& o : stack) open.push_back(&o);
  std::sort(open.begin(), open.end(), [](const OpenSlice* a, const OpenSlice* b) { return a->record < b->record; });
  for (const OpenSlice* o : open) {
    --report_.events;  // counted when the B was read; it never closed
    reject(o->record, o->offset, "begin event (ph B) without an end");
  }
}

void Reader::run(od::document& doc) {
  doc_ = &doc;
  source_ = out_.add_source(display_, kKinetoFormat);
  reserve_columns();
  first_event_ = out_.size();
  auto read_document = [&] {
    od::json_type t;
    if (auto err = doc.type().get(t)) stop(0, err);
    if (t == od::json_type::array) {
      od::array arr;
      if (auto err = doc.get_array().get(arr)) stop(0, err);
      read_events(arr);
    } else if (t == od::json_type::object && mode_ != Mode::kMiddle) {
      od::object obj;
      if (auto err = doc.get_object().get(obj)) stop(0, err);
      read_top_object(obj);
      if (mode_ != Mode::kWhole && event_arrays_ == 0) chunk_mismatch("no traceEvents before the cut");
    } else if (mode_ == Mode::kWhole) {
      throw_bad_input({display_, -1, 0, ""}, "not a Kineto trace: the top level is neither an object nor an array");
    } else {
      chunk_mismatch("unexpected top level");
    }
    // Anything after the top-level value is an error too.
    const char* after = nullptr;
    if (doc.current_location().get(after) == simdjson::SUCCESS && after < end_)
      stop(offset_of(after), simdjson::TRAILING_CONTENT);
  };
  if (mode_ != Mode::kWhole) {
    read_document();  // StopReading goes to the caller, which reads the file in one pass instead
    export_open_slices();  // closed by a later chunk, or rejected after the last (ChunkJoiner)
    return;
  }
  try {
    read_document();
  } catch (const StopReading& s) {
    report_.notes.push_back("malformed JSON at byte " + std::to_string(s.offset) + " (" + s.detail +
                            "): the rest of the file was not read; events before it are kept");
    if (!stopped_in_record_) {
      // The error was outside traceEvents: account it as one rejected record so it is visible.
      RejectedRow r;
      r.row = report_.rows_read;
      r.byte_offset = s.offset;
      r.reason = "malformed JSON: reading stopped";
      ++report_.rows_read;
      report_.reject(r);
    }
  }
  reject_open_slices();
  kineto::finish_read(out_, first_event_, links_, report_, info_);
}

}  // namespace

// A file cut short (the profiler killed while writing) ends without the closing brackets, and
// simdjson refuses the whole document. Cut it after the last complete traceEvents element ("},")
// and close the array (and the object) in place, so the events before the cut are read. Returns
// a note for the report, or "" when the document looks complete.
std::string repair_truncated(kineto::PaddedBytes& bytes) {
  std::string_view text = bytes.view();
  std::size_t first = 0;
  while (first < text.size() && is_space(text[first])) ++first;
  std::size_t last = text.size();
  while (last > first && is_space(text[last - 1])) --last;
  if (first >= last) return {};
  const char open = text[first];
  const char want = open == '{' ? '}' : (open == '[' ? ']' : 0);
  if (want == 0 || text[last - 1] == want) return {};
  // Find "}" followed by optional whitespace and ",": the end of a complete element.
  std::size_t pos = last;
  while (pos > first) {
    const std::size_t brace = text.rfind('}', pos - 1);
    if (brace == std::string_view::npos || brace <= first) break;
    std::size_t k = brace + 1;
    while (k < last && is_space(text[k])) ++k;
    if (k < last && text[k] == ',' && k + 1 < text.size()) {
      bytes.data()[k] = ']';
      std::size_t end = k + 1;
      if (open == '{') bytes.data()[end++] = '}';
      bytes.shrink_size(end);
      return "the file is truncated (it ends at byte " + std::to_string(last) +
             " without closing brackets): read up to the last complete event, ending at byte " + std::to_string(brace + 1);
    }
    pos = brace;
  }
  return {};
}

#include "trace/kineto/kineto_split_read.inl"

void read_parsed(kineto::JsonInput& input, const std::string& display, RankEvents& out, FileReadReport& report,
                 KinetoTraceInfo* info_out, const KinetoReadOptions& options) {
  KinetoTraceInfo local;
  KinetoTraceInfo& info = info_out ? *info_out : local;
  info.gzip = input.was_gzip;
  info.json_bytes = input.bytes.size();
  info.chunks = 1;
  report.path = display;
  report.format = kKinetoFormat;

  const std::string_view text = input.bytes.view();
  std::size_t nonspace = 0;
  while (nonspace < text.size() && is_space(text[nonspace])) ++nonspace;
  if (nonspace == text.size())
    throw_bad_input({display, -1, 0, ""}, input.was_gzip ? "empty JSON after gzip decompression" : "empty file");
  if (read_split(input, display, out, report, info, options)) return;

  od::parser parser;
  std::string truncated_note = repair_truncated(input.bytes);
  for (int attempt = 0; attempt < 2; ++attempt) {
    od::document doc;
    auto err = parser
                   .iterate(simdjson::padded_string_view(input.bytes.data(), input.bytes.size(), input.bytes.capacity()))
                   .get(doc);
    if (err == simdjson::UTF8_ERROR) {
      throw_bad_input({display, -1, first_invalid_utf8(text), ""}, "invalid UTF-8 in the JSON text");
    }
    if (err == simdjson::UNCLOSED_STRING && attempt == 0) {
      // Typically a file cut off inside a string (the profiler was killed while writing). Read
      // up to the last quote so the complete events before it are kept, and say so.
      const std::size_t last_quote = text.rfind('"');
      if (last_quote == std::string_view::npos || last_quote == 0)
        throw_bad_input({display, -1, 0, ""}, "malformed JSON: a string is never closed");
      input.bytes.shrink_size(last_quote);
      truncated_note = repair_truncated(input.bytes);
      if (truncated_note.empty())
        truncated_note = "the file ends inside a string (truncated?) after byte " + std::to_string(last_quote);
      continue;
    }
    if (err == simdjson::CAPACITY)
      throw_bad_input({display, -1, -1, ""}, "JSON text larger than 4 GiB: beyond what the parser can hold in one document");
    if (err)
      throw_bad_input({display, -1, 0, ""}, std::string("malformed JSON: ") + simdjson::error_message(err));
    kineto::EventLinks links;
    Reader reader(out, report, info, links, input.bytes.data(), input.bytes.size(), display);
    reader.run(doc);
    if (!truncated_note.empty()) {
      // The cut-off element was seen but could not be read: account it.
      RejectedRow r;
      r.row = report.rows_read;
      r.byte_offset = static_cast<std::int64_t>(input.bytes.size());
      r.reason = "truncated record at the end of the file";
      ++report.rows_read;
      report.reject(r);
      report.notes.push_back(truncated_note);
    }
    return;
  }
  throw_bad_input({display, -1, 0, ""}, "malformed JSON: a string is never closed");
}


}  // namespace llmsa::trace::KINETO_IMPL_NS
