// File: imr/stats/vocabulary.h
//
// The keys of one kind (MTUS parts, specialties, years, ...) as dense ids 0,
// 1, 2, ... in the order they were first seen, so that the statistics pass
// counts into arrays indexed by id and spells a key only when it renders it
// (tally.h). A key is found one of three ways:
//   - by address: canonical names (an MTUS part, a body region, a taxonomy
//     category) are views of static or long-lived strings, so the string's
//     address and length find them in a small cache without hashing a byte;
//     the content is still compared, because a view into a letter may land
//     at an address that held other text in an earlier letter;
//   - by sample, when the address misses: letter text (a citation's section,
//     a specialty) is at a new address in every letter, but its length and
//     its first, middle and last eight bytes find it in a second small
//     cache, again compared whole, without hashing the rest; InternText()
//     starts here, for vocabularies of letter text only, whose address
//     would never be found again;
//   - by spelling, when both miss: the text is hashed whole; a spelling
//     seen before is not normalised again;
//   - by number: a key derived from integers (a year, "2016-Q4", an MTUS
//     topic made of two ids) is found by the integers, through a small
//     cache too, and spelled once.
//
// Example:
//   Vocabulary parts(Vocabulary::Spelling::kText);
//   Vocabulary::Id a = parts.Intern("Low Back\nComplaints");
//   Vocabulary::Id b = parts.Intern("Low Back Complaints");  // == a
//   parts.key(a);                                             // "Low Back Complaints"
//
// Thread-safety: none; each Stats (one per thread) owns its vocabularies.
// Lifetime: keys and spellings are copied; the address cache keeps
// addresses only to compare them, never to read through them.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "imr/stats/keyed_table.h"

namespace imr::stats {

class Vocabulary {
 public:
  using Id = std::uint32_t;

  // How a spelling becomes its key.
  enum class Spelling : std::uint8_t {
    kExact,          // the spelling is the key (canonical names, derived keys)
    kText,           // whitespace-normalised letter text (imr::AppendNormalized)
    kTextLowercase,  // normalised and lower-cased
  };

  explicit Vocabulary(Spelling spelling = Spelling::kExact) : spelling_(spelling) {}

  // The id of the key that `spelling` stands for, added if new.
  Id Intern(std::string_view spelling) {
    const auto address = reinterpret_cast<std::uintptr_t>(spelling.data());
    AddressSlot& slot = address_cache_[CacheSlot(address)];
    // SAFETY: the slot's address may be of text that is gone; it is only
    // compared. The content check reads the caller's view and the key.
    if (slot.address == address && IsKey(slot.id, slot.size, spelling)) return slot.id;
    return InternByContent(spelling, &slot);
  }
  // The same for letter text, which is at a new address in every letter:
  // found by sample and by spelling only.
  Id InternText(std::string_view spelling);

  // The id of the key `spell()` returns, calling it only the first time
  // `number` is seen: `number` must determine the key, and the key must be
  // in this vocabulary's form already (normalised, lower-cased).
  template <typename Spell>
  Id InternNumber(std::uint64_t number, Spell&& spell) {
    NumberSlot& slot = number_cache_[CacheSlot(number)];
    if (slot.id != kNoId && slot.number == number) return slot.id;
    return InternNumberByMap(number, std::forward<Spell>(spell), &slot);
  }

  const std::string& key(Id id) const { return keys_[id]; }
  std::size_t size() const { return keys_.size(); }

 private:
  static constexpr Id kNoId = static_cast<Id>(-1);

  // The caches in front of the maps are direct-mapped: one slot per hash of
  // the address (or sample, or number), a collision evicts. 128 slots keep
  // nearly all of a vocabulary's canonical names (a few dozen) in place; 64
  // lost 2% of AddLetter to collisions.
  //
  // A slot of the address or sample cache holds a spelling equal to its
  // key, so a hit is checked against the key.
  struct AddressSlot {
    std::uintptr_t address = 0;
    std::size_t size = static_cast<std::size_t>(-1);  // matches no view, so a fresh slot never hits
    Id id = 0;
  };
  struct SampleSlot {
    std::size_t size = static_cast<std::size_t>(-1);  // as AddressSlot's
    Id id = 0;
  };
  struct NumberSlot {
    std::uint64_t number = 0;
    Id id = kNoId;
  };
  static constexpr int kCacheBits = 7;

  static std::size_t CacheSlot(std::uint64_t x) {
    return static_cast<std::size_t>((x * 0x9E3779B97F4A7C15ull) >> (64 - kCacheBits));
  }
  template <typename Word>
  static Word Load(const char* p) {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }
  // Whether a cached key, of `size` bytes, is `spelling`. Keys are short:
  // comparing them here costs less than calling memcmp.
  bool IsKey(Id id, std::size_t size, std::string_view spelling) const {
    if (size != spelling.size()) return false;
    const char* a = keys_[id].data();
    const char* b = spelling.data();
    if (size >= 8) {
      for (std::size_t i = 0; i + 8 < size; i += 8) {
        if (Load<std::uint64_t>(a + i) != Load<std::uint64_t>(b + i)) return false;
      }
      return Load<std::uint64_t>(a + size - 8) == Load<std::uint64_t>(b + size - 8);
    }
    if (size >= 4) {
      return Load<std::uint32_t>(a) == Load<std::uint32_t>(b) &&
             Load<std::uint32_t>(a + size - 4) == Load<std::uint32_t>(b + size - 4);
    }
    for (std::size_t i = 0; i < size; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  // A number from the spelling's length and its first, middle and last
  // eight bytes (all of a key of up to 24 bytes).
  static std::uint64_t Sample(std::string_view spelling);

  // A spelling seen, with its key's id; `is_key` when it is the key itself,
  // so that it may be cached by address.
  struct Spelled {
    Id id = 0;
    bool is_key = false;
  };

  // The slow paths are out of line, so that the cache probes inline or stay
  // small functions that save few registers.
  template <typename Spell>
  [[gnu::noinline]] Id InternNumberByMap(std::uint64_t number, Spell&& spell, NumberSlot* slot) {
    const auto [it, added] = by_number_.try_emplace(number, 0);
    if (added) it->second = InternKey(spell());
    *slot = {number, it->second};
    return it->second;
  }
  // The two slots of the sample cache for `spelling`, the one last filled
  // first.
  SampleSlot* SampleSet(std::string_view spelling) { return &sample_cache_[2 * (CacheSlot(Sample(spelling)) / 2)]; }
  Id InternByContent(std::string_view spelling, AddressSlot* slot);
  // By the map of spellings, caching a spelling equal to its key in
  // `sampled` (and in `slot` if there is one).
  [[gnu::noinline]] Id InternBySpelling(std::string_view spelling, SampleSlot* sampled, AddressSlot* slot);
  Id InternKey(std::string_view key);
  Id AddKey(std::string_view key);

  Spelling spelling_;
  std::array<AddressSlot, std::size_t{1} << kCacheBits> address_cache_;
  std::array<SampleSlot, std::size_t{1} << kCacheBits> sample_cache_;  // in sets of two
  std::array<NumberSlot, std::size_t{1} << kCacheBits> number_cache_;
  // Every spelling seen, keys included (a key is a spelling of itself).
  absl::flat_hash_map<std::string, Spelled, KeyHash, std::equal_to<>> by_spelling_;
  absl::flat_hash_map<std::uint64_t, Id> by_number_;
  std::vector<std::string> keys_;  // by id
  std::string scratch_;            // a spelling being normalised
};

}  // namespace imr::stats
