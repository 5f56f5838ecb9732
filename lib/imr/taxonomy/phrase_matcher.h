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
//   PhraseMatcher::Builder b;
//   b.Add("norco", 3);
//   b.Add("physical therapy", 1);
//   PhraseMatcher m = b.Build();
//   m.FirstRule("Physical therapy and Norco");  // 1
//   m.FirstRule("Norcotic");                    // -1
//
// Thread-safety: immutable after Build(); FirstRule() may run concurrently.
// Move-only: the table of the built-in taxonomy is about a megabyte.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"

namespace imr::taxonomy {

class PhraseMatcher {
 public:
  struct Entry {
    std::uint32_t length;
    int rule;
    std::uint8_t left;   // kNone, kLetter or kDigit: what must not precede
    std::uint8_t right;  // what must not follow

    friend bool operator==(const Entry&, const Entry&) = default;
  };

  // What a scan needs of the entries a state reports (its own and those of
  // its dictionary chain) in one load: the smallest rule among them and the
  // entry of that rule, which settles the state when it is at word
  // boundaries (or is the only entry); only otherwise does the scan walk the
  // chain.
  struct Report {
    int min_rule;         // INT_MAX: the state reports nothing
    std::uint8_t length;  // the entry of min_rule: its length, or 0 when over 255 (walk the chain)
    std::uint8_t left;    // and its boundaries, as Entry's
    std::uint8_t right;
    std::uint8_t more;  // 1: the chain holds other entries too

    friend bool operator==(const Report&, const Report&) = default;
  };

  // The compiled automaton as flat arrays. Build() makes them; the build
  // writes those of the built-in taxonomy into the program
  // (compile_taxonomy.cc), and a matcher reads them there in place.
  //
  // delta is the transition table: states x classes, state s's row at
  // s * classes. An edge into a state that reports nothing (no entry of its
  // own or on its dictionary chain) holds that state's row offset, so a scan
  // of ordinary text goes from row to row with no multiply per byte; an edge
  // into a state that reports holds kReports | the state's number, which the
  // scan needs to look up its entries. States are numbered breadth-first
  // (see Build()).
  struct Tables {
    std::array<std::uint8_t, 256> class_of{};
    std::uint32_t classes = 1;
    std::span<const std::uint32_t> delta;
    std::span<const std::int32_t> own;     // entry ending exactly at the state, or -1
    std::span<const std::int32_t> dict;    // nearest suffix state with an entry, or -1
    std::span<const Report> reports;       // by state
    std::span<const std::uint32_t> depth;  // the length of the trie path to each state
    std::span<const Entry> entries;        // by entry number
  };
  static constexpr std::uint32_t kReports = 0x80000000u;

  // Collects the phrases as a trie, then compiles the automaton.
  // Thread-safety: none; one thread builds.
  class Builder {
   public:
    Builder();
    // Adds `text` for `rule` (>= 0; the smaller wins). ASCII letters may be
    // of either case; an empty text is ignored. Returns -1, or, when the same
    // text (ASCII case aside) was added before, the rule it has so far: the
    // matcher keeps the smaller of the two, and the caller decides whether a
    // repeat is an error.
    int Add(std::string_view text, int rule);
    PhraseMatcher Build() const;

   private:
    struct Node {
      std::uint32_t first_child = 0;   // 0: none (the root, node 0, is nobody's child)
      std::uint32_t next_sibling = 0;  // 0: none
      std::int32_t entry = -1;         // the phrase ending here, or -1
      unsigned char byte = 0;          // lower-cased label of the edge into this node
    };
    std::vector<Node> nodes_;
    std::vector<Entry> entries_;
  };

  PhraseMatcher();  // matches nothing
  // Reads `tables` (as tables() gave them) in place.
  // Lifetime: they must outlive the matcher.
  explicit PhraseMatcher(const Tables& tables);
  PhraseMatcher(PhraseMatcher&&) noexcept;
  PhraseMatcher& operator=(PhraseMatcher&&) noexcept;
  ~PhraseMatcher();

  // The smallest rule of the phrases found in `text` at word boundaries, or -1.
  int FirstRule(std::string_view text) const;
  // The phrases that begin at text[begin], at word boundaries, reading
  // `text` as Classify's callers normalise it: ASCII case folded and each run
  // of whitespace one space (a phrase's space matches a run; a line end
  // after "x-" joins, as in AppendNormalized). on_match(entry, rule, end) for
  // each, shortest first, with text[begin, end) the match; `entry` numbers
  // the phrases in the order they were first added.
  void ForEachMatchAt(std::string_view text, std::size_t begin,
                      absl::FunctionRef<void(int entry, int rule, std::size_t end)> on_match) const;

  std::size_t states() const { return tables_.own.size(); }
  const Tables& tables() const { return tables_; }

 private:
  struct Storage;  // the arrays of a matcher Build() made

  static bool Bounded(std::string_view text, std::size_t end, std::size_t length, std::uint8_t left,
                      std::uint8_t right);

  std::unique_ptr<const Storage> storage_;  // null when the tables are elsewhere
  Tables tables_;                           // views of *storage_, or of the tables given
};

}  // namespace imr::taxonomy
