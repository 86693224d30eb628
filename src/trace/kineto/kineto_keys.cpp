#include "trace/kineto/kineto_keys.hpp"

#include "trace/kineto/decimal_time.hpp"

namespace llmsa::trace::kineto {

std::size_t FlowKeys::numeric_slot(std::uint64_t packed) const {
  // Flow ids are mostly consecutive correlation ids, looked up in nearly increasing order: ids in
  // one block of 1024 keep their order in one run of slots (neighbours share cache lines), and the
  // blocks, with the category, are scattered, so that neither ids with a stride nor two categories
  // numbering from the same ids pile into one long cluster.
  const std::uint64_t id = packed & ((std::uint64_t{1} << 40) - 1);
  const std::uint64_t block = ((id >> 10) + (packed >> 40) * 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
  return static_cast<std::size_t>(((block >> 24) << 10) | (id & 1023)) & (numeric_slots_.size() - 1);
}

std::size_t FlowKeys::next_slot(std::size_t slot) const {
  // Two blocks placed on the same run of 1024 slots: stepping by one slot would walk each key of
  // the second block along the whole run of the first (a thousand probes a key). Stepping by 1025
  // moves a colliding key into the next run instead, one probe per block already there; the step
  // is odd, so the sequence still visits every slot of the power-of-two table.
  return (slot + 1025) & (numeric_slots_.size() - 1);
}

void FlowKeys::grow_numeric() {
  const std::size_t size = numeric_slots_.empty() ? 1024 : numeric_slots_.size() * 2;
  std::vector<std::uint32_t>().swap(numeric_slots_);
  numeric_slots_.assign(size, kEmptySlot);
  for (std::uint32_t d = 0; d < descs_.size(); ++d) {
    if (!descs_[d].numeric) continue;
    std::size_t i = numeric_slot(descs_[d].packed);
    while (numeric_slots_[i] != kEmptySlot) i = next_slot(i);
    numeric_slots_[i] = d;
  }
}

std::uint32_t FlowKeys::numeric_key(std::uint64_t packed) {
  if ((numeric_count_ + 1) * 4 > numeric_slots_.size() * 3) grow_numeric();  // load factor <= 3/4
  for (std::size_t i = numeric_slot(packed);; i = next_slot(i)) {
    const std::uint32_t d = numeric_slots_[i];
    if (d == kEmptySlot) {
      const auto fresh = static_cast<std::uint32_t>(descs_.size());
      numeric_slots_[i] = fresh;
      ++numeric_count_;
      Desc desc;
      desc.packed = packed;
      desc.numeric = true;
      descs_.push_back(desc);
      return fresh;
    }
    if (descs_[d].numeric && descs_[d].packed == packed) return d;
  }
}

std::uint32_t FlowKeys::scratch_key() {
  const std::string_view text = scratch_;
  auto [it, inserted] = text_.try_emplace(scratch_, static_cast<std::uint32_t>(descs_.size()));
  if (inserted) {
    Desc d;
    d.text_begin = static_cast<std::uint32_t>(text_arena_.size());
    d.text_size = static_cast<std::uint32_t>(text.size());
    text_arena_.append(text);
    descs_.push_back(d);
  }
  return it->second;
}

std::uint32_t FlowKeys::key(std::string_view cat, std::string_view id, std::int64_t* id_num) {
  std::int64_t n = 0;
  const bool integer = parse_int64(id, n);
  if (integer && id_num) *id_num = n;
  if (integer && n >= 0 && n < (std::int64_t{1} << 40)) {
    const StringId c = cat_cache_.intern(cat);
    if (c < (1u << 20)) return numeric_key((static_cast<std::uint64_t>(c) << 40) | static_cast<std::uint64_t>(n));
  }
  scratch_.assign(cat);
  scratch_.push_back('\x1f');
  scratch_.append(id);
  return scratch_key();
}

std::uint32_t FlowKeys::deferred() {
  Desc d;
  d.deferred = true;
  descs_.push_back(d);
  return static_cast<std::uint32_t>(descs_.size() - 1);
}

std::vector<std::uint32_t> FlowKeys::absorb(const FlowKeys& chunk,
                                            const std::function<bool(std::uint32_t, std::string_view&)>& resolve) {
  std::vector<std::uint32_t> map(chunk.descs_.size());
  std::vector<StringId> cats(chunk.cat_pool_.size(), StringPool::kNotFound);
  cats[kEmptyString] = kEmptyString;
  for (std::size_t i = 0; i < map.size(); ++i) {
    const Desc& d = chunk.descs_[i];
    if (d.deferred) {
      std::string_view bind_id;
      map[i] = resolve && resolve(static_cast<std::uint32_t>(i), bind_id) ? key("", bind_id) : kNoKey;
      continue;
    }
    if (!d.numeric) {
      scratch_.assign(std::string_view(chunk.text_arena_).substr(d.text_begin, d.text_size));
      map[i] = scratch_key();
      continue;
    }
    // The chunk's category ids were given in its order of first appearance, which is also the
    // order in which its numeric keys first name them: interning here keeps one-pass ids.
    const auto local_cat = static_cast<StringId>(d.packed >> 40);
    StringId& c = cats[local_cat];
    if (c == StringPool::kNotFound) c = cat_pool_.intern(chunk.cat_pool_.view(local_cat));
    const std::uint64_t n = d.packed & ((std::uint64_t{1} << 40) - 1);
    if (c < (1u << 20)) {
      map[i] = numeric_key((static_cast<std::uint64_t>(c) << 40) | n);
    } else {  // unreachable in practice (a million categories); keep the one-pass fallback exact
      scratch_.assign(chunk.cat_pool_.view(local_cat));
      scratch_.push_back('\x1f');
      scratch_.append(std::to_string(n));
      map[i] = scratch_key();
    }
  }
  return map;
}

}  // namespace llmsa::trace::kineto
