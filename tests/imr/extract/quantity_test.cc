// Quantity, unit and body region from service names written in the ways the
// letters write them (titles composed for this test).
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "imr/extract/fields.h"

namespace imr::extract {
namespace {

struct Case {
  const char* title;
  std::optional<int> quantity;
  const char* unit;    // "" when none
  const char* region;  // "" when none
};

class Quantity : public ::testing::TestWithParam<Case> {};

TEST_P(Quantity, ReadsWhatTheTitleStates) {
  const Case& c = GetParam();
  Item item;
  ParseQuantity(c.title, &item);
  EXPECT_EQ(item.quantity, c.quantity);
  EXPECT_EQ(item.unit, c.unit);
  EXPECT_EQ(item.body_region, c.region);
}

INSTANTIATE_TEST_SUITE_P(
    Titles, Quantity,
    ::testing::Values(
        // Dispensed counts.
        Case{"Ibuprofen 800mg #90", 90, "tablets", ""},
        Case{"Hydrocodone/APAP 10/325mg, #120 with 1 refill", 120, "tablets", ""},
        Case{"Meloxicam 15mg quantity 30", 30, "tablets", ""}, Case{"Lidoderm 5% patch #30", 30, "patches", ""},
        Case{"Knee brace #1 for the left knee", 1, "", "knee"},
        Case{"Chiropractic sessions for the lumbar spine, #6", 6, "sessions", "lumbar spine"},
        // Counts of events, in digits or words, glued or hyphenated.
        Case{"Physical therapy 12 visits for the cervical spine", 12, "visits", "cervical spine"},
        Case{"Ten additional aquatic therapy sessions", 10, "sessions", ""},
        Case{"Six sessions of cognitive behavioral therapy", 6, "sessions", ""},
        Case{"Massage (8-visits) for the neck", 8, "visits", "cervical spine"},
        Case{"Naproxen 550mg with 3 refills", 3, "refills", ""}, Case{"Topical cream 10%, 180 grams", 180, "grams", ""},
        Case{"Oral suspension 5mg/ml, 300ml", 300, "ml", ""},
        // Frequencies.
        Case{"Physical therapy 3 times a week for 4 weeks, right shoulder", 12, "sessions", "shoulder"},
        Case{"Acupuncture two times weekly for three weeks for the low back", 6, "sessions", "lumbar spine"},
        Case{"Chiropractic visits twice a week for 5 weeks", 10, "visits", ""},
        Case{"Physical therapy 2 times 6 to the left hip", 12, "sessions", "hip"},
        Case{"Eight therapy sessions, two times a week for four weeks", 8, "sessions", ""},
        // Durations and repeats.
        Case{"TENS unit rental for 3 months", 3, "months", ""},
        Case{"Cold therapy unit, 21 day rental", 21, "days", ""}, Case{"Gym membership for 6months", 6, "months", ""},
        Case{"Office visit times 4", 4, "visits", ""}, Case{"Laboratory panel x 2", 2, "", ""},
        // Counts of things the service opens with (these were once read as null).
        Case{"One (1) Gym Membership", 1, "", ""}, Case{"One (1) x-ray of the lumbar spine", 1, "", "lumbar spine"},
        Case{"Associated surgical service: 2 leg wraps", 2, "", ""},
        Case{"Associated surgical service: Cold therapy unit", std::nullopt, "", ""},
        Case{"5/325 Norco", std::nullopt, "", ""},
        // Nothing single stated.
        Case{"Physical therapy 8-12 sessions for the wrist", std::nullopt, "", "wrist"},
        Case{"Cream 2.5% 60.5 grams", std::nullopt, "", ""},
        Case{"Epidural steroid injection at L5-S1", std::nullopt, "", ""},
        Case{"Follow-up (DOS 10/12/16)", std::nullopt, "", ""},
        Case{"Muscle relaxant, take 1 tab 1 hour before bed", std::nullopt, "", ""},
        // Regions: the first named, canonical, whole words only.
        Case{"MRI of the bilateral upper extremities", std::nullopt, "", "upper extremity"},
        Case{"X-ray of the thoracic and lumbar spine", std::nullopt, "", "thoracic spine"},
        Case{"Handling instructions", std::nullopt, "", ""}, Case{"Evaluation for headaches", std::nullopt, "", ""}));

// Where the rules read the title word by word, the boundaries they kept
// from reading it byte by byte: names across any whitespace but only as
// whole words, units glued to digits or after a hyphen or plain words,
// every "times" before any "x", and the first "quantity" deciding.
INSTANTIATE_TEST_SUITE_P(
    WordBoundaries, Quantity,
    ::testing::Values(Case{"Massage of the LOWER\nBACK 6-visits", 6, "visits", "lumbar spine"},
                      Case{"MRI of the upper extremitys", std::nullopt, "", ""},
                      Case{"TENS unit, 30days rental", 30, "days", ""}, Case{"One (1)visit", 1, "visits", ""},
                      Case{"Six physical-therapy visits", 6, "visits", ""}, Case{"Six abc3 visits", 6, "", ""},
                      Case{"Therapy twice a week x 3 weeks", 6, "sessions", ""},
                      Case{"Exam x 5 and times 3", 3, "", ""}, Case{"Lidoderm patches quantity: 90", 90, "patches", ""},
                      Case{"Xquantity 30 quantity 60", std::nullopt, "", ""}));

// BodyRegionIn is ParseQuantity's region (what `imr gen` writes as truth):
// the first region named, the longest name at that place, and the sided
// phrases regions.tsv marks `write` read by their last word.
// Titles are read 64 bytes at a time: a number and its unit are found
// wherever those blocks part them, or part a word.
TEST(ParseQuantity, ReadsAcrossEveryBlockBoundary) {
  for (std::size_t pad = 0; pad < 140; ++pad) {
    for (const char* filler : {" ", "x"}) {
      // "x" glues the filler to "Therapy" into one word that may cross a boundary.
      const std::string title = std::string(pad, filler[0]) + "Therapy 12 visits for the lumbar spine";
      Item item;
      ParseQuantity(title, &item);
      EXPECT_EQ(item.quantity, 12) << pad << " '" << filler << "'";
      EXPECT_EQ(item.unit, "visits") << pad << " '" << filler << "'";
      EXPECT_EQ(item.body_region, "lumbar spine") << pad << " '" << filler << "'";
    }
  }
}

TEST(BodyRegionIn, IsTheRegionParseQuantityReads) {
  for (const char* title : {"Total knee arthroplasty, left knee", "Lumbar laminectomy and discectomy at L4-5",
                            "MRI of the lumbosacral spine and left shoulder", "Cortisone injection to the right hip",
                            "EMG/NCV of the bilateral upper extremities", "Urine drug screen"}) {
    Item item;
    ParseQuantity(title, &item);
    EXPECT_EQ(BodyRegionIn(title), item.body_region) << title;
  }
  EXPECT_EQ(BodyRegionIn("MRI of the lumbosacral spine and left shoulder"), "lumbar spine");
  EXPECT_EQ(BodyRegionIn("Physical therapy for the bilateral knees"), "knee");
  EXPECT_EQ(BodyRegionIn("EMG/NCV of the bilateral upper extremities"), "upper extremity");
  EXPECT_EQ(BodyRegionIn("Urine drug screen"), "");
}

}  // namespace
}  // namespace imr::extract
