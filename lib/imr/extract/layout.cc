#include "imr/extract/layout.h"

#include <array>

namespace imr::extract {
namespace {

const LayoutSpec kUnknown{"unknown", "no known template", {}, {}, {}, nullptr, nullptr};

}  // namespace

std::span<const LayoutSpec* const> Layouts() {
  static constexpr std::array<const LayoutSpec*, 5> kAll = {
      &kDetermination2016, &kDetermination2014, &kMaximusFederalServices, &kMedicalProfessionalReview,
      &kNotice2013};
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
