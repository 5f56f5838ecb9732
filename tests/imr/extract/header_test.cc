#include <string>

#include "gtest/gtest.h"
#include "imr/extract/fields.h"

namespace imr::extract {
namespace {

Letter Header(const std::string& text) {
  Letter letter;
  ExtractHeader(text, &letter);
  return letter;
}

void ExpectDates(const Letter& l) {
  EXPECT_EQ(l.case_number, "CM16-0900001");
  EXPECT_EQ(l.date_assigned, (Date{2016, 11, 18}));
  EXPECT_EQ(l.date_of_injury, (Date{2016, 10, 10}));
  EXPECT_EQ(l.decision_date, (Date{2016, 12, 19}));
  EXPECT_EQ(l.ur_denial_date, (Date{2016, 11, 9}));
  EXPECT_EQ(l.application_received, (Date{2016, 11, 14}));
  EXPECT_EQ(l.priority, Priority::kStandard);
  EXPECT_TRUE(l.warnings.empty());
}

TEST(ExtractHeader, ReadsLayoutModeColumnsWithSplitApplicationLabel) {
  ExpectDates(
      Header("Case Number:          CM16-0900001\n"
             "Date Assigned:        11/18/2016                      Date of Injury:      10/10/2016\n"
             "Decision Date:        12/19/2016                      UR Denial Date:      11/09/2016\n"
             "Priority:             Standard                        Application          11/14/2016\n"
             "                                                      Received:\n"));
}

TEST(ExtractHeader, ReadsDefaultModeLabelBlocksThenValueBlocks) {
  ExpectDates(
      Header("Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\n"
             "CM16-0900001\n11/18/2016\n12/19/2016\nStandard\n\n"
             "Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n"
             "10/10/2016\n11/09/2016\n11/14/2016\n"));
}

TEST(ExtractHeader, ReadsRawModeAndTabSeparatedHeaders) {
  ExpectDates(Header(
      "Case Number: CM16-0900001\nDate Assigned: 11/18/2016 Date of Injury: 10/10/2016\n"
      "Decision Date: 12/19/2016 UR Denial Date: 11/09/2016\nPriority: Standard Application\nReceived:\n11/14/2016\n"));
  ExpectDates(
      Header("Case Number:\tCM16-0900001\t\t\nDate Assigned:\t11/18/2016\tDate of Injury:\t10/10/2016\n"
             "Decision Date:\t12/19/2016\tUR Denial Date:\t11/09/2016\n"
             "Priority:\tStandard\tApplication Received:\t11/14/2016\n"));
}

TEST(ExtractHeader, ReadsExpeditedPriority) {
  EXPECT_EQ(Header("Priority: Expedited\n").priority, Priority::kExpedited);
}

TEST(ExtractHeader, WarnsOnImpossibleOrMissingDates) {
  const Letter l = Header("Case Number: CM16-0900001\nDate Assigned: 02/30/2016 Decision Date:\n");
  EXPECT_FALSE(l.date_assigned.present());
  ASSERT_EQ(l.warnings.size(), 2u);
  EXPECT_EQ(l.warnings[0].code, WarningCode::kBadDate);
  EXPECT_EQ(l.warnings[1].code, WarningCode::kMissingHeaderDate);
}

TEST(ExtractHeader, WarnsOnceForEachDifferentDateLabelLeftWithoutAValue) {
  // The date goes to the oldest waiting label, the first "Decision Date:";
  // the second waits on with "Date of Injury:" and "UR Denial Date:" (three
  // warnings, not four), and "Priority:" is no date.
  const Letter l = Header("Decision Date: Decision Date: Date of Injury:\nPriority:\nUR Denial Date: 11/09/2016\n");
  EXPECT_EQ(l.decision_date, (Date{2016, 11, 9}));
  EXPECT_FALSE(l.ur_denial_date.present());
  ASSERT_EQ(l.warnings.size(), 3u);
  for (const auto& w : l.warnings) EXPECT_EQ(w.code, WarningCode::kMissingHeaderDate);
}

TEST(ExtractHeader, ReadsLabelsAcrossWideGapsAndLineBreaks) {
  // The case number is a view into the text: the text must outlive it.
  const std::string text =
      "Case   Number: CM16-0900001\nDate\tAssigned: 11/18/2016 Date of\n Injury: 10/10/2016\n"
      "UR Denial  \n  Date: 11/09/2016\n";
  const Letter l = Header(text);
  EXPECT_EQ(l.case_number, "CM16-0900001");
  EXPECT_EQ(l.date_assigned, (Date{2016, 11, 18}));
  EXPECT_EQ(l.date_of_injury, (Date{2016, 10, 10}));
  EXPECT_EQ(l.ur_denial_date, (Date{2016, 11, 9}));
}

TEST(ExtractHeader, IgnoresLabelsThatDifferOrAreCutShort) {
  // "Date Assigner:" is no label, so the date answers "Decision Date:".
  EXPECT_FALSE(Header("Date Assigner: 11/18/2016").date_assigned.present());
  EXPECT_EQ(Header("Date Assigner: Decision Date: 11/18/2016").decision_date, (Date{2016, 11, 18}));
  EXPECT_TRUE(Header("Case Numbe").warnings.empty());
  EXPECT_TRUE(Header("Date Assigned").warnings.empty());
}

TEST(ExtractHeader, NoHeaderNoWarnings) {
  const Letter l = Header("\n\n   \n");
  EXPECT_TRUE(l.case_number.empty());
  EXPECT_TRUE(l.warnings.empty());
}

}  // namespace
}  // namespace imr::extract
