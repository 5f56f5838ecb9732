#include "imr/taxonomy/phrase_matcher.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "imr/base/text.h"

namespace imr::taxonomy {
namespace {

constexpr std::uint8_t kNone = 0;
constexpr std::uint8_t kLetter = 1;
constexpr std::uint8_t kDigit = 2;

std::uint8_t KindOf(char c) { return IsAlpha(c) ? kLetter : IsDigit(c) ? kDigit : kNone; }

}  // namespace

struct PhraseMatcher::Storage {
  std::unique_ptr<std::uint32_t[]> delta;
  std::vector<std::int32_t> own, dict;
  std::vector<Report> reports;
  std::vector<std::uint32_t> depth;
  std::vector<Entry> entries;
};

namespace {

// The tables of a matcher of no phrases: one state, whose every edge
// returns to it.
constexpr std::uint32_t kNoDelta[] = {0};
constexpr std::int32_t kNoEntry[] = {-1};
constexpr PhraseMatcher::Report kNoReport[] = {{INT_MAX, 0, 0, 0, 0}};
constexpr std::uint32_t kRootDepth[] = {0};

}  // namespace

PhraseMatcher::PhraseMatcher() {
  tables_.delta = kNoDelta;
  tables_.own = kNoEntry;
  tables_.dict = kNoEntry;
  tables_.reports = kNoReport;
  tables_.depth = kRootDepth;
}

PhraseMatcher::PhraseMatcher(const Tables& tables) : tables_(tables) {}
PhraseMatcher::PhraseMatcher(PhraseMatcher&&) noexcept = default;
PhraseMatcher& PhraseMatcher::operator=(PhraseMatcher&&) noexcept = default;
PhraseMatcher::~PhraseMatcher() = default;

PhraseMatcher::Builder::Builder() : nodes_(1) {}

int PhraseMatcher::Builder::Add(std::string_view text, int rule) {
  if (text.empty()) return -1;  // would match everywhere; the contract forbids it
  std::uint32_t s = 0;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(ToLowerAscii(c));
    std::uint32_t child = nodes_[s].first_child;
    while (child != 0 && nodes_[child].byte != b) child = nodes_[child].next_sibling;
    if (child == 0) {
      child = static_cast<std::uint32_t>(nodes_.size());
      Node node;
      node.next_sibling = nodes_[s].first_child;
      node.byte = b;
      nodes_.push_back(node);
      nodes_[s].first_child = child;
    }
    s = child;
  }
  const std::int32_t previous = nodes_[s].entry;
  if (previous != -1) {
    const int earlier = entries_[previous].rule;
    entries_[previous].rule = std::min(earlier, rule);
    return earlier;
  }
  nodes_[s].entry = static_cast<std::int32_t>(entries_.size());
  entries_.push_back({static_cast<std::uint32_t>(text.size()), rule, KindOf(text.front()), KindOf(text.back())});
  return -1;
}

PhraseMatcher PhraseMatcher::Builder::Build() const {
  PhraseMatcher m;
  Tables& t = m.tables_;
  // Byte classes: one per distinct lower-cased byte used by some phrase, so
  // the table stays narrow (a few dozen columns instead of 256).
  for (std::size_t i = 1; i < nodes_.size(); ++i) {
    const unsigned char b = nodes_[i].byte;
    if (t.class_of[b] == 0) t.class_of[b] = static_cast<std::uint8_t>(t.classes++);
  }
  for (int c = 'A'; c <= 'Z'; ++c) t.class_of[c] = t.class_of[c + 32];
  const std::uint32_t k = t.classes;

  // States are numbered breadth-first, which puts the shallow states, where
  // a scan of ordinary text spends nearly all its time, in the first rows of
  // the table: a few kilobytes that stay in L1 instead of rows scattered over
  // a table of megabytes. The numbering also lets one pass build everything:
  // a state's failure state is shallower, so its row is complete when the
  // state's turn comes, and the state's row is that row (a missing edge goes
  // where the failure state's edge goes) with the state's own trie edges
  // written over it. The root's row starts as all zeros: every missing edge
  // returns to the root, and the root reports nothing.
  const std::size_t n = nodes_.size();
  auto storage = std::make_unique<Storage>();
  // Not zeroed: the root's row is filled here and every other row is a copy.
  storage->delta = std::make_unique_for_overwrite<std::uint32_t[]>(n * k);
  std::uint32_t* const delta = storage->delta.get();
  std::fill_n(delta, k, 0u);
  std::vector<std::int32_t>& own = storage->own;
  std::vector<std::int32_t>& dict = storage->dict;
  std::vector<std::uint32_t>& depth = storage->depth;
  own.assign(n, -1);
  dict.assign(n, -1);
  depth.assign(n, 0);
  storage->entries = entries_;
  // Row offsets stay below kReports: the table would need 8 GB first.
  std::vector<std::uint32_t> node_of(n), fail_row(n);  // by state
  // Of the entries a state reports: the one of the smallest rule (-1: none),
  // and how many there are.
  std::vector<std::int32_t> min_entry(n, -1);
  std::vector<std::uint32_t> reported(n, 0);
  std::uint32_t states = 1;
  for (std::uint32_t s = 0; s < n; ++s) {
    std::uint32_t* row = &delta[s * k];
    if (s != 0) std::memcpy(row, &delta[fail_row[s]], k * sizeof *row);
    for (std::uint32_t c = nodes_[node_of[s]].first_child; c != 0; c = nodes_[c].next_sibling) {
      const std::uint32_t cls = t.class_of[nodes_[c].byte];
      const std::uint32_t next = states++;
      node_of[next] = c;
      depth[next] = depth[s] + 1;
      own[next] = nodes_[c].entry;
      // The failure state's edge, not yet overwritten, leads to the child's
      // failure state. One that reports nothing has no entry and an empty
      // dictionary chain, so only its row matters.
      const std::uint32_t edge = row[cls];
      if (edge & kReports) {
        const std::uint32_t f = edge & ~kReports;
        fail_row[next] = f * k;
        dict[next] = own[f] != -1 ? static_cast<std::int32_t>(f) : dict[f];
        min_entry[next] = min_entry[f];
        reported[next] = reported[f];
      } else {
        fail_row[next] = edge;
      }
      if (own[next] != -1) {
        ++reported[next];
        if (min_entry[next] == -1 || entries_[own[next]].rule < entries_[min_entry[next]].rule) {
          min_entry[next] = own[next];
        }
      }
      row[cls] = min_entry[next] != -1 ? kReports | next : next * k;
    }
  }
  storage->reports.assign(n, Report{INT_MAX, 0, 0, 0, 0});
  for (std::uint32_t s = 0; s < n; ++s) {
    if (min_entry[s] == -1) continue;
    const Entry& e = entries_[min_entry[s]];
    storage->reports[s] = {e.rule, static_cast<std::uint8_t>(e.length <= UINT8_MAX ? e.length : 0), e.left, e.right,
                           static_cast<std::uint8_t>(reported[s] > 1)};
  }
  t.delta = std::span<const std::uint32_t>(delta, n * k);
  t.own = own;
  t.dict = dict;
  t.reports = storage->reports;
  t.depth = depth;
  t.entries = storage->entries;
  m.storage_ = std::move(storage);
  return m;
}

bool PhraseMatcher::Bounded(std::string_view text, std::size_t end, std::size_t length, std::uint8_t left,
                            std::uint8_t right) {
  const std::size_t begin = end + 1 - length;
  if (left != kNone && begin > 0 && KindOf(text[begin - 1]) == left) return false;
  if (right != kNone && end + 1 < text.size() && KindOf(text[end + 1]) == right) return false;
  return true;
}

int PhraseMatcher::FirstRule(std::string_view text) const {
  int best = INT_MAX;
  std::size_t row = 0;
  const Tables& t = tables_;
  const std::uint32_t* delta = t.delta.data();
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + text.size();
  for (const unsigned char* p = begin; p != end; ++p) {
    const std::uint32_t next = delta[row + t.class_of[*p]];
    if ((next & kReports) == 0) {
      row = next;
      continue;
    }
    const std::uint32_t s = next & ~kReports;
    row = std::size_t{s} * t.classes;
    // The smallest rule bounds every entry reachable from s: skip the state
    // when none could improve on what was already found, and the chain when
    // that rule's entry settles it.
    const Report& r = t.reports[s];
    if (r.min_rule >= best) continue;
    const std::size_t at = static_cast<std::size_t>(p - begin);
    if (r.length != 0) {
      if (Bounded(text, at, r.length, r.left, r.right)) {
        best = r.min_rule;
        continue;
      }
      if (r.more == 0) continue;
    }
    for (std::int32_t d = t.own[s] != -1 ? static_cast<std::int32_t>(s) : t.dict[s]; d != -1; d = t.dict[d]) {
      const Entry& e = t.entries[t.own[d]];
      if (e.rule < best && Bounded(text, at, e.length, e.left, e.right)) best = e.rule;
    }
  }
  return best == INT_MAX ? -1 : best;
}

namespace {

// The end of the whitespace run at text[at], and whether AppendNormalized
// drops it (WrapsHyphenatedWord) instead of making it one space.
std::size_t SkipWhitespace(std::string_view text, std::size_t at, bool* joins) {
  bool newline = false;
  const std::size_t run = at;
  for (; at < text.size() && IsSpace(text[at]); ++at) newline |= text[at] == '\n';
  *joins = run >= 2 && WrapsHyphenatedWord(text[run - 2], text[run - 1], newline);
  return at;
}

}  // namespace

void PhraseMatcher::ForEachMatchAt(std::string_view text, std::size_t begin,
                                   absl::FunctionRef<void(int entry, int rule, std::size_t end)> on_match) const {
  // Inside a run of whitespace is no position of the normalised text.
  if (begin >= text.size() || (begin > 0 && IsSpace(text[begin]) && IsSpace(text[begin - 1]))) return;
  const char before = begin > 0 ? text[begin - 1] : ' ';
  const Tables& t = tables_;
  std::size_t row = 0, fed = 0;
  for (std::size_t at = begin; at < text.size();) {
    char c = text[at];
    std::size_t next_at = at + 1;
    if (IsSpace(c)) {
      bool joins = false;
      next_at = SkipWhitespace(text, at, &joins);
      if (joins) {
        if (at == begin) return;  // the run is dropped: no position
        at = next_at;
        continue;
      }
      c = ' ';
    }
    const std::uint32_t next = t.delta[row + t.class_of[static_cast<unsigned char>(c)]];
    const std::uint32_t state =
        (next & kReports) != 0 ? next & ~kReports : static_cast<std::uint32_t>(next / t.classes);
    row = std::size_t{state} * t.classes;
    // Off the trie path that starts at `begin`: what the automaton matches
    // from here on starts later.
    if (t.depth[state] != ++fed) return;
    if (t.own[state] != -1) {
      const Entry& e = t.entries[t.own[state]];
      // The byte after the match as the normalised text has it.
      char after = next_at < text.size() ? text[next_at] : ' ';
      if (IsSpace(after)) {
        bool joins = false;
        const std::size_t run_end = SkipWhitespace(text, next_at, &joins);
        after = joins && run_end < text.size() ? text[run_end] : ' ';
      }
      if ((e.left == kNone || KindOf(before) != e.left) && (e.right == kNone || KindOf(after) != e.right)) {
        on_match(t.own[state], e.rule, next_at);
      }
    }
    at = next_at;
  }
}

}  // namespace imr::taxonomy
