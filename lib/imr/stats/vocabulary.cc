#include "imr/stats/vocabulary.h"

#include "imr/base/text.h"

namespace imr::stats {

Vocabulary::Id Vocabulary::InternByContent(std::string_view spelling, AddressSlot* slot) {
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
  // Only a spelling equal to its key is cached by address: a hit is checked
  // against the key, not against the spelling it once was.
  if (spelled.is_key) *slot = {reinterpret_cast<std::uintptr_t>(spelling.data()), spelling.size(), spelled.id};
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
