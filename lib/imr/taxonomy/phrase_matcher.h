// File: imr/taxonomy/phrase_matcher.h
//
// Finds, in one pass over a text, which of many phrases occur in it as whole
// words, and reports the smallest rule number among them. It is an
// Aho-Corasick automaton compiled into a dense transition table over byte
// classes (every byte that occurs in no phrase shares one class), so a scan
// costs one table lookup per byte however many phrases there are; ASCII
// letters are folded to lower case by the class table itself.
//
// Word boundaries: a phrase whose first (last) byte is an ASCII letter only
// matches where the text has no ASCII letter just before (after) it, and
// likewise for digits; a phrase edge that is neither (e.g. "%", "/") needs no
// boundary. So "mri" matches "(MRI)" but not "Tamrin", and "mg" matches
// "100mg".
//
// Example:
//   PhraseMatcher m = PhraseMatcher::Build({{"norco", 3}, {"physical therapy", 1}});
//   m.FirstRule("Physical therapy and Norco");  // 1
//   m.FirstRule("Norcotic");                    // -1
//
// Thread-safety: immutable after Build(); FirstRule() may run concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace imr::taxonomy {

struct Phrase {
  std::string text;  // non-empty; ASCII letters may be of either case
  int rule = 0;      // >= 0; smaller wins
};

class PhraseMatcher {
 public:
  PhraseMatcher();  // matches nothing
  static PhraseMatcher Build(std::span<const Phrase> phrases);

  // The smallest rule of the phrases found in `text` at word boundaries, or -1.
  int FirstRule(std::string_view text) const;

  std::size_t states() const { return own_.size(); }

 private:
  struct Entry {
    std::uint32_t length;
    int rule;
    std::uint8_t left;   // kNone, kLetter or kDigit: what must not precede
    std::uint8_t right;  // what must not follow
  };
  bool Bounded(std::string_view text, std::size_t end, const Entry& e) const;
  // Renames state order[i] to i everywhere and marks the edges into states
  // that report an entry.
  void Renumber(const std::vector<std::uint32_t>& order);

  // Set in a delta_ edge whose target state, or one on its dictionary chain,
  // has an entry.
  static constexpr std::uint32_t kReports = 0x80000000u;

  std::uint8_t class_of_[256] = {};
  std::uint32_t classes_ = 1;
  std::vector<std::uint32_t> delta_;  // states x classes: target state | kReports
  std::vector<std::int32_t> own_;     // entry ending exactly at the state, or -1
  std::vector<std::int32_t> dict_;    // nearest suffix state with an entry, or -1
  std::vector<int> min_rule_;         // smallest rule over own_ and the dict_ chain (INT_MAX if none)
  std::vector<Entry> entries_;
};

}  // namespace imr::taxonomy
