#include "imr/stats/vocabulary.h"

#include "imr/base/text.h"

namespace imr::stats {

std::uint64_t Vocabulary::Sample(std::string_view spelling) {
  const char* p = spelling.data();
  const std::size_t n = spelling.size();
  std::uint64_t first = 0, middle = 0, last = 0;
  if (n >= 8) {
    first = Load<std::uint64_t>(p);
    middle = Load<std::uint64_t>(p + n / 2 - 4);
    last = Load<std::uint64_t>(p + n - 8);
  } else if (n >= 4) {
    first = Load<std::uint32_t>(p);
    last = Load<std::uint32_t>(p + n - 4);
  } else if (n > 0) {
    first = std::uint64_t{Load<std::uint8_t>(p)} | std::uint64_t{Load<std::uint8_t>(p + n - 1)} << 8;
  }
  return ((((first ^ n) * 0xBF58476D1CE4E5B9ull) ^ middle) * 0x94D049BB133111EBull) ^ last;
}

Vocabulary::Id Vocabulary::InternByContent(std::string_view spelling, AddressSlot* slot) {
  // Two slots for a sample, the one last filled first, so that two keys
  // that share it (among hundreds of section names) do not evict each
  // other in turn.
  SampleSlot* const set = SampleSet(spelling);
  for (const SampleSlot* sampled = set; sampled != set + 2; ++sampled) {
    if (IsKey(sampled->id, sampled->size, spelling)) {
      *slot = {reinterpret_cast<std::uintptr_t>(spelling.data()), spelling.size(), sampled->id};
      return sampled->id;
    }
  }
  return InternBySpelling(spelling, set, slot);
}

Vocabulary::Id Vocabulary::InternText(std::string_view spelling) {
  SampleSlot* const set = SampleSet(spelling);
  if (IsKey(set[0].id, set[0].size, spelling)) return set[0].id;
  if (IsKey(set[1].id, set[1].size, spelling)) return set[1].id;
  return InternBySpelling(spelling, set, nullptr);
}

Vocabulary::Id Vocabulary::InternBySpelling(std::string_view spelling, SampleSlot* sampled, AddressSlot* slot) {
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
  // Only a spelling equal to its key is cached (by sample and by address):
  // a hit is checked against the key, not against the spelling it once was.
  if (spelled.is_key) {
    if (slot != nullptr) *slot = {reinterpret_cast<std::uintptr_t>(spelling.data()), spelling.size(), spelled.id};
    sampled[1] = sampled[0];
    sampled[0] = {spelling.size(), spelled.id};
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
