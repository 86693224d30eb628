#pragma once
// Dense ids for the two keys the Kineto reader matches events by: lanes (pid, tid) and flow keys
// (cat, id). Ids are given in order of first appearance, so a split read can re-key each chunk's
// table into the file's (absorb) in chunk order and get the ids a one-pass read gives.
#include <cstdint>
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
    // Lanes repeat in long runs (Kineto writes one thread or stream after another): the cache in
    // front of the pool answers most calls without building a key.
    if (pid == last_pid_ && tid == last_tid_ && has_last_) return last_id_;
    key_.assign(pid);
    key_.push_back('\x1f');
    key_.append(tid);
    last_id_ = cache_.intern(key_) - 1;  // the key is never empty: pool id 0 is the empty string
    has_last_ = true;
    // Views of the last pid/tid point into the key just built, which stays until the next miss.
    last_pid_ = std::string_view(key_).substr(0, pid.size());
    last_tid_ = std::string_view(key_).substr(pid.size() + 1);
    return last_id_;
  }
  std::size_t size() const { return pool_.size() - 1; }
  // Ids of `chunk`'s lanes in this table (interned in the chunk's order of first appearance).
  std::vector<std::uint32_t> absorb(const LaneKeys& chunk) {
    std::vector<std::uint32_t> map(chunk.size());
    for (std::size_t i = 0; i < map.size(); ++i) map[i] = pool_.intern(chunk.pool_.view(static_cast<StringId>(i + 1))) - 1;
    has_last_ = false;
    return map;
  }

 private:
  StringPool pool_;
  InternCache cache_{pool_, 256};
  std::string key_;
  std::string_view last_pid_, last_tid_;
  std::uint32_t last_id_ = 0;
  bool has_last_ = false;
};

// (cat, id) -> flow key id. Not movable either.
class FlowKeys {
 public:
  FlowKeys() = default;
  FlowKeys(const FlowKeys&) = delete;
  FlowKeys& operator=(const FlowKeys&) = delete;

  std::uint32_t key(std::string_view cat, std::string_view id);
  std::size_t size() const { return descs_.size(); }
  // Ids of `chunk`'s keys in this table, the chunk's keys added in its order of first appearance.
  std::vector<std::uint32_t> absorb(const FlowKeys& chunk);

 private:
  // Kineto ids are integers below 2^40 and categories few: those keys are packed in 64 bits.
  struct Desc {
    std::uint64_t packed = 0;  // numeric: cat id << 40 | id
    std::uint32_t text_begin = 0, text_size = 0;
    bool numeric = false;
  };
  std::uint32_t numeric_key(std::uint64_t packed);
  std::uint32_t scratch_key();  // the key whose text is in scratch_

  StringPool cat_pool_;
  InternCache cat_cache_{cat_pool_, 64};
  std::unordered_map<std::uint64_t, std::uint32_t> numeric_;
  std::unordered_map<std::string, std::uint32_t> text_;
  std::vector<Desc> descs_;
  std::string text_arena_;  // "cat\x1fid" of the text keys, back to back
  std::string scratch_;
};

}  // namespace llmsa::trace::kineto
