// The disputed items. Each item is a title ending in ": Upheld" or
// ": Overturned" (the last such colon; the outcome may stand alone on the next
// line), then three labelled blocks. Outcome lines are the anchors. A title
// runs back from its outcome over the lines that do not end a sentence; blank
// lines do not end a title (some extractions put one between every line) and
// form feeds may fall anywhere. A partial decision's title is the whole
// paragraph that starts at the sentence "X was the original request".
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::string_view kClaimsLabel = "Claims Administrator guideline:";
constexpr std::string_view kMaximusLabel = "MAXIMUS guideline:";
constexpr std::string_view kRationaleLabel = "Decision rationale:";
// In the order of Blocks' fields.
constexpr std::array<std::string_view, 3> kLabels = {kClaimsLabel, kMaximusLabel, kRationaleLabel};
constexpr std::size_t kNone = std::string_view::npos;
// Titles wrap over 2-4 lines, partial decisions over up to 7; past this many
// lines we are reading the previous rationale.
constexpr int kMaxTitleLines = 9;

struct OutcomeMark {
  std::size_t colon;     // the ':' that ends the title
  std::size_t line_end;  // end of the line holding the outcome word
  Outcome outcome;
};

// Whether the bytes at `text`, with bit 5 set (which lower-cases a letter,
// and makes a lower-case letter of no other byte), spell `lower`, lower-case
// letters: 8 bytes a step, then a byte at a time.
bool FoldedLettersAt(const char* text, std::string_view lower) {
  std::size_t i = 0;
  for (; i + 8 <= lower.size(); i += 8) {
    std::uint64_t got, want;
    std::memcpy(&got, text + i, 8);
    std::memcpy(&want, lower.data() + i, 8);
    if ((got | 0x2020202020202020) != want) return false;
  }
  for (; i < lower.size(); ++i) {
    if ((text[i] | 0x20) != lower[i]) return false;
  }
  return true;
}

// The outcome mark whose colon is s[colon], or nullopt: the outcome word,
// in any case, after the colon and the blanks that follow it, and nothing
// but inline blanks after the word on its line. The colon ends the title on
// the outcome's line or on the last non-blank line before it, so the colons
// of the index are the only candidates (fewer than the lines, and read in
// the same pass as the labels').
std::optional<OutcomeMark> OutcomeAfter(std::string_view s, std::size_t colon) {
  const std::size_t at = SkipSpace(s, colon + 1);
  if (at == s.size()) return std::nullopt;
  // (c | 0x20) is a lower-case letter only for that letter and its capital,
  // so the first letter tells which word it may be.
  const char first = static_cast<char>(s[at] | 0x20);
  if (first != 'u' && first != 'o') return std::nullopt;
  const bool upheld = first == 'u';
  const std::string_view word = upheld ? "upheld" : "overturned";
  if (s.size() - at < word.size() || !FoldedLettersAt(s.data() + at, word)) return std::nullopt;
  std::size_t end = at + word.size();
  while (end < s.size() && s[end] != '\n' && IsSpace(s[end])) ++end;
  if (end == s.size() || s[end] == '\n') {
    return OutcomeMark{colon, end, upheld ? Outcome::kUpheld : Outcome::kOverturned};
  }
  return std::nullopt;
}

// Titles are read by lines that end at line breaks and at form feeds: a
// title may start right after a page break, mid-line in some extractions.
// The breaks come from the index, walked back from the title's end (one
// binary search per title, then a step per break passed; no scan of the
// bytes).
class TitleLines {
 public:
  // For positions at or before `pos`.
  TitleLines(const IndexedPart& part, std::size_t pos)
      : part_(part), newline_(FirstAtOrAfter(part.newlines, pos)), form_feed_(FirstAtOrAfter(part.form_feeds, pos)) {}

  // Start of the line holding s[pos]: after the last break before pos. Each
  // pos asked is at most the one asked before.
  std::size_t Begin(std::size_t pos) {
    return std::max(AfterLastBefore(part_.newlines, pos, &newline_),
                    AfterLastBefore(part_.form_feeds, pos, &form_feed_));
  }

 private:
  std::size_t FirstAtOrAfter(std::span<const std::uint32_t> breaks, std::size_t pos) const {
    return static_cast<std::size_t>(std::lower_bound(breaks.begin(), breaks.end(), part_.base + pos) - breaks.begin());
  }
  // *next: the index of the first break at or after the pos asked before,
  // moved back to the first at or after this one.
  std::size_t AfterLastBefore(std::span<const std::uint32_t> breaks, std::size_t pos, std::size_t* next) const {
    while (*next > 0 && breaks[*next - 1] >= part_.base + pos) --*next;
    return *next == 0 ? 0 : breaks[*next - 1] - part_.base + 1;
  }

  const IndexedPart& part_;
  std::size_t newline_, form_feed_;
};

// Whether a line's text ends a sentence. Abbreviations ("p.o.", "Dr.") and
// initials do not.
bool EndsSentence(std::string_view line) {
  line = TrimRightSpace(line);
  while (!line.empty() && std::string_view(")]\"'").find(line.back()) != kNone) line.remove_suffix(1);
  if (line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x99")) line.remove_suffix(3);  // ” ’
  if (line.empty()) return false;
  const char last = line.back();
  if (last == '?' || last == '!') return true;
  if (last != '.') return false;
  std::size_t w = line.size() - 1;
  while (w > 0 && !IsSpace(line[w - 1]) && line[w - 1] != '(') --w;
  const std::string_view token = line.substr(w, line.size() - 1 - w);  // without the final '.'
  if (token.size() == 1 && IsAlpha(token[0])) return false;            // an initial
  if (token.find('.') != kNone && token.size() <= 5) return false;     // p.o, b.i.d, e.g
  static constexpr std::array<std::string_view, 8> kAbbrev = {"Dr", "Mr", "Mrs", "Ms", "No", "vs", "approx", "Jr"};
  return std::find(kAbbrev.begin(), kAbbrev.end(), token) == kAbbrev.end();
}

bool StartsWithLabel(std::string_view line) {
  line = TrimLeftSpace(line);
  for (std::string_view label : kLabels) {
    if (MatchPhraseAt(line, 0, label, Case::kSensitive)) return true;
  }
  return false;
}

// Whether `heading` holds "original request" or "authorized" (in any case,
// as FindPhrase finds them), which only a partial decision's heading does.
// Every heading is asked, so candidates are where either phrase's first two
// letters are, found 16 bytes a step.
bool MentionsPartialDecision(std::string_view heading) {
  // A candidate starts "or" or "au" (first_two), so its first letter tells
  // which phrase it may start.
  const auto matches_at = [heading](std::size_t p) {
    const std::string_view phrase = (heading[p] | 0x20) == 'o' ? "original request" : "authorized";
    return MatchPhraseAt(heading, p, phrase, Case::kInsensitive) != 0;
  };
  // (c | 0x20) is a lower-case letter only for that letter and its capital.
  const auto first_two = [](char a, char b) {
    return ((a | 0x20) == 'o' && (b | 0x20) == 'r') || ((a | 0x20) == 'a' && (b | 0x20) == 'u');
  };
  std::size_t p = 0;
#if defined(__SSE2__)
  const __m128i fold = _mm_set1_epi8(0x20);
  const auto folded = [&](std::size_t at) {
    return _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(heading.data() + at)), fold);
  };
  // The candidates among the 16 positions from `at`, those before `from` left out.
  const auto block_matches = [&](std::size_t at, std::size_t from) {
    const __m128i a = folded(at), b = folded(at + 1);
    const __m128i hits =
        _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('o')), _mm_cmpeq_epi8(b, _mm_set1_epi8('r'))),
                     _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('a')), _mm_cmpeq_epi8(b, _mm_set1_epi8('u'))));
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits)) & (~0u << (from - at)); mask != 0;
         mask &= mask - 1) {
      if (matches_at(at + static_cast<std::size_t>(std::countr_zero(mask)))) return true;
    }
    return false;
  };
  for (; p + 17 <= heading.size(); p += 16) {
    if (block_matches(p, p)) return true;
  }
  // The rest (fewer than 16 positions) in one block that ends with the
  // heading and overlaps the last one: titles are a few blocks long.
  if (heading.size() >= 17 && p + 1 < heading.size()) return block_matches(heading.size() - 17, p);
#endif
  for (; p + 1 < heading.size(); ++p) {
    if (first_two(heading[p], heading[p + 1]) && matches_at(p)) return true;
  }
  return false;
}

// Start of the title whose heading text ends at `anchor`, searching no
// further back than `floor`.
std::size_t TitleStart(const IndexedPart& part, std::size_t floor, std::size_t anchor) {
  const std::string_view s = part.text;
  TitleLines lines(part, anchor);
  std::size_t start = lines.Begin(anchor);
  if (start < floor) return floor;
  for (int count = 1; count < kMaxTitleLines; ++count) {
    // The previous non-blank line, no further back than the floor.
    std::size_t prev = start;
    std::string_view line;
    // Each line read starts after a break (or at the floor, the last one
    // read), so the line before it ends at that break.
    do {
      if (prev <= floor) return start;
      const std::size_t line_end = prev - 1;
      prev = std::max(floor, lines.Begin(line_end));
      line = s.substr(prev, line_end - prev);
    } while (std::all_of(line.begin(), line.end(), IsSpace));  // a blank line
    if (EndsSentence(line) || StartsWithLabel(line)) return start;
    start = prev;
  }
  return start;
}

// A label found in the issues section.
struct LabelHit {
  std::size_t at, end;
  std::size_t label;  // index into kLabels
};

// MatchPhraseEndingAt(s, end, phrase, c), with the common case, the
// phrase's bytes as they are, compared whole first. (Where they are, each of
// the phrase's spaces is one blank between non-blanks, so the backward match
// takes the same bytes.)
std::size_t PhraseEndingAt(std::string_view s, std::size_t end, std::string_view phrase, Case c) {
  if (end >= phrase.size() && s.substr(end - phrase.size(), phrase.size()) == phrase) return end - phrase.size();
  return MatchPhraseEndingAt(s, end, phrase, c);
}

// What a colon must end for kLabels[label] to end there, tested before the
// backward match (most colons end no label, and most of the others end the
// label of another): the label's last word, which holds no space and so
// stands exactly before the colon (its last 8 bytes compared first, as one
// little-endian word, loaded once per colon for all labels), and the byte
// before its last space, which stands before the run of blanks that
// precedes that word.
struct LabelTail {
  std::string_view last_word;
  std::uint64_t last_bytes = 0;
  char before_space = 0;
};
constexpr std::size_t kTailCompared = 8;
constexpr std::array<LabelTail, kLabels.size()> kLabelTails = [] {
  std::array<LabelTail, kLabels.size()> tails;
  for (std::size_t i = 0; i < kLabels.size(); ++i) {
    const std::size_t space = kLabels[i].rfind(' ');
    const std::string_view word = kLabels[i].substr(space + 1);
    if (word.size() < kTailCompared) std::abort();  // fails to compile
    std::uint64_t last_bytes = 0;
    for (std::size_t b = 0; b < kTailCompared; ++b) {
      last_bytes |= std::uint64_t{static_cast<unsigned char>(word[word.size() - kTailCompared + b])} << (8 * b);
    }
    tails[i] = {word, last_bytes, kLabels[i][space - 1]};
  }
  return tails;
}();

// Whether kLabels[label], as letters print it, ends at s[end) (end must be
// at least the label's size); `last_bytes` holds s[end - 8, end). The rest
// of the label is compared 16 bytes a step with SSE2 (8 without), the last
// step overlapping what is known.
bool LabelAsPrinted(std::string_view s, std::size_t end, std::size_t label, std::uint64_t last_bytes) {
  const std::string_view printed = kLabels[label];
  if (last_bytes != kLabelTails[label].last_bytes) return false;
  const char* at = s.data() + end - printed.size();
#if defined(__SSE2__)
  // Every label is 16 to 32 bytes: its first 16 and its last 16.
  static_assert(
      std::all_of(kLabels.begin(), kLabels.end(), [](std::string_view l) { return l.size() >= 16 && l.size() <= 32; }));
  const auto same16 = [&](std::size_t i) {
    const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + i));
    const __m128i want = _mm_loadu_si128(reinterpret_cast<const __m128i*>(printed.data() + i));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(text, want)) == 0xFFFF;
  };
  return same16(0) && same16(printed.size() - 16);
#else
  for (std::size_t i = 0; i < printed.size() - kTailCompared; i += kTailCompared) {
    std::uint64_t text_word, label_word;
    std::memcpy(&text_word, at + i, kTailCompared);
    std::memcpy(&label_word, printed.data() + i, kTailCompared);
    if (text_word != label_word) return false;
  }
  return true;
#endif
}

// Start of kLabels[label] when it ends at the colon s[end - 1], or kNone
// (MatchPhraseEndingAt, case-sensitive); `last_bytes` holds s[end - 8, end).
// For labels not as printed (LabelAsPrinted is asked first): wrapped, or
// with wider gaps.
std::size_t LabelEndingAt(std::string_view s, std::size_t end, std::size_t label, std::uint64_t last_bytes) {
  const LabelTail& tail = kLabelTails[label];
  const std::string_view word = tail.last_word;
  if (last_bytes != tail.last_bytes || end < word.size() || s.substr(end - word.size(), word.size()) != word) {
    return kNone;
  }
  const std::size_t word_at = end - word.size();
  std::size_t blank = word_at;
  while (blank > 0 && IsSpace(s[blank - 1])) --blank;
  if (blank == word_at || blank == 0 || s[blank - 1] != tail.before_space) return kNone;
  return MatchPhraseEndingAt(s, end, kLabels[label], Case::kSensitive);
}

// The label that ends at the colon s[end - 1], as LabelHit, or nullopt. No
// label ends another, so at most one ends at a colon: the one printed as
// letters print it is taken without a backward match.
std::optional<LabelHit> LabelEndingAtColon(std::string_view s, std::size_t end) {
  std::uint64_t last_bytes;
  std::memcpy(&last_bytes, s.data() + end - kTailCompared, kTailCompared);
  // The first label whose tail the colon ends, if any, then the match from
  // it on.
  std::size_t first = 0;
  while (first < kLabels.size() && kLabelTails[first].last_bytes != last_bytes) ++first;
  if (first == kLabels.size()) return std::nullopt;
  for (std::size_t label = first; label < kLabels.size(); ++label) {
    if (end >= kLabels[label].size() && LabelAsPrinted(s, end, label, last_bytes)) {
      return LabelHit{end - kLabels[label].size(), end, label};
    }
  }
  for (std::size_t label = first; label < kLabels.size(); ++label) {
    if (const std::size_t at = LabelEndingAt(s, end, label, last_bytes); at != kNone) return LabelHit{at, end, label};
  }
  return std::nullopt;
}

// A phrase found in the issues section.
struct PhraseSpan {
  std::size_t at = kNone, end = kNone;
};

// What the issues section's colons end: every outcome mark, every label in
// order, and the first "set forth below:" (any case; *preamble is left as it
// is when there is none). Each label and the preamble is matched backwards
// from its colon (the same matches a forward search finds, as a phrase
// holds one colon, its last byte, and its whitespace runs are bounded by
// non-blanks).
void ReadColons(const IndexedPart& part, std::vector<OutcomeMark>* marks, std::vector<LabelHit>* hits,
                PhraseSpan* preamble) {
  static constexpr std::string_view kPreamble = "set forth below:";
  marks->clear();
  hits->clear();
  const std::string_view s = part.text;
  for (const std::uint32_t colon : part.colons) {
    const std::size_t end = colon - part.base + 1;
    if (std::optional<OutcomeMark> mark = OutcomeAfter(s, end - 1)) marks->push_back(*mark);
    if (end < 2) continue;
    if (end >= kTailCompared) {
      if (const std::optional<LabelHit> hit = LabelEndingAtColon(s, end)) hits->push_back(*hit);
    }
    // The byte before the colon first ('w' or 'W'), then the whole phrase.
    if (preamble->at == kNone && (s[end - 2] | 0x20) == kPreamble[kPreamble.size() - 2]) {
      if (const std::size_t at = PhraseEndingAt(s, end, kPreamble, Case::kInsensitive); at != kNone) {
        *preamble = {at, end};
      }
    }
  }
}

// Whether every label has `n` matches that do not overlap, counted left to
// right (each after the end of the previous match of that label): all
// labels counted in one pass over the hits.
bool EachLabelCounts(const std::vector<LabelHit>& hits, std::size_t n) {
  std::array<std::size_t, kLabels.size()> count{}, next{};
  for (const LabelHit& h : hits) {
    if (h.at < next[h.label]) continue;
    ++count[h.label];
    next[h.label] = h.end;
  }
  return std::all_of(count.begin(), count.end(), [n](std::size_t c) { return c == n; });
}

// s[from, to) without the blanks around it (TrimSpace, inline: a span has
// a blank or two at each end); empty, at `from`, when from >= to.
std::string_view Span(std::string_view s, std::size_t from, std::size_t to) {
  if (from >= to) return std::string_view(s.data() + std::min(from, s.size()), 0);
  std::size_t end = std::min(to, s.size());
  while (from < end && IsSpace(s[from])) ++from;
  while (end > from && IsSpace(s[end - 1])) --end;
  return s.substr(from, end - from);
}

// The three labelled blocks of an item, located in s[from, to).
struct Blocks {
  std::size_t claims = kNone, maximus = kNone, rationale = kNone;                 // label starts
  std::size_t claims_text = kNone, maximus_text = kNone, rationale_text = kNone;  // text starts
  std::size_t floor;                                                              // where the next title may begin
};

// The first match of each label that starts at or after `from` and ends by
// `to`.
Blocks FindBlocks(const std::vector<LabelHit>& hits, std::size_t from, std::size_t to) {
  Blocks b;
  std::array<std::size_t*, 3> starts = {&b.claims, &b.maximus, &b.rationale};
  std::array<std::size_t*, 3> texts = {&b.claims_text, &b.maximus_text, &b.rationale_text};
  auto h = std::lower_bound(hits.begin(), hits.end(), from,
                            [](const LabelHit& hit, std::size_t pos) { return hit.at < pos; });
  for (; h != hits.end() && h->at < to; ++h) {
    if (h->end <= to && *starts[h->label] == kNone) {
      *starts[h->label] = h->at;
      *texts[h->label] = h->end;
    }
  }
  b.floor = from;
  for (std::size_t t : {b.claims_text, b.maximus_text, b.rationale_text}) {
    if (t != kNone) b.floor = std::max(b.floor, t);
  }
  return b;
}

// End of the block whose text starts at `text`: the next label after it, or `end`.
std::size_t BlockEnd(const Blocks& b, std::size_t text, std::size_t end) {
  std::size_t stop = end;
  for (std::size_t label : {b.claims, b.maximus, b.rationale}) {
    if (label != kNone && label >= text && label < stop) stop = label;
  }
  return stop;
}

// Where an item's title starts, and whether its heading mentions a partial
// decision (MentionsPartialDecision). A title that does not holds no "was
// the original request", so ParsePartialDecision would find nothing in it.
struct Title {
  std::size_t start = 0;
  bool partial = false;
};

}  // namespace

void ExtractItems(const IndexedPart& issues, Letter* letter) {
  const std::string_view s = issues.text;
  // Per-thread scratch, reused from letter to letter.
  thread_local std::vector<OutcomeMark> marks;
  thread_local std::vector<LabelHit> labels;
  thread_local std::vector<Blocks> blocks;
  thread_local std::vector<Title> titles;
  PhraseSpan preamble;
  ReadColons(issues, &marks, &labels, &preamble);
  if (marks.empty()) {
    letter->Warn(WarningCode::kNoItems);
    return;
  }
  // Everything before the first title's line is preamble ("The Final
  // Determination was based on ... set forth below:").
  const std::size_t floor = preamble.at != kNone && preamble.at < marks[0].colon ? preamble.end : 0;
  blocks.resize(marks.size());
  for (std::size_t k = 0; k < marks.size(); ++k) {
    const std::size_t next = k + 1 < marks.size() ? marks[k + 1].colon : s.size();
    blocks[k] = FindBlocks(labels, marks[k].line_end, next);
  }
  titles.resize(marks.size());
  for (std::size_t k = 0; k < marks.size(); ++k) {
    const std::size_t item_floor = k == 0 ? floor : blocks[k - 1].floor;
    titles[k] = {TitleStart(issues, item_floor, marks[k].colon), false};
    // A partial decision's heading holds sentences of its own; extend it back
    // to its first one, "X was the original request". (Rationales may quote
    // those sentences too, which is why the heading is found first.)
    const std::string_view heading = s.substr(titles[k].start, marks[k].colon - titles[k].start);
    titles[k].partial = MentionsPartialDecision(heading);
    if (titles[k].partial) {
      const std::size_t at = FindLastPhrase(s.substr(0, marks[k].colon), "was the original request", marks[k].colon);
      if (at != kNone && at >= item_floor && at < titles[k].start) {
        titles[k].start = TitleStart(issues, item_floor, at);
      }
    }
  }
  for (std::size_t k = 0; k < marks.size(); ++k) {
    Item& item = letter->AddItem();
    item.outcome = marks[k].outcome;
    item.title = Span(s, titles[k].start, marks[k].colon);
    item.disputed = item.title;
    if (titles[k].partial) ParsePartialDecision(item.title, &item);
    ParseQuantity(item.disputed, &item);
    const std::size_t end = k + 1 < marks.size() ? titles[k + 1].start : s.size();
    const Blocks& b = blocks[k];
    const int index = static_cast<int>(k);
    if (b.claims_text != kNone)
      item.claims_administrator.text = Span(s, b.claims_text, BlockEnd(b, b.claims_text, end));
    if (b.maximus_text != kNone) item.maximus.text = Span(s, b.maximus_text, BlockEnd(b, b.maximus_text, end));
    ParseGuideline(item.claims_administrator.text, &item.claims_administrator, letter);
    ParseGuideline(item.maximus.text, &item.maximus, letter);
    if (b.claims == kNone || b.maximus == kNone) letter->Warn(WarningCode::kMissingGuideline, index);
    if (b.rationale_text == kNone) {
      letter->Warn(WarningCode::kMissingRationale, index);
      continue;
    }
    item.rationale = Span(s, b.rationale_text, end);
    item.medically_necessary = RationaleConclusion(item.rationale);
    if (!item.medically_necessary) {
      letter->Warn(WarningCode::kNoConclusion, index);
    } else if (*item.medically_necessary != (item.outcome == Outcome::kOverturned)) {
      letter->Warn(WarningCode::kRationaleDisagrees, index);
    }
  }
  // Labels are matched with their exact capitals, as every letter prints them.
  if (!EachLabelCounts(labels, marks.size())) letter->Warn(WarningCode::kLabelCountMismatch);
}

}  // namespace imr::extract
