#include "imr/extract/letter_start.h"

#include <string.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::extract {

std::size_t SkipLineIndent(std::string_view text, std::size_t pos) {
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
    for (std::string_view m : *list) first_byte_[static_cast<unsigned char>(m[0])] = true;
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

void LetterStartRule::FindStarts(std::string_view text, std::size_t begin, std::size_t end,
                                 std::vector<std::size_t>* starts) const {
  end = std::min(end, text.size());
  if (begin >= end) return;
  const char* base = text.data();
  const auto check = [&](std::size_t at) {
    const std::size_t first = SkipLineIndent(text, at);
    if (first >= text.size() || !first_byte_[static_cast<unsigned char>(text[first])]) return;
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
  // line start.
  //
  // Form feeds are rare (one per page), so the next one is searched for once
  // and kept until a line reaches it, instead of once per line: most lines
  // cost one memchr for their end and one table lookup.
  const auto next_ff = [&](std::size_t from) -> std::size_t {
    const void* ff = from < text.size() ? std::memchr(base + from, '\f', text.size() - from) : nullptr;
    return ff == nullptr ? text.size() : static_cast<std::size_t>(static_cast<const char*>(ff) - base);
  };
  const std::size_t first_line = LineBegin(text, begin);
  std::size_t ff = next_ff(first_line);
  for (std::size_t line = first_line; line < end;) {
    const void* nl = std::memchr(base + line, '\n', text.size() - line);
    const std::size_t line_end = nl == nullptr ? text.size() : static_cast<const char*>(nl) - base;
    if (line >= begin) check(line);
    if (ff < line_end) {
      std::size_t p = std::max(SkipLineIndent(text, line), begin > 0 ? begin - 1 : 0);
      while (p < line_end) {
        if (ff < p) ff = next_ff(p);
        if (ff >= line_end) break;
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
