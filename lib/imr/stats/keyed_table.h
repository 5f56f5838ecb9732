// File: imr/stats/keyed_table.h
//
// Values by string key: an ordered map (reports, partial files and merges
// read keys in order, so output never depends on insertion order) with a
// hash index beside it. Merges, partial files and the folding of a tally
// (tally.h) count keys into it; through the index that is one hash probe
// instead of a walk down a tree of string comparisons. (Letters are not
// counted here one by one: see tally.h.)
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

// The hash of the statistics' maps of strings (this index, the
// vocabularies of vocabulary.h). Keys are short (years, category and part
// names, a few dozen bytes); Debian's Abseil hashes a std::string_view through
// libstdc++'s general-purpose _Hash_bytes, which cost more than the rest of
// a probe. This mixes eight bytes at a time and finishes with a full
// avalanche (the table takes its control bits from the low and the high end).
struct KeyHash {
  using is_transparent = void;  // a table of std::string keys is probed with views
  std::size_t operator()(std::string_view s) const {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      h = (h ^ Load64(p + i)) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    // The bytes after the last whole word, read without a variable-length
    // copy: the last eight bytes (overlapping the words before), or for a
    // short key two overlapping halves, or its first, middle and last byte.
    // Every byte takes part, so no difference between keys goes unhashed.
    std::uint64_t tail = 0;
    if (n >= 8) {
      if (i < n) tail = Load64(p + n - 8);
    } else if (n >= 4) {
      tail = Load32(p) | std::uint64_t{Load32(p + n - 4)} << 32;
    } else if (n > 0) {
      const auto byte = [p](std::size_t at) { return std::uint64_t{static_cast<unsigned char>(p[at])}; };
      tail = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
    }
    h = (h ^ tail) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
  }

 private:
  static std::uint64_t Load64(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  static std::uint32_t Load32(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
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
