#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/base/text_index.h"
#include "imr/extract/fields.h"

namespace imr::extract {
namespace {

// Snippets are string literals, so the views in the Letter stay valid.
Letter Reviewer(std::string_view credentials) {
  Letter letter;
  TextIndex index;
  index.Build(credentials);
  ExtractReviewer(index.Whole(credentials), &letter);
  return letter;
}

// The values as the writer prints them: whitespace runs collapsed.
std::vector<std::string> Printed(const std::vector<std::string_view>& values) {
  std::vector<std::string> out;
  for (std::string_view v : values) out.push_back(Normalized(v));
  return out;
}

using Strings = std::vector<std::string>;

TEST(ExtractReviewer, ReadsLabelledLinesWithCommasWithoutSpaces) {
  const Letter l = Reviewer(
      "\nThe Expert Reviewer has the following credentials:\n"
      "State(s) of Licensure: Oregon,New Mexico,Vermont\n"
      "Certification(s)/Specialty: Internal Medicine, Geriatric Medicine\n\n    ");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Oregon", "New Mexico", "Vermont"}));
  EXPECT_EQ(Printed(l.specialties), (Strings{"Internal Medicine", "Geriatric Medicine"}));
  EXPECT_TRUE(l.warnings.empty());
}

TEST(ExtractReviewer, ReadsWrappedSpecialtyLine) {
  const Letter l = Reviewer(
      "State(s) of Licensure: Idaho, Nevada\n"
      "Certification(s)/Specialty: Dermatology, Plastic Surgery, Hand &\n"
      "Microvascular Surgery\n\n");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Idaho", "Nevada"}));
  EXPECT_EQ(Printed(l.specialties), (Strings{"Dermatology", "Plastic Surgery", "Hand & Microvascular Surgery"}));
}

TEST(ExtractReviewer, WrappedValueIsOneViewAcrossTheLineBreak) {
  const Letter l = Reviewer("State(s) of Licensure: Ohio\nCertification(s)/Specialty: Urology, Pediatric\nUrology\n");
  ASSERT_EQ(l.specialties.size(), 2u);
  EXPECT_EQ(l.specialties[1], "Pediatric\nUrology");
}

TEST(ExtractReviewer, ReadsWrapInsideDoubleSpacedText) {
  // Some extractions put a blank line after every line, wraps included.
  const Letter l = Reviewer(
      "State(s) of Licensure: Kansas \n\n"
      "Certification(s)/Specialty: Neurology, Clinical \n\n"
      "Neurophysiology \n \n \n\n");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Kansas"}));
  EXPECT_EQ(Printed(l.specialties), (Strings{"Neurology", "Clinical Neurophysiology"}));
}

TEST(ExtractReviewer, SingleSpacedValueStopsAtBlankLine) {
  const Letter l =
      Reviewer("State(s) of Licensure: Utah\nCertification(s)/Specialty: Radiology\n\nUnrelated trailing words\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Radiology"}));
}

TEST(ExtractReviewer, WrapStopsAtHeading) {
  // Were the section boundary missed, the next heading still ends the value.
  const Letter l = Reviewer(
      "State(s) of Licensure: Utah\nCertification(s)/Specialty: Radiology\nCLINICAL CASE SUMMARY\n"
      "The expert reviewer developed the following clinical case summary\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Radiology"}));
}

TEST(ExtractReviewer, ReadsLabelBlockThenValueBlock) {
  // Plain pdftotext can emit a table as its labels, then its values.
  const Letter l = Reviewer(
      "State(s) of Licensure:\nCertification(s)/Specialty:\n\n"
      "Rhode Island,Maine\nOphthalmology, Retina\n");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Rhode Island", "Maine"}));
  EXPECT_EQ(Printed(l.specialties), (Strings{"Ophthalmology", "Retina"}));
}

TEST(ExtractReviewer, ReadsTabSeparatedLabels) {
  const Letter l = Reviewer("State(s) of Licensure:\tWyoming\nCertification(s)/Specialty:\tPathology\n");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Wyoming"}));
  EXPECT_EQ(Printed(l.specialties), (Strings{"Pathology"}));
}

TEST(ExtractReviewer, ReadsCrlfLineEnds) {
  const Letter l = Reviewer("State(s) of Licensure: Alaska, Hawaii\r\nCertification(s)/Specialty: Cardiology\r\n\r\n");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Alaska", "Hawaii"}));
  EXPECT_EQ(Printed(l.specialties), (Strings{"Cardiology"}));
}

TEST(ExtractReviewer, KeepsSpecialtyAsPrinted) {
  const Letter l = Reviewer("State(s) of Licensure: Iowa\nCertification(s)/Specialty: Family Practicee\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Family Practicee"}));
}

TEST(ExtractReviewer, ReadsProseCredentials) {
  const Letter l = Reviewer(
      "MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert\n"
      "reviewer is Board Certified in Obstetrics and Gynecology, has a subspecialty in\n"
      "Maternal Fetal Medicine and is licensed to practice in Delaware. He/she has been in active\n"
      "clinical practice for more than five years.\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Obstetrics and Gynecology", "Maternal Fetal Medicine"}));
  EXPECT_EQ(Printed(l.licensure), (Strings{"Delaware"}));
  EXPECT_TRUE(l.warnings.empty());
}

TEST(ExtractReviewer, ReadsProseWithSeveralStatesAndNoSubspecialty) {
  const Letter l = Reviewer(
      "The expert reviewer is Board Certified in Psychiatry and is licensed to practice in Georgia,\n"
      "Alabama and Tennessee. He/she has no affiliation with the employer.\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Psychiatry"}));
  EXPECT_EQ(Printed(l.licensure), (Strings{"Georgia", "Alabama", "Tennessee"}));
}

TEST(ExtractReviewer, ReadsProsePhrasesInAnyCase) {
  const Letter l = Reviewer("The reviewer is BOARD CERTIFIED IN Neurology. He/she is Licensed In Ohio.\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Neurology"}));
  EXPECT_EQ(Printed(l.licensure), (Strings{"Ohio"}));
}

TEST(ExtractReviewer, ReadsLabelsInEitherOrder) {
  const Letter l = Reviewer("Certification(s)/Specialty: Psychiatry\nState(s) of Licensure: Utah, Idaho\n");
  EXPECT_EQ(Printed(l.specialties), (Strings{"Psychiatry"}));
  EXPECT_EQ(Printed(l.licensure), (Strings{"Utah", "Idaho"}));
}

TEST(ExtractReviewer, WarnsWhenNoCredentials) {
  const Letter l = Reviewer(
      "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no\n"
      "affiliation with the employer, employee, providers or the claims administrator.\n");
  EXPECT_TRUE(l.licensure.empty());
  EXPECT_TRUE(l.specialties.empty());
  ASSERT_EQ(l.warnings.size(), 1u);
  EXPECT_EQ(l.warnings[0].code, WarningCode::kMissingReviewer);
}

TEST(ExtractReviewer, WarnsOnEmptySection) {
  const Letter l = Reviewer("");
  ASSERT_EQ(l.warnings.size(), 1u);
  EXPECT_EQ(l.warnings[0].code, WarningCode::kMissingReviewer);
}

TEST(ExtractReviewer, OneLabelIsEnough) {
  const Letter l = Reviewer("State(s) of Licensure: Minnesota, Wisconsin,\n");
  EXPECT_EQ(Printed(l.licensure), (Strings{"Minnesota", "Wisconsin"}));
  EXPECT_TRUE(l.specialties.empty());
  EXPECT_TRUE(l.warnings.empty());
}

}  // namespace
}  // namespace imr::extract
