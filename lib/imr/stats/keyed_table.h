// File: imr/stats/keyed_table.h
//
// Values by string key: an ordered map (reports, partial files and merges
// read keys in order, so output never depends on insertion order) with a
// hash index beside it. Counting a key is what the statistics pass does tens
// of times per letter; through the index that is one hash probe instead of a
// walk down a tree of string comparisons (about a tenth of `imr stats`).
//
// Example:
//   KeyedTable<std::uint64_t> by_year;
//   ++by_year["2016"];
//   for (const auto& [year, n] : by_year) ...  // in key order
//
// Thread-safety: none; one per thread, merged at the end.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace imr::stats {

// The index's hash. Keys are short (years, category and part names, a few
// dozen bytes); Debian's Abseil hashes a std::string_view through
// libstdc++'s general-purpose _Hash_bytes, which cost more than the rest of
// a probe. This mixes eight bytes at a time and finishes with a full
// avalanche (the table takes its control bits from the low and the high end).
struct KeyHash {
  std::size_t operator()(std::string_view s) const {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
  }
};

template <typename V>
class KeyedTable {
 public:
  using Map = std::map<std::string, V, std::less<>>;
  using const_iterator = typename Map::const_iterator;

  KeyedTable() = default;
  // The index points into map_'s nodes, so a copy builds its own; a move
  // takes the nodes along and the index stays valid.
  KeyedTable(const KeyedTable& o) : map_(o.map_) { Reindex(); }
  KeyedTable& operator=(const KeyedTable& o) {
    if (this != &o) {
      map_ = o.map_;
      Reindex();
    }
    return *this;
  }
  KeyedTable(KeyedTable&&) noexcept = default;
  KeyedTable& operator=(KeyedTable&&) noexcept = default;

  // The value of `key`, inserted value-initialised if absent.
  V& operator[](std::string_view key) {
    if (const auto hit = index_.find(key); hit != index_.end()) return *hit->second;
    const auto node = map_.try_emplace(std::string(key)).first;
    index_.emplace(node->first, &node->second);
    return node->second;
  }

  const_iterator find(std::string_view key) const { return map_.find(key); }
  const V& at(std::string_view key) const { return find(key)->second; }  // key must be present
  const_iterator begin() const { return map_.begin(); }
  const_iterator end() const { return map_.end(); }
  std::size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }

  friend bool operator==(const KeyedTable& a, const KeyedTable& b) { return a.map_ == b.map_; }

 private:
  void Reindex() {
    index_.clear();
    for (auto& [key, value] : map_) index_.emplace(key, &value);
  }

  Map map_;
  absl::flat_hash_map<std::string_view, V*, KeyHash> index_;  // views of map_'s keys
};

}  // namespace imr::stats
