#include <deque>
#include <string>
#include <tuple>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/base/text_index.h"
#include "imr/extract/fields.h"

namespace imr::extract {
namespace {

constexpr char kPreamble[] =
    "The Final Determination was based on decisions for the disputed items/services set forth below:\n";

std::string Block(const std::string& rationale) {
  return "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.\n"
         "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.\n"
         "Decision rationale: " +
         rationale + "\n";
}

// The letter's views point into its text, so the texts live as long as the
// test (callers pass temporaries; ASan once found the views dangling).
Letter Items(const std::string& issues) {
  static std::deque<std::string> texts;
  texts.push_back(issues);
  Letter letter;
  TextIndex index;
  index.Build(texts.back());
  ExtractItems(index.Whole(texts.back()), &letter);
  return letter;
}

std::vector<std::string> Titles(const Letter& l) {
  std::vector<std::string> out;
  for (const Item& i : l.items) out.push_back(Normalized(i.title));
  return out;
}

TEST(ExtractItems, TakesTheLastColonOfTitlesWithColons) {
  const Letter l = Items(std::string(kPreamble) + "Associated surgical service: Cold therapy unit: Upheld\n" +
                         Block("The request is not medically necessary.") +
                         "Oxycodone 20mg #60 day supply: 30: Overturned\n" + Block("It is medically necessary."));
  EXPECT_EQ(Titles(l), (std::vector<std::string>{"Associated surgical service: Cold therapy unit",
                                                 "Oxycodone 20mg #60 day supply: 30"}));
  EXPECT_EQ(l.items[0].outcome, Outcome::kUpheld);
  EXPECT_EQ(l.items[1].outcome, Outcome::kOverturned);
  EXPECT_TRUE(l.warnings.empty());
}

TEST(ExtractItems, JoinsWrappedTitlesAndOutcomesOnTheirOwnLine) {
  const Letter l = Items(std::string(kPreamble) +
                         "\nChiropractic therapy two times a week for four weeks for the\n\n"
                         "right elbow and right knee:\nUpheld\n\n" +
                         Block("Not medically necessary.") +
                         "Tramadol (Ultram) 50mg take 1 tab orally every 4-6 hours as needed for moderate to\n"
                         "severe pain #30:  Overturned\n" +
                         Block("The request is medically necessary."));
  EXPECT_EQ(Titles(l), (std::vector<std::string>{
                           "Chiropractic therapy two times a week for four weeks for the right elbow and right knee",
                           "Tramadol (Ultram) 50mg take 1 tab orally every 4-6 hours as needed for moderate to severe "
                           "pain #30"}));
}

TEST(ExtractItems, TitleAfterAFormFeedOrDirectlyAfterTheRationale) {
  const Letter l =
      Items(std::string(kPreamble) + "MRI of the knee: Upheld\n" + Block("the request is not medically\nnecessary.") +
            "EMG of the arms: Upheld\n" + Block("not medically necessary.\fNCS of the legs: Upheld") +
            Block("The request is not medically necessary."));
  EXPECT_EQ(Titles(l), (std::vector<std::string>{"MRI of the knee", "EMG of the arms", "NCS of the legs"}));
}

TEST(ExtractItems, AbbreviationsDoNotEndATitleLine) {
  const Letter l = Items(std::string(kPreamble) + "Norco 10/325mg #60 (1 tab p.o.\nq6h): Upheld\n" +
                         Block("Not medically necessary."));
  EXPECT_EQ(Titles(l), std::vector<std::string>{"Norco 10/325mg #60 (1 tab p.o. q6h)"});
}

TEST(ExtractItems, ReadsBothPartialDecisionWordings) {
  const Letter l =
      Items(std::string(kPreamble) +
            "Acupuncture 12 sessions was the original request. Acupuncture 6 sessions was\n"
            "authorized by the Claims Administrator. The remaining IMR eligible portion of the\n\f"
            "original request, Acupuncture 6 sessions is: Upheld\n" +
            Block("Acupuncture 12 sessions was the original request. The request is not medically necessary.") +
            "Home aide 4 hours a day was the original request. The Claims Administrator authorized\n"
            "Home aide 2 hours a day, leaving the original request IMR eligible. The original request,\n"
            "Home aide 4 hours a day is: Overturned\n" +
            Block("The request is medically necessary."));
  ASSERT_EQ(l.items.size(), 2u);
  EXPECT_EQ(Normalized(l.items[0].original_request), "Acupuncture 12 sessions");
  EXPECT_EQ(Normalized(l.items[0].authorized), "Acupuncture 6 sessions");
  EXPECT_EQ(Normalized(l.items[0].disputed), "Acupuncture 6 sessions");
  EXPECT_EQ(Normalized(l.items[1].original_request), "Home aide 4 hours a day");
  EXPECT_EQ(Normalized(l.items[1].authorized), "Home aide 2 hours a day");
  EXPECT_EQ(Normalized(l.items[1].disputed), "Home aide 4 hours a day");
  EXPECT_TRUE(Normalized(l.items[1].title).starts_with("Home aide 4 hours a day was the original request."));
}

TEST(ExtractItems, SplitsTheBlocksOfEachItem) {
  const Letter l = Items(std::string(kPreamble) + "MRI of the knee: Upheld\n" + Block("Not medically necessary."));
  ASSERT_EQ(l.items.size(), 1u);
  EXPECT_EQ(Normalized(l.items[0].claims_administrator.text),
            "Decision based on MTUS Chronic Pain Medical Treatment 2016.");
  EXPECT_EQ(Normalized(l.items[0].rationale), "Not medically necessary.");
  EXPECT_EQ(l.items[0].medically_necessary, false);
}

TEST(ExtractItems, WarnsWhenLabelsOrConclusionsDisagree) {
  const Letter l =
      Items(std::string(kPreamble) + "MRI of the knee: Upheld\nDecision rationale: It is medically necessary.\n");
  ASSERT_EQ(l.items.size(), 1u);
  std::vector<WarningCode> codes;
  for (const Warning& w : l.warnings) codes.push_back(w.code);
  EXPECT_EQ(codes, (std::vector<WarningCode>{WarningCode::kMissingGuideline, WarningCode::kRationaleDisagrees,
                                             WarningCode::kLabelCountMismatch}));
}

// Labels are found wherever PDF extraction broke them across lines, each
// item takes the first of each label after its outcome line, and a label
// quoted a second time anywhere in the section makes the counts disagree.
TEST(ExtractItems, LabelsWrappedOverLinesAndCountedOverTheSection) {
  const std::string wrapped =
      "Claims\nAdministrator   guideline: CA text.\nMAXIMUS\n\fguideline: MX text.\nDecision\nrationale: Not "
      "medically necessary.\n";
  const Letter ok = Items(std::string(kPreamble) + "MRI of the knee: Upheld\n" + wrapped + "Knee brace: Upheld\n" +
                          Block("Not medically necessary."));
  ASSERT_EQ(ok.items.size(), 2u);
  EXPECT_EQ(Normalized(ok.items[0].claims_administrator.text), "CA text.");
  EXPECT_EQ(Normalized(ok.items[0].maximus.text), "MX text.");
  EXPECT_EQ(Normalized(ok.items[0].rationale), "Not medically necessary.");
  EXPECT_EQ(Normalized(ok.items[1].claims_administrator.text),
            "Decision based on MTUS Chronic Pain Medical Treatment 2016.");
  EXPECT_TRUE(ok.warnings.empty());

  const Letter quoted = Items(std::string(kPreamble) + "MRI of the knee: Upheld\n" +
                              Block("Not medically necessary; the MAXIMUS guideline: says so."));
  ASSERT_EQ(quoted.items.size(), 1u);
  ASSERT_EQ(quoted.warnings.size(), 1u);
  EXPECT_EQ(quoted.warnings[0].code, WarningCode::kLabelCountMismatch);
  // Capitals are part of a label.
  const Letter lower = Items(std::string(kPreamble) + "MRI of the knee: Upheld\n" +
                             Block("Not medically necessary; the maximus guideline: says so."));
  EXPECT_TRUE(lower.warnings.empty());
}

TEST(ExtractItems, NoOutcomeMeansNoItemsAndAWarning) {
  const Letter l = Items("The Final Determination was based on ...\nNothing decided here.\n");
  EXPECT_TRUE(l.items.empty());
  ASSERT_EQ(l.warnings.size(), 1u);
  EXPECT_EQ(l.warnings[0].code, WarningCode::kNoItems);
}

// Every field ExtractItems sets, for comparing letters.
void ExpectSameItems(const Letter& a, const Letter& b) {
  ASSERT_EQ(a.items.size(), b.items.size());
  for (std::size_t k = 0; k < a.items.size(); ++k) {
    SCOPED_TRACE(k);
    // Every field but the guidelines, compared as one.
    const auto fields = [](const Item& i) {
      return std::tie(i.title, i.outcome, i.original_request, i.authorized, i.disputed, i.quantity, i.unit,
                      i.body_region, i.category, i.drug_class, i.rationale, i.medically_necessary);
    };
    const Item& x = a.items[k];
    const Item& y = b.items[k];
    EXPECT_EQ(fields(x), fields(y));
    for (const auto& [g, h] :
         {std::pair{&x.claims_administrator, &y.claims_administrator}, std::pair{&x.maximus, &y.maximus}}) {
      EXPECT_EQ(std::tie(g->text, g->no_evidence_cited, g->outside_mtus, g->no_guidelines_found),
                std::tie(h->text, h->no_evidence_cited, h->outside_mtus, h->no_guidelines_found));
      ASSERT_EQ(g->citations.size(), h->citations.size());
      for (std::size_t c = 0; c < g->citations.size(); ++c) {
        const auto citation = [](const Citation& i) { return std::tie(i.source, i.part, i.year, i.sections, i.pages); };
        EXPECT_EQ(citation(g->citations[c]), citation(h->citations[c]));
      }
    }
  }
  ASSERT_EQ(a.warnings.size(), b.warnings.size());
  for (std::size_t k = 0; k < a.warnings.size(); ++k) {
    EXPECT_EQ(std::tie(a.warnings[k].code, a.warnings[k].item), std::tie(b.warnings[k].code, b.warnings[k].item));
  }
}

// A Letter keeps the storage of its items and citations from one letter to
// the next: nothing of letter A may show in letter B, whose items, citations,
// sections and pages are fewer, and whose fields A set and B does not.
TEST(ExtractItems, ALetterReusedIsTheLetterExtractedFresh) {
  // The next letter's first citation reuses the last one Clear kept: here,
  // the last item's MAXIMUS citation, with a year, sections and pages.
  const std::string a =
      std::string(kPreamble) + "Norco 10/325mg #60 for the lumbar spine: Overturned\n" +
      Block("It is medically necessary.") + "Lumbar MRI: Upheld\n" + Block("Not medically necessary.") +
      "Acupuncture 12 sessions was the original request. Acupuncture 6 sessions was authorized by the Claims "
      "Administrator. The remaining IMR eligible portion of the original request, Acupuncture 6 sessions is: "
      "Upheld\n"
      "Claims Administrator guideline: Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004, "
      "Section(s): Special Studies, Page(s): 268-269, 272 and Chronic Pain Medical Treatment 2016, Section(s): "
      "Opioids, Page(s): 78-80. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee "
      "Chapter, Knee brace.\n"
      "MAXIMUS guideline: The Expert Reviewer did not cite any medical evidence. Decision based on MTUS Low Back "
      "Complaints 2004, Section(s): Surgical Considerations, Page(s): 303-305.\n"
      "Decision rationale: The request is not medically necessary.\n";
  const std::string b = std::string(kPreamble) + "Physical therapy 6 visits: Overturned\n" +
                        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment.\n"
                        "Decision rationale: No conclusion here.\n";
  Letter reused = Items(a);
  ASSERT_EQ(reused.items.size(), 3u);
  ASSERT_GE(reused.items[2].claims_administrator.citations.size(), 2u);
  ASSERT_EQ(reused.items[2].maximus.citations.size(), 1u);
  ASSERT_FALSE(reused.items[2].maximus.citations[0].pages.empty());
  ASSERT_FALSE(reused.items[2].original_request.empty());
  reused.items[2].category = "set after extraction";
  static const std::string kept_b = b;  // the letter's views point into it
  TextIndex index;
  index.Build(kept_b);
  reused.Clear();
  ExtractItems(index.Whole(kept_b), &reused);
  const Letter fresh = Items(b);
  ASSERT_EQ(fresh.items.size(), 1u);
  ASSERT_EQ(fresh.items[0].claims_administrator.citations.size(), 1u);
  EXPECT_TRUE(fresh.items[0].claims_administrator.citations[0].pages.empty());
  ExpectSameItems(reused, fresh);
  // And the other way round: a longer letter after a shorter one.
  reused.Clear();
  const Letter fresh_a = Items(a);
  Letter again = Items(b);
  again.Clear();
  static const std::string kept_a = a;
  index.Build(kept_a);
  ExtractItems(index.Whole(kept_a), &again);
  ExpectSameItems(again, fresh_a);
}

TEST(RationaleConclusion, ReadsTheLastVerdict) {
  EXPECT_EQ(RationaleConclusion("Therefore, the request is not medically necessary."), false);
  EXPECT_EQ(RationaleConclusion("This request IS NOT medically necessary."), false);
  EXPECT_EQ(RationaleConclusion("The request is medically necessary and appropriate."), true);
  EXPECT_EQ(RationaleConclusion("Earlier it was not medically necessary. It is now medically necessary."), true);
  EXPECT_EQ(RationaleConclusion("As such, the request is not necessary."), false);
  EXPECT_EQ(RationaleConclusion("a MRI is not a medical necessity at this time."), false);
  EXPECT_EQ(RationaleConclusion("the medical necessity of this request is not established."), false);
  // A decimal point does not end the clause.
  EXPECT_EQ(RationaleConclusion("The medical necessity of Norco 7.5mg is not established."), false);
  EXPECT_EQ(RationaleConclusion("The medical necessity of Norco 7.5mg has been established."), true);
  EXPECT_EQ(RationaleConclusion("The request is not medically necessary. Consult guidelines and, if necessary, "
                                "other sources for weaning."),
            false);
  EXPECT_EQ(RationaleConclusion("No conclusion here."), std::nullopt);
}

// The edges the backward search for the last verdict keeps: phrases across
// any whitespace and in any case, only as the start of a word, negations as
// whole words of the verdict's clause, and a "medical necessity ..." clause
// deciding only after the verdict phrase.
TEST(RationaleConclusion, KeepsTheBoundariesOfItsPhrases) {
  EXPECT_EQ(RationaleConclusion("The request is not medically\nnecessary."), false);
  EXPECT_EQ(RationaleConclusion("It cannot be considered medically necessary."), false);
  EXPECT_EQ(RationaleConclusion("The request was never medically appropriate."), false);
  EXPECT_EQ(RationaleConclusion("It is not a medical  necessity."), false);
  EXPECT_EQ(RationaleConclusion("As a medical necessity, it is indicated."), true);
  EXPECT_EQ(RationaleConclusion("This treatment is unnecessary."), std::nullopt);
  EXPECT_EQ(RationaleConclusion("MEDICAL NECESSITY HAS BEEN ESTABLISHED."), true);
  EXPECT_EQ(RationaleConclusion("The medical necessity of the request has not been established; the request is "
                                "medically necessary."),
            true);
  EXPECT_EQ(RationaleConclusion("The request is medically necessary. However, its medical necessity is not supported."),
            false);
  EXPECT_EQ(RationaleConclusion("It is not needed at 7.5 mg; is medically necessary."), true);
}

// The clause ends, n's and y's are read back in blocks: a verdict, its
// negation and the clause end before them are found at every distance and
// alignment, among runs of the letters searched for.
TEST(RationaleConclusion, ReadsAtEveryDistanceAndAlignment) {
  for (std::size_t pad = 0; pad < 120; ++pad) {
    const std::string gap(pad, ' ');
    const std::string letters = std::string(pad % 37, 'y') + std::string(pad % 23, 'N') + " ";
    EXPECT_EQ(RationaleConclusion(letters + "It is not" + gap + " medically necessary."), false) << pad;
    EXPECT_EQ(RationaleConclusion(letters + "It is not. It is" + gap + " medically necessary."), true) << pad;
    EXPECT_EQ(RationaleConclusion(letters + "Isn't; is" + gap + " MEDICALLY necessary " + letters), true) << pad;
    EXPECT_EQ(RationaleConclusion("It is 7.5" + gap + " not medically necessary? " + letters), false) << pad;
  }
}

// A "medical necessity ... established" decides only where it starts 21
// bytes or more after the last verdict phrase, which the backward scan
// reads no further than it must: verdicts of each kind (each starting at
// its second word) at every distance around that bound, with more y's and
// verdicts before them.
TEST(RationaleConclusion, WeighsAnEstablishingClauseAgainstTheVerdictBeforeIt) {
  const std::string before = "Yearly, it was not medically necessary; any day. ";
  for (const std::string verdict : {"is medically appropriate", "was necessary", "is a medical necessity"}) {
    for (std::size_t pad = 0; pad < 40; ++pad) {
      const std::string text = before + verdict + std::string(pad, ' ') + ", medical necessity is not established.";
      const std::size_t verdict_at = before.size() + verdict.find(' ') + 1;
      const bool necessity_decides = text.rfind("medical necessity") >= verdict_at + 21;
      EXPECT_EQ(RationaleConclusion(text), !necessity_decides) << text;
    }
  }
}

}  // namespace
}  // namespace imr::extract
