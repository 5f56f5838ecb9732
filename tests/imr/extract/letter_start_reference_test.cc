// LetterStartRule (extract/letter_start.h) against the rule in its plainest
// form, written out below with no index and no quick rejects, on random texts
// made of the layouts' markers, near misses, indents, byte order marks, page
// breaks, CR, line ends and random bytes, at random [begin, end) ranges.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/base/text_index.h"
#include "imr/extract/layout.h"
#include "imr/extract/letter_start.h"
#include "imr/split/boundary_rule.h"

namespace imr::extract {
namespace {

bool IsBreak(char c) { return c == '\n' || c == '\f'; }

// One byte at a time: spaces, tabs, CR, form feeds, vertical tabs and whole
// UTF-8 byte order marks.
std::size_t PlainSkipIndent(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    if (IsInlineSpace(text[pos])) {
      ++pos;
    } else if (text.substr(pos).starts_with("\xEF\xBB\xBF")) {
      pos += 3;
    } else {
      break;
    }
  }
  return pos;
}

class ReferenceRule {
 public:
  ReferenceRule() {
    for (const LayoutSpec* layout : Layouts()) {
      openings_.insert(openings_.end(), layout->openings.begin(), layout->openings.end());
      follow_ons_.insert(follow_ons_.end(), layout->follow_ons.begin(), layout->follow_ons.end());
      body_headings_.insert(body_headings_.end(), layout->body_headings.begin(), layout->body_headings.end());
    }
  }

  // Candidates are line starts and the bytes after form feeds, except form
  // feeds in the indent of a line start or of an earlier such byte, followed
  // from the line's start whatever `begin` is.
  std::vector<std::size_t> Starts(std::string_view text, std::size_t begin, std::size_t end) const {
    std::vector<std::size_t> starts;
    end = std::min(end, text.size());
    if (begin >= end) return starts;
    std::size_t line = begin;
    while (line > 0 && text[line - 1] != '\n') --line;
    while (line < end) {
      std::size_t line_end = line;
      while (line_end < end && text[line_end] != '\n') ++line_end;
      if (line >= begin) Check(text, line, &starts);
      std::size_t p = PlainSkipIndent(text, line);
      for (std::size_t q = line; q < line_end; ++q) {
        if (text[q] != '\f' || q < p) continue;
        if (q + 1 >= end) return starts;
        if (q + 1 >= begin) Check(text, q + 1, &starts);
        p = std::max(q + 1, PlainSkipIndent(text, q + 1));
      }
      line = line_end + 1;
    }
    return starts;
  }

  // What the texts exercised: follow-on lines that continued a header, and
  // walks back that stopped at split::kMaxLookback.
  mutable int continued_headers = 0, walks_to_the_limit = 0;

 private:
  static bool StartsWithAny(std::string_view text, std::size_t pos, const std::vector<std::string_view>& markers) {
    return std::any_of(markers.begin(), markers.end(),
                       [&](std::string_view m) { return text.substr(pos).starts_with(m); });
  }

  void Check(std::string_view text, std::size_t at, std::vector<std::size_t>* starts) const {
    const std::size_t first = PlainSkipIndent(text, at);
    if (StartsWithAny(text, first, openings_)) {
      starts->push_back(at);
    } else if (StartsWithAny(text, first, follow_ons_)) {
      if (ContinuesHeader(text, at > split::kMaxLookback ? at - split::kMaxLookback : 0, at)) {
        ++continued_headers;
      } else {
        starts->push_back(at);
      }
    }
  }

  // Lines (ended by '\n' or '\f') from `to` back to `from`, last first.
  bool ContinuesHeader(std::string_view text, std::size_t from, std::size_t to) const {
    for (std::size_t end = to; end > from;) {
      std::size_t line = end - 1;
      while (line > from && !IsBreak(text[line - 1])) --line;
      const std::size_t first = PlainSkipIndent(text, line);
      if (first < end) {
        if (StartsWithAny(text, first, openings_)) return line != from || from == 0 || IsBreak(text[from - 1]);
        if (StartsWithAny(text, first, body_headings_) || StartsWithAny(text, first, follow_ons_)) return false;
      }
      end = line;
    }
    if (from > 0) ++walks_to_the_limit;
    return false;
  }

  std::vector<std::string_view> openings_, follow_ons_, body_headings_;
};

// Texts of markers whole, cut short or with one byte changed, header-like
// lines, indents, byte order marks (whole and broken), breaks, random bytes
// and now and then a long filler, so that walks back over a header reach
// split::kMaxLookback.
class TextMaker {
 public:
  explicit TextMaker(std::uint32_t seed) : rng_(seed) {
    for (const LayoutSpec* layout : Layouts()) {
      for (const auto& list : {layout->openings, layout->follow_ons, layout->body_headings}) {
        markers_.insert(markers_.end(), list.begin(), list.end());
      }
    }
  }

  std::string Make() {
    std::string text;
    const int pieces = Uniform(0, 120);
    for (int i = 0; i < pieces; ++i) text += Piece();
    return text;
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

 private:
  std::string Piece() {
    static const std::string kLongIndent(54, ' ');  // layout mode's, before "Received:"
    static const std::string_view kIndents[] = {" ",  "    ", kLongIndent,    "\t",       "\r",  "\v",
                                                "\f", " \f ", "\xEF\xBB\xBF", "\xEF\xBB", "\xEF"};
    static constexpr std::string_view kBreaks[] = {"\n", "\n", "\n", "\r\n", "\f", "\f\n", "\n\f", "\n\n"};
    static constexpr std::string_view kLines[] = {
        "Date Assigned:  11/18/2016", "Decision Date:", "Received:", "The reviewer read the file.", "Case", ":"};
    switch (Uniform(0, 9)) {
      case 0:
      case 1:
      case 2: {
        std::string m(markers_[static_cast<std::size_t>(Uniform(0, static_cast<int>(markers_.size()) - 1))]);
        const int how = Uniform(0, 5);
        if (how == 0) m.resize(static_cast<std::size_t>(Uniform(0, static_cast<int>(m.size()))));
        if (how == 1) m[static_cast<std::size_t>(Uniform(0, static_cast<int>(m.size()) - 1))] ^= 0x20;
        return m;
      }
      case 3:
      case 4:
        return std::string(kIndents[Uniform(0, static_cast<int>(std::size(kIndents)) - 1)]);
      case 5:
      case 6:
        return std::string(kBreaks[Uniform(0, static_cast<int>(std::size(kBreaks)) - 1)]);
      case 7:
        return std::string(kLines[Uniform(0, static_cast<int>(std::size(kLines)) - 1)]);
      case 8: {
        std::string bytes(static_cast<std::size_t>(Uniform(1, 4)), ' ');
        for (char& c : bytes) c = static_cast<char>(Uniform(0, 255));
        return bytes;
      }
      default: {
        if (Uniform(0, 2) != 0) return "text ";
        std::string filler(static_cast<std::size_t>(Uniform(500, 3000)), 'x');
        for (std::size_t i = 70; i < filler.size(); i += 71) filler[i] = '\n';
        return filler;
      }
    }
  }

  std::mt19937 rng_;
  std::vector<std::string_view> markers_;
};

std::size_t PlainLineBegin(std::string_view text, std::size_t pos) {
  while (pos > 0 && text[pos - 1] != '\n') --pos;
  return pos;
}

TEST(LetterStartRule, AgreesWithThePlainRuleOnRandomTextsAndRanges) {
  const LetterStartRule rule;
  const ReferenceRule reference;
  TextMaker maker(20261202);
  TextIndex index;
  std::size_t total_starts = 0;
  for (int round = 0; round < 10000; ++round) {
    // In a buffer of exactly its size, so that a sanitized build catches a
    // read past its end (a std::string has a terminator there).
    const std::string made = maker.Make();
    const auto buffer = std::make_unique_for_overwrite<char[]>(made.size());
    std::copy(made.begin(), made.end(), buffer.get());
    const std::string_view text(buffer.get(), made.size());
    for (int r = 0; r < 4; ++r) {
      // The whole text, or a random range that may start mid-line, pass the
      // end or be empty.
      const int n = static_cast<int>(text.size());
      std::size_t begin = 0, end = text.size();
      if (r > 0) {
        begin = static_cast<std::size_t>(maker.Uniform(0, n));
        end = static_cast<std::size_t>(maker.Uniform(0, n + 3));
      }
      const std::vector<std::size_t> expected = reference.Starts(text, begin, end);
      total_starts += expected.size();
      const std::size_t clamped = std::min(end, text.size());
      const std::size_t origin = PlainLineBegin(text, std::min(begin, clamped));
      const std::string_view lines = text.substr(origin, clamped - std::min(origin, clamped));
      // The index as the splitter builds it (of the range's lines alone,
      // positions from 0), and as a part of the whole text's index.
      std::vector<std::size_t> starts;
      index.Build(lines);
      rule.FindStarts(text, begin, end, index.Whole(lines), &starts);
      ASSERT_EQ(starts, expected) << "round " << round << " [" << begin << ", " << end << ") of "
                                  << ::testing::PrintToString(text);
      starts.clear();
      index.Build(text);
      rule.FindStarts(text, begin, end, index.Whole(text).Sub(origin, clamped), &starts);
      ASSERT_EQ(starts, expected) << "round " << round << " (part of the whole index)";
      // An index that starts lines before the range's does too.
      starts.clear();
      rule.FindStarts(text, begin, end, index.Whole(text).Sub(0, clamped), &starts);
      ASSERT_EQ(starts, expected) << "round " << round << " (from the text's start)";
    }
  }
  // The texts exercise the rule.
  EXPECT_GT(total_starts, 10000u);
  EXPECT_GT(reference.continued_headers, 1000);
  EXPECT_GT(reference.walks_to_the_limit, 100);
}

TEST(SkipLineIndent, AgreesWithTheByteLoop) {
  TextMaker maker(7);
  for (int round = 0; round < 2000; ++round) {
    const std::string text = maker.Make();
    for (std::size_t pos = 0; pos <= text.size(); pos += static_cast<std::size_t>(maker.Uniform(1, 9))) {
      ASSERT_EQ(SkipLineIndent(text, pos), PlainSkipIndent(text, pos))
          << ::testing::PrintToString(text) << " at " << pos;
    }
  }
}

}  // namespace
}  // namespace imr::extract
