// Layouts we know exist from their descriptions (../shared/FORMATS.md) but
// hold no text of. They are recognised, so their letters are split correctly
// and reported as `unsupported_layout` with their position, instead of being
// parsed by guesswork. Giving one an `extract` function is all it takes to
// support it.
#include <array>
#include <string_view>

#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::extract {
namespace {

// 3 when the letter opens with `opening`, plus 1 per distinctive heading seen;
// enough to beat the determination layouts, which score at most 2.
int ScoreByMarkers(const IndexedPart& letter, std::string_view opening, std::span<const std::string_view> headings) {
  const std::string_view text = letter.text;
  // Its first byte first: it runs on every letter, and most open otherwise.
  const std::string_view opened = TrimLeftSpace(text);
  if (opened.empty() || opened[0] != opening[0] || !opened.starts_with(opening)) return 0;
  int score = 3;
  for (std::string_view h : headings) score += Find(text, h) != std::string_view::npos;
  return score;
}

constexpr std::array<std::string_view, 1> kMaximusOpenings = {"MAXIMUS FEDERAL SERVICES, INC."};
constexpr std::array<std::string_view, 2> kMaximusHeadings = {"DOCUMENTS REVIEWED", "IMR DECISION(S) AND RATIONALE(S)"};
constexpr std::array<std::string_view, 1> kReviewOpenings = {"MEDICAL PROFESSIONAL REVIEW"};
constexpr std::array<std::string_view, 2> kReviewHeadings = {"ISSUE AT DISPUTE:", "CASE SUMMARY:"};
constexpr std::array<std::string_view, 1> kNoticeOpenings = {"Notice of Independent Medical Review Determination"};
constexpr std::array<std::string_view, 1> kNoticeHeadings = {"medically necessary and appropriate"};

}  // namespace

const LayoutSpec kMaximusFederalServices{
    "maximus_federal_services",
    "older MAXIMUS letter with DOCUMENTS REVIEWED (not parsed yet)",
    kMaximusOpenings,
    {},
    {},
    [](const IndexedPart& t) { return ScoreByMarkers(t, kMaximusOpenings[0], kMaximusHeadings); },
    nullptr};

const LayoutSpec kMedicalProfessionalReview{
    "medical_professional_review",
    "MEDICAL PROFESSIONAL REVIEW letter with ISSUE AT DISPUTE (not parsed yet)",
    kReviewOpenings,
    {},
    {},
    [](const IndexedPart& t) { return ScoreByMarkers(t, kReviewOpenings[0], kReviewHeadings); },
    nullptr};

const LayoutSpec kNotice2013{
    "notice_2013",
    "2013 Notice of Independent Medical Review Determination (not parsed yet)",
    kNoticeOpenings,
    {},
    {},
    [](const IndexedPart& t) { return ScoreByMarkers(t, kNoticeOpenings[0], kNoticeHeadings); },
    nullptr};

}  // namespace imr::extract
