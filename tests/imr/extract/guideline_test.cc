// Guideline blocks in the forms of both layouts (blocks composed for this
// test): citations, canonical MTUS parts, free-text sources and flags.
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/extract/fields.h"

namespace imr::extract {
namespace {

Guideline Parse(std::string_view block) {
  Guideline g;
  g.text = block;
  Letter storage;
  ParseGuideline(block, &g, &storage);
  return g;
}

std::vector<std::string> Texts(const std::vector<std::string_view>& views) {
  std::vector<std::string> out;
  for (std::string_view v : views) out.push_back(Normalized(v));
  return out;
}

TEST(Guideline, PartsWithCommasYearsAndSectionsIn2016Form) {
  const Guideline g = Parse(
      "Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Special\n"
      "Studies, and Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use.");
  ASSERT_EQ(g.citations.size(), 2u);
  EXPECT_EQ(g.citations[0].source, CitationSource::kMtus);
  EXPECT_EQ(g.citations[0].part, "Forearm, Wrist, and Hand Complaints");
  EXPECT_EQ(g.citations[0].year, 2004);
  EXPECT_EQ(Texts(g.citations[0].sections), std::vector<std::string>{"Special Studies"});
  EXPECT_EQ(g.citations[1].part, "Chronic Pain Medical Treatment");
  EXPECT_EQ(g.citations[1].year, 2016);
  EXPECT_EQ(Texts(g.citations[1].sections), std::vector<std::string>{"Opioids, criteria for use"});
  EXPECT_FALSE(g.outside_mtus || g.no_evidence_cited || g.no_guidelines_found);
}

TEST(Guideline, EarlierNamesAndAcoemChaptersBecomeCanonicalParts) {
  const Guideline g = Parse(
      "Decision based on MTUS ACOEM Chapter 7 Independent Medical Examinations and Consultations, "
      "Chapter 3 Initial Approaches to Treatment Page(s): 127, 503,ACOEM Chapter 9 Shoulder Complaints "
      "Page(s): 209-210,Chronic Pain Treatment Guidelines Topical Analgesics Page(s): 111-113 of 127.");
  ASSERT_EQ(g.citations.size(), 3u);
  EXPECT_EQ(g.citations[0].part, "General Approaches");
  EXPECT_EQ(Texts(g.citations[0].sections),
            (std::vector<std::string>{"Independent Medical Examinations and Consultations",
                                      "Initial Approaches to Treatment"}));
  EXPECT_EQ(g.citations[0].pages, (std::vector<std::string_view>{"127", "503"}));
  EXPECT_EQ(g.citations[1].part, "Shoulder Complaints");
  EXPECT_TRUE(g.citations[1].sections.empty());
  EXPECT_EQ(g.citations[1].pages, (std::vector<std::string_view>{"209-210"}));
  EXPECT_EQ(g.citations[2].part, "Chronic Pain Medical Treatment");
  EXPECT_EQ(g.citations[2].year, 0);
  EXPECT_EQ(Texts(g.citations[2].sections), std::vector<std::string>{"Topical Analgesics"});
  EXPECT_EQ(g.citations[2].pages, (std::vector<std::string_view>{"111-113"}));
  for (const Citation& c : g.citations) EXPECT_EQ(c.source, CitationSource::kMtus);
}

TEST(Guideline, NonMtusSourcesEachStartACitation) {
  const Guideline g = Parse(
      "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS.\n"
      "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee & Leg (updated\n"
      "03/10/16) Chapter, Continuous passive motion (CPM) and Other Medical Treatment Guidelines\n"
      "ACOEM Practice Guidelines, 3rd Edition, Knee Disorders.");
  EXPECT_TRUE(g.outside_mtus);
  ASSERT_EQ(g.citations.size(), 2u);
  EXPECT_EQ(g.citations[0].source, CitationSource::kOdg);
  EXPECT_EQ(g.citations[0].part, "Knee and Leg");
  EXPECT_EQ(Texts(g.citations[0].sections), std::vector<std::string>{"Continuous passive motion (CPM)"});
  EXPECT_EQ(g.citations[1].source, CitationSource::kAcoem);
  EXPECT_EQ(Normalized(g.citations[1].part), "ACOEM Practice Guidelines, 3rd Edition, Knee Disorders");
}

TEST(Guideline, FreeTextAndUrlsAreOtherAndOdgOnlyByName) {
  const Guideline g = Parse(
      "The Claims Administrator did not base their decision on the MTUS. Decision based on Non-MTUS "
      "Citation Aquatic therapy (http://www.example.org/odgtwc/low_back.htm).");
  EXPECT_TRUE(g.outside_mtus);
  ASSERT_EQ(g.citations.size(), 1u);
  EXPECT_EQ(g.citations[0].source, CitationSource::kOther);
  EXPECT_EQ(g.citations[0].part, "Aquatic therapy (http://www.example.org/odgtwc/low_back.htm)");
}

TEST(Guideline, OdgEditionsYearsAndChapterAliases) {
  const Guideline g = Parse(
      "Decision based on Non-MTUS Citation ODG Guidelines, 12th Edition, 2015, Low Back - Lumbar & Thoracic "
      "(Acute & Chronic): Lumbar supports.");
  ASSERT_EQ(g.citations.size(), 1u);
  EXPECT_EQ(g.citations[0].source, CitationSource::kOdg);
  EXPECT_EQ(g.citations[0].part, "Low Back");
  EXPECT_EQ(Texts(g.citations[0].sections), std::vector<std::string>{"Lumbar supports"});
}

TEST(Guideline, FlagsWithoutCitations) {
  const Guideline none = Parse("The Claims Administrator did not cite any medical evidence for its decision.");
  EXPECT_TRUE(none.no_evidence_cited);
  EXPECT_TRUE(none.citations.empty());
  const Guideline nothing_found = Parse(
      "The Expert Reviewer did not base their decision on the MTUS. Decision based on Non-MTUS Citation Other "
      "Medical Treatment Guideline or Medical Evidence: No guidelines found");
  EXPECT_TRUE(nothing_found.outside_mtus);
  EXPECT_TRUE(nothing_found.no_guidelines_found);
  EXPECT_TRUE(nothing_found.citations.empty());
  EXPECT_TRUE(Parse("").citations.empty());
}

TEST(Guideline, LineEndHyphensInPagesAndInNonMtus) {
  for (const char* block : {"Decision based on MTUS Elbow Complaints Summary Page(s): 42-\n43. Decision based on Non-\n"
                            "MTUS Citation ODG Elbow Chapter, Splints.",
                            "Decision based on MTUS Elbow Complaints Summary Page(s): 42- \n\n43. Decision based on "
                            "NonMTUS Citation ODG Elbow Chapter, Splints."}) {
    const Guideline g = Parse(block);
    ASSERT_EQ(g.citations.size(), 2u) << block;
    ASSERT_EQ(g.citations[0].pages.size(), 1u) << block;
    EXPECT_EQ(Normalized(g.citations[0].pages[0]), "42-43") << block;
    EXPECT_EQ(g.citations[1].source, CitationSource::kOdg) << block;
    EXPECT_EQ(g.citations[1].part, "Elbow") << block;
  }
}

TEST(Guideline, UnknownMtusPartIsKeptAsWritten) {
  const Guideline g = Parse("Decision based on MTUS Hypothetical Appendix 2011, and Knee Complaints 2004.");
  ASSERT_EQ(g.citations.size(), 2u);
  EXPECT_EQ(g.citations[0].part, "Hypothetical Appendix");
  EXPECT_EQ(g.citations[0].year, 2011);
  EXPECT_EQ(g.citations[1].part, "Knee Complaints");
  EXPECT_EQ(g.citations[1].year, 2004);
}

TEST(Guideline, BlanksAndCapitalsInsideNamesAndSentences) {
  const Guideline g = Parse(
      "The Claims Administrator did not\nbase their decision on the MTUS. Decision  based\non MTUS LOW BACK\n\n"
      "COMPLAINTS 2004, Section(s):\nSummary, and\nknee complaints 2004.");
  EXPECT_TRUE(g.outside_mtus);
  ASSERT_EQ(g.citations.size(), 2u);
  EXPECT_EQ(g.citations[0].part, "Low Back Complaints");
  EXPECT_EQ(g.citations[0].year, 2004);
  EXPECT_EQ(Texts(g.citations[0].sections), std::vector<std::string>{"Summary"});
  EXPECT_EQ(g.citations[1].part, "Knee Complaints");
  EXPECT_EQ(g.citations[1].year, 2004);
}

TEST(Guideline, RunsOfBlanksAnywhereInALongName) {
  // Runs of every blank, in and across the 8-byte words the names are
  // compared in, and one that stands where a name goes on differently.
  const Guideline g = Parse(
      "Decision based on MTUS Forearm,\n  Wrist, and\t\tHand\r\nComplaints 2004, Section(s): Special Studies. "
      "Decision based\n\non MTUS Chronic Pain Medical\nTreatment\n 2009. Decision based on MTUS Low Back\n  Pain "
      "Page(s): 12.");
  using Read = std::tuple<std::string, int, std::vector<std::string>, std::vector<std::string_view>>;
  std::vector<Read> read;
  for (const Citation& c : g.citations) read.emplace_back(Normalized(c.part), c.year, Texts(c.sections), c.pages);
  EXPECT_EQ(read, (std::vector<Read>{{"Forearm, Wrist, and Hand Complaints", 2004, {"Special Studies"}, {}},
                                     {"Chronic Pain Medical Treatment", 2009, {}, {}},
                                     {"Low Back Pain", 0, {}, {"12"}}}));
}

TEST(Guideline, PagesNeedTheWholeLabelInAnyCase) {
  const Guideline without_colon =
      Parse("Decision based on MTUS Chronic Pain Medical Treatment Guidelines Opioids Page(s) 74-96.");
  ASSERT_EQ(without_colon.citations.size(), 1u);
  EXPECT_EQ(Texts(without_colon.citations[0].sections), std::vector<std::string>{"Opioids Page(s) 74-96"});
  EXPECT_TRUE(without_colon.citations[0].pages.empty());
  const Guideline capitals =
      Parse("Decision based on MTUS Chronic Pain Medical Treatment Guidelines Opioids PAGE(S): 74.");
  ASSERT_EQ(capitals.citations.size(), 1u);
  EXPECT_EQ(capitals.citations[0].pages, std::vector<std::string_view>{"74"});
}

TEST(Guideline, LongBlocksAreReadWhole) {
  // Far longer than any real block (a letter whose next label is missing).
  std::string block;
  for (int i = 0; i < 60; ++i) {
    block += i % 2 == 0 ? "Decision based on MTUS Knee Complaints 2004, Section(s): Summary. "
                        : "Decision based on MTUS Elbow Complaints 2007, Section(s): Special Studies. ";
  }
  block += "Decision based on Non-MTUS Citation ODG Knee Chapter, Continuous passive motion.";
  const Guideline g = Parse(block);
  ASSERT_EQ(g.citations.size(), 61u);
  EXPECT_EQ(g.citations[59].part, "Elbow Complaints");
  EXPECT_EQ(Texts(g.citations[59].sections), std::vector<std::string>{"Special Studies"});
  EXPECT_EQ(g.citations[60].source, CitationSource::kOdg);
  EXPECT_EQ(g.citations[60].part, "Knee and Leg");
  EXPECT_EQ(Texts(g.citations[60].sections), std::vector<std::string>{"Continuous passive motion"});
}

}  // namespace
}  // namespace imr::extract
