#include <string_view>

#include "gtest/gtest.h"
#include "imr/extract/fields.h"

namespace imr::extract {
namespace {

// Snippets are string literals, so the views in the Letter stay valid.
Letter Patient(std::string_view summary, Date header_date_of_injury = {}) {
  Letter letter;
  letter.date_of_injury = header_date_of_injury;
  ExtractPatient(summary, &letter);
  return letter;
}

bool HasWarning(const Letter& l, WarningCode code) {
  for (const Warning& w : l.warnings) {
    if (w.code == code) return true;
  }
  return false;
}

constexpr Date kHeaderDate{2016, 3, 7};

TEST(ExtractPatient, ReadsSpacedYearOld) {
  const Letter l = Patient("\nThe injured worker is a 51 year old female, who sustained an injury.\n", kHeaderDate);
  EXPECT_EQ(l.age, 51);
  EXPECT_EQ(l.sex, Sex::kFemale);
  EXPECT_TRUE(l.warnings.empty());
}

TEST(ExtractPatient, ReadsHyphenatedAndMixedYearOld) {
  EXPECT_EQ(Patient("The applicant is a 29-year-old male who has filed a claim.").age, 29);
  EXPECT_EQ(Patient("The applicant is a 29-year-old male who has filed a claim.").sex, Sex::kMale);
  const Letter mixed = Patient("The patient is a 63 year-old female with pain.");
  EXPECT_EQ(mixed.age, 63);
  EXPECT_EQ(mixed.sex, Sex::kFemale);
  const Letter years = Patient("The claimant is 70 years old, a retired man.");
  EXPECT_EQ(years.age, 70);
  EXPECT_EQ(years.sex, Sex::kMale);
}

// The unit follows a number, so only its first letter is taken in lower
// case; its other letters, "old" and the noun may be in either.
TEST(ExtractPatient, ReadsTheWordsInEitherCase) {
  struct Case {
    std::string_view summary;
    int age;
    Sex sex;
  };
  for (const Case& c : {Case{"THE PATIENT IS A 58 yEAR OLD FEMALE WHO SUSTAINED AN INJURY.", 58, Sex::kFemale},
                        Case{"The applicant is a 41-year-Old Gentleman.", 41, Sex::kMale},
                        Case{"This is a 37 y/O Male with knee pain.", 37, Sex::kMale}}) {
    const Letter l = Patient(c.summary);
    EXPECT_EQ(l.age, c.age) << c.summary;
    EXPECT_EQ(l.sex, c.sex) << c.summary;
  }
  // Only letters have a second case: a control byte is no '/' ('/' is 0x2F,
  // 0x0F with the case bit).
  EXPECT_FALSE(Patient("This is a 37 y\x0Fo male with knee pain.").age);
}

TEST(ExtractPatient, ReadsArticleWithParenthesisAndNow) {
  const Letter an = Patient("The injured worker is a(n) 58 year old male, who sustained an injury.");
  EXPECT_EQ(an.age, 58);
  EXPECT_EQ(an.sex, Sex::kMale);
  const Letter now = Patient("This case involves a now 36-year-old female with a history of a claim.");
  EXPECT_EQ(now.age, 36);
  EXPECT_EQ(now.sex, Sex::kFemale);
}

TEST(ExtractPatient, ReadsAgeBrokenAcrossLines) {
  // Layout mode keeps the line-end hyphen; plain pdftotext removes it and
  // joins the halves.
  const Letter layout = Patient("The applicant is a 44-year-\nold female who has filed a claim.");
  EXPECT_EQ(layout.age, 44);
  EXPECT_EQ(layout.sex, Sex::kFemale);
  const Letter joined = Patient("The applicant is a 44-yearold female who has filed a claim.");
  EXPECT_EQ(joined.age, 44);
  const Letter wrapped = Patient("The injured worker is a 44\nyear old female.");
  EXPECT_EQ(wrapped.age, 44);
}

TEST(ExtractPatient, SkipsAdjectivesBeforeTheSex) {
  const Letter l = Patient("The patient is a 39 year old right-hand dominant male.");
  EXPECT_EQ(l.age, 39);
  EXPECT_EQ(l.sex, Sex::kMale);
}

TEST(ExtractPatient, InjuredIsAnAdjective) {
  const Letter l = Patient("The claimant is a 52 year old injured female.");
  EXPECT_EQ(l.age, 52);
  EXPECT_EQ(l.sex, Sex::kFemale);
}

TEST(ExtractPatient, AgeOfPersonNounHasNoSex) {
  const Letter l = Patient("This 45 year old injured worker reported pain.");
  EXPECT_EQ(l.age, 45);
  EXPECT_EQ(l.sex, Sex::kUnknown);
  EXPECT_FALSE(HasWarning(l, WarningCode::kMissingPatient));
}

TEST(ExtractPatient, IgnoresAgesOfOtherPeople) {
  const Letter l = Patient(
      "She lifted her 4 year old son when she felt pain. A 30-year-old co-worker saw it. "
      "The patient is a 33 year old female.");
  EXPECT_EQ(l.age, 33);
  EXPECT_EQ(l.sex, Sex::kFemale);
}

TEST(ExtractPatient, TakesTheFirstStatementAboutThePatient) {
  const Letter l = Patient("The injured worker is a 27 year old male. At 26 year old male baseline ...");
  EXPECT_EQ(l.age, 27);
}

TEST(ExtractPatient, IgnoresNumbersThatAreNotAges) {
  const Letter l = Patient("Pain rated 7/10 year old records. A 2.5 year old fracture.");
  EXPECT_FALSE(l.age.has_value());
  EXPECT_TRUE(HasWarning(l, WarningCode::kMissingPatient));
}

TEST(ExtractPatient, WarnsWhenNoAgeOrSex) {
  const Letter l = Patient("The injured worker sustained an industrial injury on 5/4/2015.");
  EXPECT_FALSE(l.age.has_value());
  EXPECT_EQ(l.sex, Sex::kUnknown);
  EXPECT_TRUE(HasWarning(l, WarningCode::kMissingPatient));
  EXPECT_FALSE(HasWarning(l, WarningCode::kMissingDateOfInjury));
}

TEST(ExtractPatient, KeepsTheHeaderDateOfInjury) {
  const Letter l = Patient("The injured worker is a 40 year old male who sustained an industrial injury on 01/02/2015.",
                           kHeaderDate);
  EXPECT_EQ(l.date_of_injury, kHeaderDate);
  EXPECT_TRUE(l.warnings.empty());
}

TEST(ExtractPatient, ReadsDateOfInjuryFromProseWhenHeaderHasNone) {
  struct Case {
    std::string_view summary;
    Date want;
  };
  const Case cases[] = {
      {"The injured worker is a 40 year old male, who sustained an industrial injury on 03/21/2013.", {2013, 3, 21}},
      {"The patient is a 40 year-old male with the date of injury of 07/04/2010. He presents with pain.", {2010, 7, 4}},
      {"The injured worker is a 40 year old male, who sustained an industrial injury on March 3,\n1999.", {1999, 3, 3}},
      {"The injured worker is a 40 year old male who sustained an industrial related injury on 6/9/14.", {2014, 6, 9}},
      {"The applicant is a 40-year-old male with an industrial injury of November 30, 2012.", {2012, 11, 30}},
      {"The injured worker is a 40 year old male. His date of injury is May 1, 2011.", {2011, 5, 1}},
      {"The injured worker is a 40 year old male with an industrial injury date of 12-31-2015.", {2015, 12, 31}},
      {"This case involves a now 40-year-old male with a history of an occupational claim from\n09/09/2016.",
       {2016, 9, 9}},
      {"This case involves a now 40-year-old male with a history of an occupational claim\nfrom 09/09/2016.",
       {2016, 9, 9}},
      {"Injury occurred on 1-2-15 when the 40 year old male fell.", {2015, 1, 2}},
      {"The injured worker is a 40 year old male who sustained an industrial injury October 5, 2016.", {2016, 10, 5}},
  };
  for (const Case& c : cases) {
    const Letter l = Patient(c.summary);
    EXPECT_EQ(l.date_of_injury, c.want) << c.summary;
    EXPECT_TRUE(l.warnings.empty()) << c.summary;
  }
}

TEST(ExtractPatient, TheEarliestInjuryPhraseDecidesWhateverItsWording) {
  EXPECT_EQ(Patient("The applicant has a claim from 03/04/2012 and an industrial injury on 05/06/2013.").date_of_injury,
            (Date{2012, 3, 4}));
  EXPECT_EQ(Patient("He was injured on 05/06/2013; a claim from 03/04/2012.").date_of_injury, (Date{2013, 5, 6}));
  EXPECT_EQ(Patient("Date of Injury: 07/08/2014. The injury on 05/06/2013.").date_of_injury, (Date{2014, 7, 8}));
}

TEST(ExtractPatient, SkipsInjuryPhrasesWithoutADate) {
  const Letter l = Patient(
      "The injured worker is a 40 year old male who reported an injury to the knee. The injury\n"
      "may have been on 2 occasions: an injury on 2 shifts. The\n"
      "injury on 4/5/2014 occurred at work.");
  EXPECT_EQ(l.date_of_injury, (Date{2014, 4, 5}));
}

TEST(ExtractPatient, RefusesDateGluedByHyphenJoining) {
  // Plain pdftotext turned "10-30-\n2016" into "10-302016": no date, flagged.
  const Letter l =
      Patient("The injured worker is a 40 year old male, who sustained an industrial injury on 10-302016.");
  EXPECT_FALSE(l.date_of_injury.present());
  EXPECT_TRUE(HasWarning(l, WarningCode::kBadDate));
  EXPECT_FALSE(HasWarning(l, WarningCode::kMissingPatient));
}

TEST(ExtractPatient, RefusesDateBrokenAtLineEndHyphen) {
  const Letter l =
      Patient("The injured worker is a 40 year old male, who sustained an industrial injury on 10-30-\n2016.");
  EXPECT_FALSE(l.date_of_injury.present());
  EXPECT_TRUE(HasWarning(l, WarningCode::kBadDate));
}

TEST(ExtractPatient, DoesNotFallBackToALaterInjuryAfterABadDate) {
  // The first injury phrase decides; a later date may be another injury.
  const Letter l = Patient("Sustained an industrial injury on 13/45/2016. A prior injury on 02/02/2002.");
  EXPECT_FALSE(l.date_of_injury.present());
  EXPECT_TRUE(HasWarning(l, WarningCode::kBadDate));
}

TEST(ExtractPatient, WarnsWhenNoDateOfInjuryAnywhere) {
  const Letter l = Patient("The injured worker is a 40 year old male with chronic pain since 2014.");
  EXPECT_FALSE(l.date_of_injury.present());
  EXPECT_TRUE(HasWarning(l, WarningCode::kMissingDateOfInjury));
  EXPECT_FALSE(HasWarning(l, WarningCode::kBadDate));
}

TEST(ExtractPatient, EmptySummaryWarnsTwice) {
  const Letter l = Patient("");
  EXPECT_TRUE(HasWarning(l, WarningCode::kMissingPatient));
  EXPECT_TRUE(HasWarning(l, WarningCode::kMissingDateOfInjury));
}

}  // namespace
}  // namespace imr::extract
