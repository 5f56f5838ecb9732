#include "imr/extract/layout.h"

namespace imr::extract {

namespace {

const LayoutSpec kUnknown{"unknown", "no known template", {}, {}, {}, nullptr, nullptr};

}  // namespace

std::span<const LayoutSpec* const> Layouts() {
  static constexpr const LayoutSpec* kAll[] = {
#define IMR_LAYOUT(spec) &spec,
#include "imr/extract/layouts/registry.inc"
#undef IMR_LAYOUT
  };
  return kAll;
}

const LayoutSpec& UnknownLayout() { return kUnknown; }

const LayoutSpec& RecogniseLayout(const IndexedPart& text) {
  const LayoutSpec* best = &kUnknown;
  int best_score = 0;
  for (const LayoutSpec* layout : Layouts()) {
    const int score = layout->score(text);
    if (score > best_score) {
      best = layout;
      best_score = score;
    }
  }
  return *best;
}

}  // namespace imr::extract
