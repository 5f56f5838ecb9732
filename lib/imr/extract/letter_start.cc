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
  }
  for (auto* list : {&openings_, &follow_ons_}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
    for (std::string_view m : *list) first_byte_[static_cast<unsigned char>(m[0])] = true;
  }
}

bool LetterStartRule::StartsWithAny(std::string_view text, std::size_t pos,
                                    const std::vector<std::string_view>& markers) const {
  const std::string_view rest = text.substr(pos);
  return std::any_of(markers.begin(), markers.end(), [&](std::string_view m) { return rest.starts_with(m); });
}

bool LetterStartRule::OpeningWithin(std::string_view text, std::size_t from, std::size_t to) const {
  const std::string_view window = text.substr(from, to - from);
  for (std::string_view m : openings_) {
    for (std::size_t at = window.rfind(m); at != std::string_view::npos; at = at == 0 ? std::string_view::npos : window.rfind(m, at - 1)) {
      const std::size_t abs = from + at;
      if (SkipLineIndent(text, LineBegin(text, abs)) == abs) return true;
    }
  }
  return false;
}

void LetterStartRule::FindStarts(std::string_view text, std::size_t begin, std::size_t end,
                                 std::vector<std::size_t>* starts) const {
  end = std::min(end, text.size());
  std::size_t line = begin;
  if (line > 0 && text[line - 1] != '\n') {
    const void* nl = std::memchr(text.data() + line, '\n', text.size() - line);
    if (nl == nullptr) return;
    line = static_cast<const char*>(nl) - text.data() + 1;
  }
  while (line < end) {
    const std::size_t first = SkipLineIndent(text, line);
    if (first < text.size() && first_byte_[static_cast<unsigned char>(text[first])]) {
      if (StartsWithAny(text, first, openings_)) {
        starts->push_back(line);
      } else if (StartsWithAny(text, first, follow_ons_)) {
        const std::size_t from = line > split::kMaxLookback ? line - split::kMaxLookback : 0;
        if (!OpeningWithin(text, from, line)) starts->push_back(line);
      }
    }
    const void* nl = std::memchr(text.data() + first, '\n', text.size() - std::min(first, text.size()));
    if (nl == nullptr) break;
    line = static_cast<const char*>(nl) - text.data() + 1;
  }
}

}  // namespace imr::extract
