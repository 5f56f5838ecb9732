#include "imr/extract/extractor.h"

#include <cstring>

#include "imr/base/text_index.h"
#include "imr/extract/layout.h"

namespace imr::extract {

void ExtractLetter(std::string_view text, Letter* letter) {
  // One index per thread, reused: no allocation per letter once it has grown.
  thread_local TextIndex index;
  index.Build(text);
  ExtractLetter(index.Whole(text), letter);
}

void ExtractLetter(const IndexedPart& indexed, Letter* letter) {
  const std::string_view text = indexed.text;
  letter->Clear();
  letter->text = text;
  const LayoutSpec& layout = RecogniseLayout(indexed);
  letter->layout = &layout;
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) letter->Warn(WarningCode::kBinaryContent);
  if (layout.score == nullptr) {
    letter->Warn(WarningCode::kUnknownLayout);
    return;
  }
  if (layout.extract == nullptr) {
    letter->Warn(WarningCode::kUnsupportedLayout);
    return;
  }
  layout.extract(indexed, letter);
  if (letter->case_number.empty()) letter->Warn(WarningCode::kMissingCaseNumber);
}

}  // namespace imr::extract
