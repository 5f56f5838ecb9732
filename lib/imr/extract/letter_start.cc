#include "imr/extract/letter_start.h"

#include <algorithm>
#include <cstring>

#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::extract {

std::size_t SkipLineIndent(std::string_view text, std::size_t pos) {
  for (;;) {
    if (pos < text.size() && IsInlineSpace(text[pos])) {
      ++pos;
    } else if (text.substr(pos, 3) == "\xEF\xBB\xBF") {
      pos += 3;
    } else {
      return pos;
    }
  }
}

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
  // The last opening line in the window...
  const std::string_view window = text.substr(from, to - from);
  std::size_t last = std::string_view::npos;
  for (std::string_view m : openings_) {
    for (std::size_t at = window.rfind(m); at != std::string_view::npos;
         at = at == 0 ? std::string_view::npos : window.rfind(m, at - 1)) {
      std::size_t line = from + at;  // back to a line start or a form feed
      while (line > 0 && text[line - 1] != '\n' && text[line - 1] != '\f') --line;
      if (SkipLineIndent(text, line) != from + at) continue;
      if (last == std::string_view::npos || from + at > last) last = from + at;
      break;
    }
  }
  if (last == std::string_view::npos) return false;
  // ...followed by header lines only.
  const std::string_view between = text.substr(last, to - last);
  for (const auto* list : {&body_headings_, &follow_ons_}) {
    for (std::string_view h : *list) {
      if (between.find(h) != std::string_view::npos) return false;
    }
  }
  return true;
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
  for (std::size_t line = LineBegin(text, begin); line < end;) {
    const void* nl = std::memchr(base + line, '\n', text.size() - line);
    const std::size_t line_end = nl == nullptr ? text.size() : static_cast<const char*>(nl) - base;
    if (line >= begin) check(line);
    std::size_t p = std::max(SkipLineIndent(text, line), begin > 0 ? begin - 1 : 0);
    while (p < line_end) {
      const void* ff = std::memchr(base + p, '\f', line_end - p);
      if (ff == nullptr) break;
      const std::size_t after = static_cast<const char*>(ff) - base + 1;
      if (after >= end) break;
      if (after >= begin) check(after);
      p = std::max(after, SkipLineIndent(text, after));
    }
    line = line_end + 1;
  }
}

}  // namespace imr::extract
