// File: imr/taxonomy/phrase_matcher.h
//
// Finds which of many phrases occur in a text as whole words, and reports
// the smallest rule number among them (FirstRule), or which begin at a given
// position (ForEachMatchAt).
//
// FirstRule looks phrases up by their lead: the run of ASCII letters, or of
// digits, that begins the phrase (or its first byte, when that is neither).
// By the boundary rule below, a phrase can only match where the text's run
// of the same kind begins, and that run must be the phrase's lead exactly:
// so the scan hashes each run that begins in the text to a bucket of the
// phrases of that lead, sorted by rule, and compares them with the text until
// one matches or none could improve on the rule already found. A title costs
// a few bucket probes in tables of tens of kilobytes, not a walk of one table
// row per byte (an Aho-Corasick automaton over a table of a megabyte, whose
// rows the rest of a letter evicts between titles).
//
// ForEachMatchAt walks the phrases' trie, compiled into a dense transition
// table over byte classes (every byte that occurs in no phrase shares one
// class; ASCII letters are folded to lower case by the class table itself).
//
// Each lookup has its own tables, and a matcher may be built with those of
// one only (Builder::Build's `lookups`): the other then finds nothing. A
// caller that needs the trie of a few of its phrases builds a matcher of
// those: its table stays in cache, where one of all of them would not.
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
// Move-only: the tables of the built-in taxonomy are tens of kilobytes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"

namespace imr::taxonomy {

class PhraseMatcher {
  struct Storage;  // the arrays of a matcher Build() made (declared here for Builder)

 public:
  struct Entry {
    std::uint32_t length;
    int rule;
    std::uint8_t left;   // kNone, kLetter or kDigit: what must not precede
    std::uint8_t right;  // what must not follow

    friend bool operator==(const Entry&, const Entry&) = default;
  };

  // A phrase in a bucket of FirstRule's lead table.
  struct Phrase {
    std::int32_t rule;     // INT_MAX: the end of the bucket
    std::uint32_t text;    // where its bytes (lower-cased) begin in Tables::phrase_text
    std::uint32_t length;  // of its bytes
    std::uint8_t right;    // as Entry's

    friend bool operator==(const Phrase&, const Phrase&) = default;
  };

  // The compiled matcher as flat arrays. Build() makes them; the build
  // writes those of the built-in taxonomy into the program
  // (compile_taxonomy.cc), and a matcher reads them there in place.
  //
  // delta is the trie's transition table: states x classes, state s's row
  // at s * classes. An edge into a state with no entry of its own holds
  // that state's row offset, one into a state with one kReports | the
  // state's number, and a byte no phrase goes on with 0 (the root's row,
  // which is nobody's child). States are numbered breadth-first.
  //
  // lead_slots is FirstRule's hash table of leads (LeadHash): a power of two
  // of slots, each the index in `phrases` of its bucket, the phrases whose
  // leads hash there sorted by rule and ended by one of rule INT_MAX
  // (phrases[0] ends the bucket of an empty slot).
  struct Tables {
    std::array<std::uint8_t, 256> class_of{};
    std::uint32_t classes = 1;
    std::span<const std::uint32_t> delta;
    std::span<const std::int32_t> own;  // entry ending exactly at the state, or -1
    std::span<const Entry> entries;     // by entry number
    std::span<const std::uint32_t> lead_slots;
    std::span<const Phrase> phrases;
    std::string_view phrase_text;  // the phrases' bytes, then eight zero bytes
    // The bytes other than ASCII letters and digits that begin a phrase, a
    // bit each (such a phrase is its own lead's only byte).
    std::array<std::uint64_t, 4> other_leads{};
  };
  static constexpr std::uint32_t kReports = 0x80000000u;

  // Which lookups a matcher answers (a bit each).
  enum Lookups : unsigned { kFirstRule = 1, kMatchesAt = 2, kBothLookups = 3 };

  // Collects the phrases as a trie, then compiles the tables of the lookups.
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
    PhraseMatcher Build(Lookups lookups = kBothLookups) const;

   private:
    struct Node {
      std::uint32_t first_child = 0;   // 0: none (the root, node 0, is nobody's child)
      std::uint32_t next_sibling = 0;  // 0: none
      std::int32_t entry = -1;         // the phrase ending here, or -1
      unsigned char byte = 0;          // lower-cased label of the edge into this node
    };
    std::vector<Node> nodes_;
    std::vector<Entry> entries_;
    std::vector<std::string> texts_;  // by entry number, lower-cased

    void BuildTrie(Tables* tables, Storage* storage) const;   // ForEachMatchAt's
    void BuildLeads(Tables* tables, Storage* storage) const;  // FirstRule's
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

  // Of the trie (1 when built without it).
  std::size_t states() const { return tables_.own.size(); }
  const Tables& tables() const { return tables_; }

 private:
  std::unique_ptr<const Storage> storage_;  // null when the tables are elsewhere
  Tables tables_;                           // views of *storage_, or of the tables given
};

}  // namespace imr::taxonomy
