#pragma once
// Dense ids for the two keys the Kineto reader matches events by: lanes (pid, tid) and flow keys
// (cat, id). Ids are given in order of first appearance, so a split read can re-key each chunk's
// table into the file's (absorb) in chunk order and get the ids a one-pass read gives.
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_pool.hpp"
#include "trace/intern_cache.hpp"

namespace llmsa::trace::kineto {

// (pid, tid) -> lane id. Holds references into itself: not movable (keep behind a unique_ptr).
class LaneKeys {
 public:
  LaneKeys() = default;
  LaneKeys(const LaneKeys&) = delete;
  LaneKeys& operator=(const LaneKeys&) = delete;

  std::uint32_t lane(std::string_view pid, std::string_view tid) {
    // Events alternate between a few lanes (a host thread and its streams): the last few lanes
    // seen answer most calls without building a key or hashing.
    for (const Recent& r : recent_)
      if (r.used && r.pid_size == pid.size() && r.tid_size == tid.size() && same(r.text, pid) &&
          same(r.text + pid.size(), tid))
        return r.id;
    key_.assign(pid);
    key_.push_back('\x1f');
    key_.append(tid);
    const std::uint32_t id = cache_.intern(key_) - 1;  // the key is never empty: pool id 0 is the empty string
    if (pid.size() + tid.size() <= sizeof(Recent::text)) {
      Recent& r = recent_[next_recent_++ % recent_.size()];
      if (!pid.empty()) std::memcpy(r.text, pid.data(), pid.size());
      if (!tid.empty()) std::memcpy(r.text + pid.size(), tid.data(), tid.size());
      r.pid_size = static_cast<std::uint8_t>(pid.size());
      r.tid_size = static_cast<std::uint8_t>(tid.size());
      r.id = id;
      r.used = true;
    }
    return id;
  }
  std::size_t size() const { return pool_.size() - 1; }
  // Ids of `chunk`'s lanes in this table (interned in the chunk's order of first appearance).
  std::vector<std::uint32_t> absorb(const LaneKeys& chunk) {
    std::vector<std::uint32_t> map(chunk.size());
    for (std::size_t i = 0; i < map.size(); ++i) map[i] = pool_.intern(chunk.pool_.view(static_cast<StringId>(i + 1))) - 1;
    return map;
  }

 private:
  struct Recent {
    char text[40];  // pid then tid, back to back
    std::uint8_t pid_size = 0, tid_size = 0;
    bool used = false;
    std::uint32_t id = 0;
  };
  // memcmp must not see the null pointer of an empty view.
  static bool same(const char* a, std::string_view b) { return b.empty() || std::memcmp(a, b.data(), b.size()) == 0; }

  StringPool pool_;
  InternCache cache_{pool_, 64};  // lanes are few (threads and streams), and recent_ answers most
  std::string key_;
  std::array<Recent, 4> recent_{};
  unsigned next_recent_ = 0;
};

// (cat, id) -> flow key id. Not movable either.
class FlowKeys {
 public:
  FlowKeys() = default;
  FlowKeys(const FlowKeys&) = delete;
  FlowKeys& operator=(const FlowKeys&) = delete;

  // `id_num`, when given, gets the id as an integer when it is one (parse_int64), as the reader
  // needs it too: the id is parsed once.
  std::uint32_t key(std::string_view cat, std::string_view id, std::int64_t* id_num = nullptr);
  // A reserved id, in order with the others, for a key not known yet (a split read's slice
  // whose B lies in an earlier chunk: its bind_id, if it has flows). No lookup ever returns it.
  std::uint32_t deferred();
  std::size_t size() const { return descs_.size(); }
  // Ids of `chunk`'s keys in this table, the chunk's keys added in its order of first appearance.
  // A reserved id becomes the key ("", bind_id) when resolve(its id, bind_id) says so (returns
  // true), else it maps to kNoKey and adds nothing.
  static constexpr std::uint32_t kNoKey = 0xFFFFFFFFu;
  std::vector<std::uint32_t> absorb(const FlowKeys& chunk,
                                    const std::function<bool(std::uint32_t, std::string_view&)>& resolve = {});

 private:
  // Kineto ids are integers below 2^40 and categories few: those keys are packed in 64 bits.
  struct Desc {
    std::uint64_t packed = 0;  // numeric: cat id << 40 | id
    std::uint32_t text_begin = 0, text_size = 0;
    bool numeric = false;
    bool deferred = false;
  };
  std::uint32_t numeric_key(std::uint64_t packed);
  std::size_t numeric_slot(std::uint64_t packed) const;
  std::size_t next_slot(std::size_t slot) const;
  void grow_numeric();
  std::uint32_t scratch_key();  // the key whose text is in scratch_

  StringPool cat_pool_;
  InternCache cat_cache_{cat_pool_, 64};
  // Numeric keys, open addressing: each slot holds the index in descs_ of a numeric key (whose
  // `packed` is compared), 4 bytes a slot. A flow key is looked up twice per flow (its start and
  // its end); a node-based map would allocate for each new one and hold several times the memory.
  static constexpr std::uint32_t kEmptySlot = 0xFFFFFFFFu;
  std::vector<std::uint32_t> numeric_slots_;
  std::size_t numeric_count_ = 0;
  std::unordered_map<std::string, std::uint32_t> text_;
  std::vector<Desc> descs_;
  std::string text_arena_;  // "cat\x1fid" of the text keys, back to back
  std::string scratch_;
};

}  // namespace llmsa::trace::kineto
