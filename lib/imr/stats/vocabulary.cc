#include "imr/stats/vocabulary.h"

#include <cstring>

#include "imr/base/text.h"

namespace imr::stats {

std::uint64_t Vocabulary::Sample(std::string_view spelling) {
  const char* p = spelling.data();
  const std::size_t n = spelling.size();
  const auto load = [p]<typename Word>(Word, std::size_t at) {
    Word w;
    std::memcpy(&w, p + at, sizeof w);
    return std::uint64_t{w};
  };
  std::uint64_t first = 0, last = 0;
  if (n >= 8) {
    first = load(std::uint64_t{}, 0);
    last = load(std::uint64_t{}, n - 8);
  } else if (n >= 4) {
    first = load(std::uint32_t{}, 0);
    last = load(std::uint32_t{}, n - 4);
  } else if (n > 0) {
    first = load(std::uint8_t{}, 0) | load(std::uint8_t{}, n - 1) << 8;
  }
  return ((first ^ n) * 0xBF58476D1CE4E5B9ull) ^ last;
}

Vocabulary::Id Vocabulary::InternByContent(std::string_view spelling, AddressSlot* slot) {
  const auto address = reinterpret_cast<std::uintptr_t>(spelling.data());
  SampleSlot& sampled = sample_cache_[CacheSlot(Sample(spelling))];
  if (sampled.size == spelling.size() && keys_[sampled.id] == spelling) {
    *slot = {address, spelling.size(), sampled.id};
    return sampled.id;
  }
  // One probe finds a spelling seen before (the common case) or makes room
  // for a new one.
  const auto [it, added] = by_spelling_.try_emplace(spelling);
  Spelled spelled = it->second;
  if (added) {
    std::string_view key = spelling;
    if (spelling_ != Spelling::kExact) {
      scratch_.clear();
      AppendNormalized(spelling, &scratch_);
      if (spelling_ == Spelling::kTextLowercase) {
        for (char& c : scratch_) c = ToLowerAscii(c);
      }
      key = scratch_;
    }
    // Normalising is idempotent, so a key is a spelling of itself: a new
    // spelling equal to its key is a new key. Another spelling is
    // remembered so that it is not normalised again.
    if (key == spelling) {
      spelled = {AddKey(key), true};
      it->second = spelled;
    } else {
      spelled = {InternKey(key), false};
      by_spelling_[spelling] = spelled;  // InternKey may have moved the slot
    }
  }
  // Only a spelling equal to its key is cached (by address and by sample):
  // a hit is checked against the key, not against the spelling it once was.
  if (spelled.is_key) {
    *slot = {address, spelling.size(), spelled.id};
    sampled = {spelling.size(), spelled.id};
  }
  return spelled.id;
}

Vocabulary::Id Vocabulary::InternKey(std::string_view key) {
  const auto [it, added] = by_spelling_.try_emplace(key);
  if (added) it->second = {AddKey(key), true};
  return it->second.id;
}

Vocabulary::Id Vocabulary::AddKey(std::string_view key) {
  keys_.emplace_back(key);
  return static_cast<Id>(keys_.size() - 1);
}

}  // namespace imr::stats
