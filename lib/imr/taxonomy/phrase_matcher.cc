#include "imr/taxonomy/phrase_matcher.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <tuple>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"

namespace imr::taxonomy {
namespace {

constexpr std::uint8_t kNone = 0;
constexpr std::uint8_t kLetter = 1;
constexpr std::uint8_t kDigit = 2;

std::uint8_t KindOf(char c) { return IsAlpha(c) ? kLetter : IsDigit(c) ? kDigit : kNone; }

}  // namespace

struct PhraseMatcher::Storage {
  std::vector<std::uint32_t> delta;
  std::vector<std::int32_t> own;
  std::vector<Entry> entries;
  std::vector<std::uint32_t> lead_slots;
  std::vector<Phrase> phrases;
  std::string phrase_text;
};

namespace {

// The tables of a matcher of no phrases: one state, whose every edge
// returns to it, and one empty bucket.
constexpr std::uint32_t kNoDelta[] = {0};
constexpr std::int32_t kNoEntry[] = {-1};
constexpr std::uint32_t kNoLeads[] = {0};
constexpr PhraseMatcher::Phrase kNoPhrases[] = {{INT_MAX, 0, 0, 0}};

// The first eight bytes at `bytes` as a little-endian word, on any
// processor: the lead hashes the build wrote must be the scan's.
std::uint64_t LoadLittleEndian(const char* bytes) {
  std::uint64_t v;
  std::memcpy(&v, bytes, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// The slot hash of a lead: its first eight bytes (zeros past its end) as
// LoadLittleEndian reads them, and its length, which tells apart the long
// leads that share eight bytes ("electromyography", "electromyogram").
std::uint32_t LeadHash(std::uint64_t first_bytes, std::size_t length) {
  return static_cast<std::uint32_t>(((first_bytes + length) * 0x9E3779B97F4A7C15u) >> 32);
}

// The low `n` bytes of a word, for 0 < n < 8; all of them from 8 on.
std::uint64_t LowBytes(std::size_t n) { return ~std::uint64_t{0} >> (8 * (8 - std::min<std::size_t>(n, 8))); }

// The length of the lead at the start of `phrase` (lower-cased).
std::size_t LeadLength(std::string_view phrase) {
  const std::uint8_t kind = KindOf(phrase.front());
  if (kind == kNone) return 1;
  std::size_t n = 1;
  while (n < phrase.size() && KindOf(phrase[n]) == kind) ++n;
  return n;
}

}  // namespace

PhraseMatcher::PhraseMatcher() {
  tables_.delta = kNoDelta;
  tables_.own = kNoEntry;
  tables_.lead_slots = kNoLeads;
  tables_.phrases = kNoPhrases;
}

PhraseMatcher::PhraseMatcher(const Tables& tables) : tables_(tables) {}
PhraseMatcher::PhraseMatcher(PhraseMatcher&&) noexcept = default;
PhraseMatcher& PhraseMatcher::operator=(PhraseMatcher&&) noexcept = default;
PhraseMatcher::~PhraseMatcher() = default;

PhraseMatcher::Builder::Builder() : nodes_(1) {}

int PhraseMatcher::Builder::Add(std::string_view text, int rule) {
  if (text.empty()) return -1;  // would match everywhere; the contract forbids it
  std::uint32_t s = 0;
  std::string lowered(text);
  for (char& c : lowered) {
    c = ToLowerAscii(c);
    const auto b = static_cast<unsigned char>(c);
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
  texts_.push_back(std::move(lowered));
  return -1;
}

PhraseMatcher PhraseMatcher::Builder::Build(Lookups lookups) const {
  PhraseMatcher m;
  Tables& t = m.tables_;
  auto storage = std::make_unique<Storage>();
  if ((lookups & kMatchesAt) != 0) BuildTrie(&t, storage.get());
  if ((lookups & kFirstRule) != 0) BuildLeads(&t, storage.get());
  m.storage_ = std::move(storage);
  return m;
}

void PhraseMatcher::Builder::BuildTrie(Tables* tables, Storage* storage) const {
  Tables& t = *tables;
  // Byte classes: one per distinct lower-cased byte used by some phrase, so
  // the table stays narrow (a few dozen columns instead of 256).
  for (std::size_t i = 1; i < nodes_.size(); ++i) {
    const unsigned char b = nodes_[i].byte;
    if (t.class_of[b] == 0) t.class_of[b] = static_cast<std::uint8_t>(t.classes++);
  }
  for (int c = 'A'; c <= 'Z'; ++c) t.class_of[c] = t.class_of[c + 32];
  const std::uint32_t k = t.classes;

  // States are numbered breadth-first, which puts the shallow states in the
  // first rows of the table. Every edge that is not the trie's returns to
  // the root, where ForEachMatchAt stops.
  const std::size_t n = nodes_.size();
  storage->delta.assign(n * k, 0);
  std::vector<std::int32_t>& own = storage->own;
  own.assign(n, -1);
  storage->entries = entries_;
  // Row offsets stay below kReports: the table would need 8 GB first.
  std::vector<std::uint32_t> node_of(n);  // by state
  std::uint32_t states = 1;
  for (std::uint32_t s = 0; s < n; ++s) {
    std::uint32_t* row = &storage->delta[s * k];
    for (std::uint32_t c = nodes_[node_of[s]].first_child; c != 0; c = nodes_[c].next_sibling) {
      const std::uint32_t next = states++;
      node_of[next] = c;
      own[next] = nodes_[c].entry;
      row[t.class_of[nodes_[c].byte]] = own[next] != -1 ? kReports | next : next * k;
    }
  }
  t.delta = storage->delta;
  t.own = own;
  t.entries = storage->entries;
}

void PhraseMatcher::Builder::BuildLeads(Tables* tables, Storage* storage) const {
  Tables& t = *tables;
  // The lead table: twice as many slots as phrases or more, so that few
  // leads share a slot (those that do share its bucket, which costs only
  // comparisons: a phrase matches or not whatever bucket it was found in).
  struct Placed {
    std::uint32_t slot;
    int rule;
    std::uint32_t entry;
  };
  std::vector<Placed> placed;
  const std::size_t slots = std::bit_ceil(std::max<std::size_t>(1, 2 * entries_.size()));
  for (std::uint32_t e = 0; e < entries_.size(); ++e) {
    const std::string& text = texts_[e];
    const std::size_t lead = LeadLength(text);
    std::string first(8, '\0');
    text.copy(first.data(), std::min<std::size_t>(lead, 8));
    placed.push_back(
        {LeadHash(LoadLittleEndian(first.data()), lead) & static_cast<std::uint32_t>(slots - 1), entries_[e].rule, e});
    if (KindOf(text.front()) == kNone) {
      const auto b = static_cast<unsigned char>(text.front());
      t.other_leads[b / 64] |= std::uint64_t{1} << (b % 64);
    }
  }
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return std::tie(a.slot, a.rule, a.entry) < std::tie(b.slot, b.rule, b.entry);
  });
  std::vector<std::uint32_t>& lead_slots = storage->lead_slots;
  std::vector<Phrase>& phrases = storage->phrases;
  std::string& phrase_text = storage->phrase_text;
  lead_slots.assign(slots, 0);
  phrases.assign(1, kNoPhrases[0]);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (i == 0 || placed[i].slot != placed[i - 1].slot) {
      if (i != 0) phrases.push_back(kNoPhrases[0]);
      lead_slots[placed[i].slot] = static_cast<std::uint32_t>(phrases.size());
    }
    const Entry& e = entries_[placed[i].entry];
    phrases.push_back(
        {e.rule, static_cast<std::uint32_t>(phrase_text.size()), static_cast<std::uint32_t>(e.length), e.right});
    phrase_text += texts_[placed[i].entry];
  }
  if (!placed.empty()) phrases.push_back(kNoPhrases[0]);
  phrase_text.append(8, '\0');  // SameBytes reads past the last phrase
  t.lead_slots = lead_slots;
  t.phrases = phrases;
  t.phrase_text = phrase_text;
}

namespace {

// Which bytes of a 64-byte word of text are ASCII letters, digits and
// spaces, a bit each.
struct WordBits {
  std::uint64_t letters = 0, digits = 0, spaces = 0;
};

// A text as FirstRule reads it: its bytes with ASCII letters lower-cased,
// then 16 zero bytes, and the WordBits of each 64 bytes.
struct FoldedText {
  std::vector<char> bytes;
  std::vector<WordBits> words;
};

void Fold(std::string_view text, FoldedText* folded) {
  const std::size_t n = text.size();
  const std::size_t words = (n + 63) / 64;
  if (folded->bytes.size() < n + 16) folded->bytes.resize(n + 16);
  if (folded->words.size() < words) folded->words.resize(words);
  char* const out = folded->bytes.data();
  for (std::size_t w = 0; w < words; ++w) {
    const std::size_t base = w * 64;
    WordBits bits;
#if defined(__SSE2__)
    const __m128i a = _mm_set1_epi8('a'), zero = _mm_set1_epi8('0'), space = _mm_set1_epi8(' ');
    const __m128i case_bit = _mm_set1_epi8(0x20), letter_span = _mm_set1_epi8(25), digit_span = _mm_set1_epi8(9);
    for (std::size_t next = base; next < n && next < base + 64; next += 16) {
      // The last 16 bytes when fewer are left (folding a byte twice gives
      // the same), or a zero-padded copy of a text shorter than that.
      std::size_t at = next;
      const char* chunk = text.data() + at;
      alignas(16) char short_text[16] = {};
      if (n - at < 16) {
        if (n >= 16) {
          at = n - 16;
          chunk = text.data() + at;
        } else {
          std::memcpy(short_text, chunk, n);
          chunk = short_text;
        }
      }
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(chunk));
      // b - lo <= span, unsigned: min(b - lo, span) == b - lo.
      const __m128i l = _mm_sub_epi8(_mm_or_si128(x, case_bit), a), d = _mm_sub_epi8(x, zero);
      const __m128i is_letter = _mm_cmpeq_epi8(_mm_min_epu8(l, letter_span), l);
      const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(d, digit_span), d);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + at), _mm_or_si128(x, _mm_and_si128(is_letter, case_bit)));
      // The chunk's bits where the word has them (a last chunk may begin
      // in the word before).
      const auto place = [&](int mask) {
        const std::uint64_t m = static_cast<std::uint16_t>(mask);
        return at >= base ? m << (at - base) : m >> (base - at);
      };
      bits.letters |= place(_mm_movemask_epi8(is_letter));
      bits.digits |= place(_mm_movemask_epi8(is_digit));
      bits.spaces |= place(_mm_movemask_epi8(_mm_cmpeq_epi8(x, space)));
    }
#else
    for (std::size_t at = base; at < n && at < base + 64; ++at) {
      out[at] = ToLowerAscii(text[at]);
      bits.letters |= std::uint64_t{IsAlpha(text[at])} << (at - base);
      bits.digits |= std::uint64_t{IsDigit(text[at])} << (at - base);
      bits.spaces |= std::uint64_t{text[at] == ' '} << (at - base);
    }
#endif
    folded->words[w] = bits;
  }
  std::memset(out + n, 0, 16);
}

// Whether the `length` bytes at `a` and at `b` are the same; reads up to
// seven bytes past each.
bool SameBytes(const char* a, const char* b, std::size_t length) {
  for (std::size_t at = 0; at < length; at += 8) {
    const std::uint64_t differ = LoadLittleEndian(a + at) ^ LoadLittleEndian(b + at);
    if ((differ & LowBytes(length - at)) != 0) return false;
  }
  return true;
}

}  // namespace

int PhraseMatcher::FirstRule(std::string_view text) const {
  if (text.empty()) return -1;
  const Tables& t = tables_;
  // One per thread: no allocation per text once warm.
  thread_local FoldedText folded;
  Fold(text, &folded);
  const char* const bytes = folded.bytes.data();
  const bool other_leads = (t.other_leads[0] | t.other_leads[1] | t.other_leads[2] | t.other_leads[3]) != 0;
  // A space is looked up only where it begins a phrase.
  const std::uint64_t space_leads = (t.other_leads[0] >> ' ' & 1) != 0 ? ~std::uint64_t{0} : 0;
  const auto slot_mask = static_cast<std::uint32_t>(t.lead_slots.size() - 1);
  const std::size_t n = text.size();
  int best = INT_MAX;
  std::uint64_t letter_before = 0, digit_before = 0;  // of the byte before the word's first
  const std::size_t words = (n + 63) / 64;
  for (std::size_t w = 0; w < words; ++w) {
    const std::size_t base = w * 64;
    const auto [l, d, spaces] = folded.words[w];
    // Where a run of letters or of digits begins: where a phrase that
    // starts with a letter or digit may begin.
    std::uint64_t leads = (l & ~(l << 1 | letter_before)) | (d & ~(d << 1 | digit_before));
    letter_before = l >> 63;
    digit_before = d >> 63;
    // Where a lead ends: the last byte of each run of letters or digits
    // (none for a run that goes on in the next word), and every other byte
    // (a lead of its own).
    const std::uint64_t letter_after = w + 1 < words ? folded.words[w + 1].letters << 63 : 0;
    const std::uint64_t digit_after = w + 1 < words ? folded.words[w + 1].digits << 63 : 0;
    const std::uint64_t lasts = (l & ~(l >> 1 | letter_after)) | (d & ~(d >> 1 | digit_after)) | ~(l | d);
    if (other_leads) {
      const std::size_t in_word = n - base;
      std::uint64_t others =
          ~(l | d | (spaces & ~space_leads)) & (in_word >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << in_word) - 1);
      for (; others != 0; others &= others - 1) {
        const int i = __builtin_ctzll(others);
        const auto b = static_cast<unsigned char>(bytes[base + static_cast<std::size_t>(i)]);
        if ((t.other_leads[b / 64] >> (b % 64) & 1) != 0) leads |= std::uint64_t{1} << i;
      }
    }
    for (; leads != 0; leads &= leads - 1) {
      const int i = __builtin_ctzll(leads);
      const std::size_t at = base + static_cast<std::size_t>(i);
      const std::uint64_t rest = lasts >> i;
      std::size_t lead = 64 - static_cast<std::size_t>(i);
      if (rest != 0) {
        lead = static_cast<std::size_t>(__builtin_ctzll(rest)) + 1;
      } else {
        while (at + lead < n && KindOf(bytes[at + lead]) == KindOf(bytes[at])) ++lead;
      }
      const std::uint64_t first = LoadLittleEndian(bytes + at) & LowBytes(lead);
      // The bucket is sorted by rule: the first phrase that matches is the
      // best here, and none from one that cannot beat `best` on.
      for (const Phrase* p = &t.phrases[t.lead_slots[LeadHash(first, lead) & slot_mask]]; p->rule < best; ++p) {
        if (p->length <= n - at && SameBytes(bytes + at, t.phrase_text.data() + p->text, p->length) &&
            (p->right == kNone || KindOf(bytes[at + p->length]) != p->right)) {
          best = p->rule;
          break;
        }
      }
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
  std::size_t row = 0;
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
    if (next == 0) return;  // off the trie: no phrase goes on with this byte
    if ((next & kReports) == 0) {
      // Most steps: the next row at once, no state number (no division on
      // the chain of loads).
      row = next;
      at = next_at;
      continue;
    }
    const std::uint32_t state = next & ~kReports;
    row = std::size_t{state} * t.classes;
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
    at = next_at;
  }
}

}  // namespace imr::taxonomy
