#include "imr/extract/letter_start.h"

#include <string.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::extract {

std::size_t SkipLineIndent(std::string_view text, std::size_t pos) {
  // Indents are runs of spaces (layout mode indents every line): those first,
  // in a tight loop.
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

namespace {

// Whether a line starting with byte `c` can begin any marker (opening,
// follow-on or body heading) of any layout: the walk back over a header
// skips every other line with one lookup.
bool MayBeginMarker(char c) {
  static const std::array<bool, 256> kTable = [] {
    std::array<bool, 256> t{};
    for (const LayoutSpec* layout : Layouts()) {
      for (const auto& list : {layout->openings, layout->follow_ons, layout->body_headings}) {
        for (std::string_view m : list) t[static_cast<unsigned char>(m[0])] = true;
      }
    }
    return t;
  }();
  return kTable[static_cast<unsigned char>(c)];
}

std::uint32_t Word4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

}  // namespace

LetterStartRule::LetterStartRule() {
  for (const LayoutSpec* layout : Layouts()) {
    for (std::string_view m : layout->openings) openings_.push_back(m);
    for (std::string_view m : layout->follow_ons) follow_ons_.push_back(m);
    for (std::string_view m : layout->body_headings) body_headings_.push_back(m);
  }
  for (auto* list : {&openings_, &follow_ons_, &body_headings_}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  for (auto* list : {&openings_, &follow_ons_}) {
    for (std::string_view m : *list) {
      first_byte_[static_cast<unsigned char>(m[0])] = true;
      if (m.size() < 4) std::abort();  // a layout's marker too short for the prefix filter
      prefixes_.push_back(Word4(m.data()));
    }
  }
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    may_open_line_[b] = first_byte_[b] || IsInlineSpace(c) || c == '\xEF';  // an indent, or a byte order mark
  }
}

bool LetterStartRule::StartsWithAny(std::string_view text, std::size_t pos,
                                    const std::vector<std::string_view>& markers) const {
  const std::string_view rest = text.substr(pos);
  return std::any_of(markers.begin(), markers.end(), [&](std::string_view m) { return rest.starts_with(m); });
}

bool LetterStartRule::ContinuesHeader(std::string_view text, std::size_t from, std::size_t to) const {
  // Walk back line by line (form feeds end lines too): an opening line means
  // `to` continues that letter's header; a body heading or another follow-on
  // line first means the letter above is complete.
  std::size_t end = to;
  while (end > from) {
    // The line holding end - 1 starts after the last '\n' or '\f' before
    // it (or at `from`): two backward memchr-class scans, not a byte loop.
    std::size_t line = from;
    if (const void* nl = end - 1 > from ? memrchr(text.data() + from, '\n', end - 1 - from) : nullptr) {
      line = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
    }
    if (const void* ff = end - 1 > line ? memrchr(text.data() + line, '\f', end - 1 - line) : nullptr) {
      line = static_cast<std::size_t>(static_cast<const char*>(ff) - text.data()) + 1;
    }
    const std::size_t first = SkipLineIndent(text, line);
    if (first < end && MayBeginMarker(text[first])) {
      if (StartsWithAny(text, first, openings_)) return line != from || from == 0 || text[from - 1] == '\n' ||
                                                        text[from - 1] == '\f';
      if (StartsWithAny(text, first, body_headings_) || StartsWithAny(text, first, follow_ons_)) return false;
    }
    end = line;
  }
  return false;
}

void LetterStartRule::FindStarts(std::string_view text, std::size_t begin, std::size_t end, const IndexedPart& lines,
                                 std::vector<std::size_t>* starts) const {
  end = std::min(end, text.size());
  if (begin >= end) return;
  const auto check = [&](std::size_t at) {
    // Most lines start with a byte no marker starts with and no indent:
    // rejected with one lookup, before the indent is skipped.
    if (!may_open_line_[static_cast<unsigned char>(text[at])]) return;
    const std::size_t first = SkipLineIndent(text, at);
    if (first + 4 > text.size() || !first_byte_[static_cast<unsigned char>(text[first])]) return;
    if (std::find(prefixes_.begin(), prefixes_.end(), Word4(text.data() + first)) == prefixes_.end()) return;
    if (StartsWithAny(text, first, openings_)) {
      starts->push_back(at);
    } else if (StartsWithAny(text, first, follow_ons_)) {
      const std::size_t from = at > split::kMaxLookback ? at - split::kMaxLookback : 0;
      if (!ContinuesHeader(text, from, at)) starts->push_back(at);
    }
  };
  // Candidates are line starts and, because a page break can end a letter
  // mid-line ("...necessary.\fCase Number:"), the byte after a form feed that
  // follows text on its line. Form feeds in a line's indent belong to the
  // line start. Line ends and form feeds come from the index: a line costs a
  // table lookup, not a search for its end.
  const std::size_t origin = static_cast<std::size_t>(lines.text.data() - text.data());
  const std::span<const std::uint32_t> newlines = lines.newlines, form_feeds = lines.form_feeds;
  std::size_t f = 0;  // the next form feed not yet passed
  std::size_t line = origin;
  for (std::size_t k = 0; line < end; ++k) {
    // The range's last line may end past `end`; only its form feeds before
    // `end` matter, and the index holds no others.
    const std::size_t line_end = k < newlines.size() ? origin + newlines[k] : end;
    if (line >= begin) check(line);
    if (f < form_feeds.size() && origin + form_feeds[f] < line_end) {
      std::size_t p = std::max(SkipLineIndent(text, line), begin > 0 ? begin - 1 : 0);
      for (; f < form_feeds.size() && origin + form_feeds[f] < line_end; ++f) {
        const std::size_t ff = origin + form_feeds[f];
        if (ff < p) continue;
        const std::size_t after = ff + 1;
        if (after >= end) break;
        if (after >= begin) check(after);
        p = std::max(after, SkipLineIndent(text, after));
      }
    }
    line = line_end + 1;
  }
}

}  // namespace imr::extract
