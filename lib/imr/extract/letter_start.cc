#include "imr/extract/letter_start.h"

#include <string.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <span>

#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::extract {

namespace {

// The bytes text[pos, pos + 4) as a word, zeros past the end of `text`.
std::uint32_t Word4(std::string_view text, std::size_t pos) {
  std::uint32_t w = 0;
  if (pos + 4 <= text.size()) {
    std::memcpy(&w, text.data() + pos, 4);
  } else {
    for (std::size_t i = pos; i < text.size(); ++i) {
      w |= std::uint32_t{static_cast<unsigned char>(text[i])} << (8 * (i - pos));
    }
  }
  return w;
}

std::uint64_t Word8(std::string_view text, std::size_t pos) {
  std::uint64_t w;
  std::memcpy(&w, text.data() + pos, 8);
  return w;
}

bool IsLineBreak(char c) { return c == '\n' || c == '\f'; }

// A byte SkipLineIndent skips, or the first of a byte order mark.
bool IsIndentByte(char c) { return IsInlineSpace(c) || c == '\xEF'; }

// The first index in [from, list.size()) whose entry is at least `value`
// (the list is sorted): galloping from `from`, so a near one costs a few
// steps however long the list.
std::size_t LowerBound(std::span<const std::uint32_t> list, std::size_t from, std::uint32_t value) {
  std::size_t lo = from, hi = from;
  for (std::size_t step = 1; hi < list.size() && list[hi] < value; step *= 2) {
    lo = hi + 1;
    hi += step;
  }
  hi = std::min(hi, list.size());
  return static_cast<std::size_t>(std::lower_bound(list.begin() + lo, list.begin() + hi, value) - list.begin());
}

// SkipLineIndent, with the common case (no indent) inline.
std::size_t FirstNonBlank(std::string_view text, std::size_t pos) {
  return pos < text.size() && IsIndentByte(text[pos]) ? SkipLineIndent(text, pos) : pos;
}

// The two bytes at `pos` (which has a byte after it) as an index into a
// table of byte pairs.
std::uint16_t PairAt(const char* text, std::size_t pos) {
  std::uint16_t pair;
  std::memcpy(&pair, text + pos, 2);
  return pair;
}

// The lines before a position, last first: a cursor over the index's line
// ends and page breaks below it, and memrchr before the index.
class LinesBackward {
 public:
  // The index's line ends and page breaks below the walk's start, at text
  // offsets `shift` above their positions; the index covers the text from
  // `origin` on.
  LinesBackward(std::string_view text, std::span<const std::uint32_t> newlines,
                std::span<const std::uint32_t> form_feeds, std::size_t shift, std::size_t origin)
      : text_(text), newlines_(newlines), form_feeds_(form_feeds), shift_(shift), origin_(origin) {}

  // The start of the line that holds end - 1, or `from` when that line starts
  // before it: one past the last '\n' or '\f' in [from, end - 1). Called with
  // `end` the line it returned last (or the position the walk starts at).
  std::size_t LineStart(std::size_t from, std::size_t end) {
    const std::size_t after_nl = newlines_.empty() ? 0 : shift_ + newlines_.back() + 1;
    const std::size_t after_ff = form_feeds_.empty() ? 0 : shift_ + form_feeds_.back() + 1;
    if (after_nl > from && after_nl > after_ff) {
      newlines_ = newlines_.first(newlines_.size() - 1);
      return after_nl;
    }
    if (after_ff > from) {
      form_feeds_ = form_feeds_.first(form_feeds_.size() - 1);
      return after_ff;
    }
    if (from >= origin_) return from;
    const std::size_t last = std::min(end - 1, origin_);  // the line ends in [from, last) are not indexed
    const char* const data = text_.data();
    std::size_t line = from;
    if (const void* nl = last > from ? memrchr(data + from, '\n', last - from) : nullptr) {
      line = static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1;
    }
    if (const void* ff = last > line ? memrchr(data + line, '\f', last - line) : nullptr) {
      line = static_cast<std::size_t>(static_cast<const char*>(ff) - data) + 1;
    }
    return line;
  }

 private:
  std::string_view text_;
  std::span<const std::uint32_t> newlines_, form_feeds_;
  std::size_t shift_, origin_;
};

}  // namespace

std::size_t SkipLineIndent(std::string_view text, std::size_t pos) {
  // Indents are runs of spaces (layout mode indents every line by dozens):
  // those first, eight at a time.
  constexpr std::uint64_t kEightSpaces = 0x2020202020202020;
  while (pos + 8 <= text.size() && Word8(text, pos) == kEightSpaces) pos += 8;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  while (pos < text.size()) {
    const char c = text[pos];
    if (IsInlineSpace(c)) {
      ++pos;
    } else if (c == '\xEF' && text.substr(pos, 3) == "\xEF\xBB\xBF") {
      pos += 3;
    } else {
      break;
    }
  }
  return pos;
}

struct LetterStartRule::Scan {
  std::string_view text;
  // The index: its line ends and page breaks, at text offsets `shift` above
  // their positions; it covers the text from `origin` on.
  std::span<const std::uint32_t> newlines, form_feeds;
  std::size_t shift, origin;
  std::vector<std::size_t>* starts;
};

LetterStartRule::LetterStartRule() {
  // Each list sorted and without repeats, then stably grouped by first byte:
  // within a byte, openings stay before follow-ons before body headings, so
  // the first marker that matches has the kind the rule gives precedence.
  const auto add = [&](Kind kind, std::span<const std::string_view> LayoutSpec::*list) {
    std::vector<std::string_view> texts;
    for (const LayoutSpec* layout : Layouts()) {
      texts.insert(texts.end(), (layout->*list).begin(), (layout->*list).end());
    }
    std::sort(texts.begin(), texts.end());
    texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
    for (std::string_view m : texts) {
      if (m.empty()) std::abort();  // a layout's marker that would match every line
      Marker marker{m, kind};
      // Up to four bytes at the head and at the tail (the same ones in a
      // marker shorter than eight bytes).
      const std::size_t n = std::min<std::size_t>(4, m.size());
      marker.tail_at = static_cast<std::uint32_t>(m.size() - n);
      std::memset(&marker.mask, 0xFF, n);
      marker.head = Word4(m, 0);
      marker.tail = Word4(m, marker.tail_at);
      markers_.push_back(marker);
    }
  };
  add(Kind::kOpening, &LayoutSpec::openings);
  add(Kind::kFollowOn, &LayoutSpec::follow_ons);
  add(Kind::kBodyHeading, &LayoutSpec::body_headings);
  std::stable_sort(markers_.begin(), markers_.end(), [](const Marker& a, const Marker& b) {
    return static_cast<unsigned char>(a.text[0]) < static_cast<unsigned char>(b.text[0]);
  });
  for (std::size_t i = 0; i < markers_.size(); ++i) {
    Bucket& bucket = by_first_byte_[static_cast<unsigned char>(markers_[i].text[0])];
    if (bucket.begin == bucket.end) bucket.begin = bucket.openers_end = static_cast<std::uint16_t>(i);
    bucket.end = static_cast<std::uint16_t>(i + 1);
    if (markers_[i].kind != Kind::kBodyHeading) bucket.openers_end = bucket.end;
  }
  // The first byte, and the first two, of a line whose first non-blank byte
  // may begin a marker: the marker's first byte (and second, or anything
  // after a one-byte marker); or an indent byte and what may follow it in an
  // indent or begin a marker; or the start of a byte order mark.
  const auto mark = [&](std::uint8_t flag, bool body_headings) {
    for (const Marker& m : markers_) {
      if (m.kind == Kind::kBodyHeading && !body_headings) continue;
      const auto c0 = static_cast<unsigned char>(m.text[0]);
      line_byte_[c0] |= flag;
      for (int c1 = 0; c1 < 256; ++c1) {
        if (m.text.size() == 1 || c1 == static_cast<unsigned char>(m.text[1])) line_pair_[c0 | (c1 << 8)] |= flag;
      }
    }
    for (int c0 = 0; c0 < 256; ++c0) {
      if (IsIndentByte(static_cast<char>(c0))) line_byte_[c0] |= flag;
    }
    for (int c0 = 0; c0 < 256; ++c0) {
      if (!IsInlineSpace(static_cast<char>(c0))) continue;
      for (int c1 = 0; c1 < 256; ++c1) {
        if (line_byte_[c1] & flag) line_pair_[c0 | (c1 << 8)] |= flag;
      }
    }
    line_pair_[0xEF | (0xBB << 8)] |= flag;
  };
  mark(kMayOpen, /*body_headings=*/false);
  mark(kMayBeginMarker, /*body_headings=*/true);
}

inline LetterStartRule::Kind LetterStartRule::MarkerAt(std::string_view text, std::size_t first,
                                                       bool with_body_headings) const {
  if (first >= text.size()) return Kind::kNone;
  const Bucket& bucket = by_first_byte_[static_cast<unsigned char>(text[first])];
  const std::size_t end = with_body_headings ? bucket.end : bucket.openers_end;
  return bucket.begin == end ? Kind::kNone : MatchBucket(text, first, bucket.begin, end);
}

LetterStartRule::Kind LetterStartRule::MatchBucket(std::string_view text, std::size_t first, std::size_t begin,
                                                   std::size_t end) const {
  // Most lines that begin with a marker's first byte differ from it in the
  // first four bytes or the last four ("MAXIMUS guideline" from "MAXIMUS
  // FEDERAL SERVICES, INC."): two word compares before the full compare.
  const std::size_t rest = text.size() - first;
  const std::uint32_t head = Word4(text, first);
  for (std::size_t i = begin; i < end; ++i) {
    const Marker& m = markers_[i];
    if ((head & m.mask) == m.head && rest >= m.text.size() && (Word4(text, first + m.tail_at) & m.mask) == m.tail &&
        std::memcmp(text.data() + first, m.text.data(), m.text.size()) == 0) {
      return m.kind;
    }
  }
  return Kind::kNone;
}

bool LetterStartRule::ContinuesHeader(const Scan& scan, std::size_t to, std::size_t newlines_before,
                                      std::size_t form_feeds_before) const {
  // Walk back line by line (form feeds end lines too): an opening line means
  // `to` continues that letter's header; a body heading or another follow-on
  // line first means the letter above is complete.
  const std::string_view text = scan.text;
  const std::size_t from = to > split::kMaxLookback ? to - split::kMaxLookback : 0;
  LinesBackward lines(text, scan.newlines.first(newlines_before), scan.form_feeds.first(form_feeds_before), scan.shift,
                      scan.origin);
  for (std::size_t end = to; end > from;) {
    const std::size_t line = lines.LineStart(from, end);
    // Most lines begin with no marker, and their first two bytes say so
    // (line + 1 <= to, a position in the text).
    if (!(line_pair_[PairAt(text.data(), line)] & kMayBeginMarker)) {
      end = line;
      continue;
    }
    const std::size_t first = FirstNonBlank(text, line);
    if (first < end) {
      switch (MarkerAt(text, first, /*with_body_headings=*/true)) {
        case Kind::kOpening:
          return line != from || from == 0 || IsLineBreak(text[from - 1]);
        case Kind::kFollowOn:
        case Kind::kBodyHeading:
          return false;
        case Kind::kNone:
          break;
      }
    }
    end = line;
  }
  return false;
}

inline void LetterStartRule::Check(const Scan& scan, std::size_t at, std::size_t newlines_before,
                                   std::size_t form_feeds_before) const {
  switch (MarkerAt(scan.text, FirstNonBlank(scan.text, at), /*with_body_headings=*/false)) {
    case Kind::kOpening:
      scan.starts->push_back(at);
      break;
    case Kind::kFollowOn:
      if (!ContinuesHeader(scan, at, newlines_before, form_feeds_before)) scan.starts->push_back(at);
      break;
    default:
      break;
  }
}

void LetterStartRule::FindStarts(std::string_view text, std::size_t begin, std::size_t end, const IndexedPart& lines,
                                 std::vector<std::size_t>* starts) const {
  end = std::min(end, text.size());
  if (begin >= end) return;
  // Candidates are line starts and, because a page break can end a letter
  // mid-line ("...necessary.\fCase Number:"), the byte after a form feed that
  // follows text on its line. Form feeds in a line's indent belong to the
  // line start. Line ends and form feeds come from the index: a line costs a
  // table lookup of its first byte, which rejects most lines, not a search
  // for its end; and the lines between two form feeds need no look at the
  // form feeds.
  const std::size_t origin = static_cast<std::size_t>(lines.text.data() - text.data());
  const std::size_t shift = origin - lines.base;  // text offset = shift + index position
  const Scan scan{text, lines.newlines, lines.form_feeds, shift, origin, starts};
  const std::span<const std::uint32_t> newlines = lines.newlines, form_feeds = lines.form_feeds;
  const std::size_t lines_count = newlines.size() + 1;  // line j ends at newline j (the last at `end`)
  const auto line_start = [&](std::size_t j) { return j == 0 ? origin : shift + newlines[j - 1] + 1; };
  // Lines that end before begin - 1 hold no candidate (none when the index
  // starts at begin's line, as the splitter's does).
  std::size_t j = begin > origin + 1 ? LowerBound(newlines, 0, static_cast<std::uint32_t>(begin - 1 - shift)) : 0;
  std::size_t f = LowerBound(form_feeds, 0, static_cast<std::uint32_t>(line_start(j) - shift));  // the next form feed
  const std::uint8_t* const line_byte = line_byte_.data();
  const std::uint8_t* const line_pair = line_pair_.data();
  for (;;) {
    // Line j in full: its start, and the bytes after its form feeds.
    const std::size_t line = line_start(j);
    if (line >= end) return;
    // The range's last line may end past `end`; only its form feeds before
    // `end` matter, and the index holds no others.
    const std::size_t line_end = j < newlines.size() ? shift + newlines[j] : end;
    if (line >= begin && (line_byte[static_cast<unsigned char>(text[line])] & kMayOpen)) {
      Check(scan, line, j > 0 ? j - 1 : 0, f);
    }
    if (f < form_feeds.size() && shift + form_feeds[f] < line_end) {
      // The chain of form feeds is followed from the line's start, also when
      // the range begins inside the line: which byte after a form feed is a
      // candidate must not depend on where the corpus was cut.
      std::size_t p = FirstNonBlank(text, line);
      for (; f < form_feeds.size() && shift + form_feeds[f] < line_end; ++f) {
        const std::size_t ff = shift + form_feeds[f];
        if (ff < p) continue;
        const std::size_t after = ff + 1;
        if (after >= end) return;
        if (after >= begin && (line_byte[static_cast<unsigned char>(text[after])] & kMayOpen)) {
          Check(scan, after, j, f);
        }
        p = std::max(after, FirstNonBlank(text, after));
      }
    }
    if (++j == lines_count) return;
    // Lines j .. next - 1 hold no form feed: only their starts are
    // candidates, all at or after `begin` and before `end`. Each line but
    // the last two (left to the full visits) has a byte after its first (its
    // line end, or the next line's first byte): its first two bytes go
    // through one lookup. Four lines a step, one branch for the four, as most
    // lines fail the lookup.
    const std::size_t next =
        std::min(f < form_feeds.size() ? LowerBound(newlines, j, form_feeds[f]) : newlines.size(), newlines.size() - 1);
    const char* const after_newline = text.data() + shift + 1;
    const auto flags = [&](std::size_t line) { return line_pair[PairAt(after_newline, newlines[line - 1])]; };
    const auto check = [&](std::size_t line) {
      if (flags(line) & kMayOpen) Check(scan, shift + newlines[line - 1] + 1, line - 1, f);
    };
    for (; j + 4 <= next; j += 4) {
      if (!((flags(j) | flags(j + 1) | flags(j + 2) | flags(j + 3)) & kMayOpen)) continue;
      for (std::size_t i = j; i < j + 4; ++i) check(i);
    }
    for (; j < next; ++j) check(j);
  }
}

}  // namespace imr::extract
