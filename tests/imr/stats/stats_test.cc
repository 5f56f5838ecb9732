#include "imr/stats/stats.h"

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "imr/stats/histogram.h"
#include "imr/stats/partial.h"
#include "imr/stats/report.h"
#include "imr/stats/vocabulary.h"
#include "imr/taxonomy/taxonomy.h"
#include "testing/test_util.h"

namespace imr::stats {
namespace {

using extract::Citation;
using extract::CitationSource;
using extract::Date;
using extract::Item;
using extract::Letter;
using extract::Outcome;

TEST(Histogram, PercentilesAreNearestRank) {
  Histogram h;
  for (int v : {5, 1, 3, 2, 4, 6, 7, 8, 9, 10}) h.Add(v);
  EXPECT_EQ(h.count(), 10u);
  EXPECT_EQ(h.Percentile(50), 5);  // the 5th of 10
  EXPECT_EQ(h.Percentile(90), 9);  // the 9th of 10
  EXPECT_EQ(h.Percentile(100), 10);
  EXPECT_EQ(h.Max(), 10);
  EXPECT_EQ(h.Min(), 1);
  Histogram one;
  one.Add(42, 3);
  EXPECT_EQ(one.Percentile(50), 42);
  EXPECT_EQ(one.Percentile(90), 42);
  EXPECT_EQ(Histogram().Percentile(50), 0);
}

TEST(Histogram, MergeEqualsAddingEverything) {
  Histogram a, b, all;
  for (int v = 0; v < 100; ++v) {
    (v % 3 == 0 ? a : b).Add(v % 17);
    all.Add(v % 17);
  }
  Histogram ab = a;
  ab.Merge(b);
  Histogram ba = b;
  ba.Merge(a);
  EXPECT_EQ(ab, all);
  EXPECT_EQ(ba, all);
  EXPECT_EQ(ab.Percentile(90), all.Percentile(90));
}

// Values below zero, in the dense range and past it are kept in two stores;
// order, extremes, percentiles and merging must not show the seam.
TEST(Histogram, ValuesOnBothSidesOfTheDenseRange) {
  const std::int64_t edge = Histogram::kDenseLimit;
  Histogram a, b;
  for (std::int64_t v : {edge, -3L, 0L, edge - 1, 7L, 100000L}) a.Add(v);
  b.Add(-3, 2);
  b.Add(edge + 1);
  EXPECT_EQ(a.Min(), -3);
  EXPECT_EQ(a.Max(), 100000);
  const std::map<std::int64_t, std::uint64_t> want = {{-3, 1}, {0, 1}, {7, 1}, {edge - 1, 1}, {edge, 1}, {100000, 1}};
  EXPECT_EQ(a.counts(), want);
  EXPECT_EQ(a.Percentile(50), 7);
  EXPECT_EQ(a.Percentile(66), edge - 1);  // rank 4 of 6
  EXPECT_EQ(a.Percentile(67), edge);      // rank 5
  EXPECT_EQ(a.Percentile(100), 100000);

  Histogram ab = a, ba = b;
  ab.Merge(b);
  ba.Merge(a);
  EXPECT_EQ(ab, ba);
  EXPECT_EQ(ab.count(), 9u);
  EXPECT_EQ(ab.Percentile(33), -3);  // rank 3 of 9: three are -3
  EXPECT_EQ(ab.Percentile(34), 0);   // rank 4
  EXPECT_EQ(ab.Percentile(45), 7);   // rank 5
  EXPECT_EQ(ab.Max(), 100000);

  Histogram only_sparse;
  only_sparse.Add(edge + 5);
  EXPECT_EQ(only_sparse.Min(), edge + 5);
  EXPECT_EQ(only_sparse.Max(), edge + 5);
  Histogram only_small;  // a dense store grown for 300 equals one grown for 3
  only_small.Add(300);
  only_small.Add(3);
  Histogram other;
  other.Add(3);
  other.Add(300);
  EXPECT_EQ(only_small, other);
  other.Add(301);
  EXPECT_NE(only_small, other);
}

// The hash index points into the table's own nodes: a copy must index its
// own, and a moved-to table keeps working.
TEST(KeyedTable, CopiesAndMovesKeepTheirOwnIndex) {
  KeyedTable<std::uint64_t> a;
  for (std::string_view k : {"b", "a", "c", "a"}) ++a[k];
  KeyedTable<std::uint64_t> copy = a;
  ++copy["a"];
  ++copy["d"];
  EXPECT_EQ(a.at("a"), 2u);
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(copy.at("a"), 3u);
  EXPECT_EQ(copy.size(), 4u);
  KeyedTable<std::uint64_t> moved = std::move(copy);
  ++moved["a"];
  EXPECT_EQ(moved.at("a"), 4u);
  copy = a;  // assigning over a moved-from table
  ++copy["c"];
  EXPECT_EQ(copy.at("c"), 2u);
  EXPECT_EQ(a.at("c"), 1u);
  std::string keys;
  for (const auto& [k, n] : moved) keys += k;
  EXPECT_EQ(keys, "abcd");  // key order, not insertion order
  EXPECT_NE(a, copy);
  ++a["c"];
  EXPECT_EQ(a, copy);
  EXPECT_EQ(a.find("zz"), a.end());
}

TEST(Vocabulary, SpellingsOfOneKeyShareItsId) {
  Vocabulary parts(Vocabulary::Spelling::kText);
  const Vocabulary::Id id = parts.Intern("Low Back\nComplaints");
  EXPECT_EQ(parts.key(id), "Low Back Complaints");
  EXPECT_EQ(parts.Intern("Low Back Complaints"), id);
  EXPECT_EQ(parts.Intern("  Low  Back\fComplaints "), id);
  EXPECT_EQ(parts.Intern("Low Back\nComplaints"), id);  // seen before: not normalised again
  const Vocabulary::Id knee = parts.Intern("Knee Complaints");
  EXPECT_NE(knee, id);
  EXPECT_EQ(parts.Intern(" "), parts.Intern(""));  // normalises to the empty key
  EXPECT_EQ(parts.size(), 3u);
  // Letter text, found without the address cache, shares the same ids.
  EXPECT_EQ(parts.InternText("Low Back\n\nComplaints"), id);
  EXPECT_EQ(parts.InternText("Knee Complaints"), knee);
  const Vocabulary::Id hand = parts.InternText("Hand\nComplaints");
  EXPECT_EQ(parts.key(hand), "Hand Complaints");
  EXPECT_EQ(parts.Intern("Hand Complaints"), hand);
  EXPECT_EQ(parts.size(), 4u);

  Vocabulary titles(Vocabulary::Spelling::kTextLowercase);
  EXPECT_EQ(titles.key(titles.Intern("Zzyzx  Device")), "zzyzx device");
  EXPECT_EQ(titles.Intern("zzyzx device"), titles.Intern("ZZYZX DEVICE"));

  Vocabulary exact;
  EXPECT_NE(exact.Intern("a  b"), exact.Intern("a b"));
}

// The address cache finds canonical names without hashing them; a view whose
// address once held other text must still be found by its content.
TEST(Vocabulary, AReusedAddressIsCheckedAgainstTheContent) {
  Vocabulary v(Vocabulary::Spelling::kText);
  std::string buffer = "Knee";
  const std::string_view view = buffer;
  const Vocabulary::Id knee = v.Intern(view);
  EXPECT_EQ(v.Intern(view), knee);
  buffer.replace(0, 4, "Hand");  // same address, same length, other text
  const Vocabulary::Id hand = v.Intern(view);
  EXPECT_NE(hand, knee);
  EXPECT_EQ(v.key(hand), "Hand");
  buffer.replace(0, 4, "Knee");
  EXPECT_EQ(v.Intern(view), knee);
  buffer.replace(0, 4, "K\nee");
  EXPECT_EQ(v.key(v.Intern(view)), "K ee");
}

// Letter text comes at a new address in every letter and is found by its
// length and sampled bytes (its first, middle and last eight): texts that
// differ in one byte, sampled or (in a long text) not, must still be told
// apart.
TEST(Vocabulary, TextAtANewAddressIsFoundByItsWholeContent) {
  for (const std::string_view key :
       {"ab", "Knee", "Shoulder", "Surgical Considerations", "Cornerstones of Disability Prevention and Management"}) {
    Vocabulary v;
    std::string first(key), other(key);
    other[other.size() > 24 ? 10 : other.size() / 2] = '#';  // byte 10 of a long text is not sampled
    const Vocabulary::Id id = v.Intern(first);
    const Vocabulary::Id other_id = v.Intern(other);
    EXPECT_NE(other_id, id) << key;
    for (int copy = 0; copy < 3; ++copy) {  // each at another address
      const std::string again(key), other_again(other);
      EXPECT_EQ(v.Intern(again), id) << key;
      EXPECT_EQ(v.Intern(other_again), other_id) << key;
    }
    EXPECT_EQ(v.size(), 2u) << key;
  }
}

// A spelling that is not its key (a section name broken across lines) must
// be told from another such spelling with the same sample, and found again
// at a new address, by whichever cache or map finds it.
TEST(Vocabulary, TextUnlikeItsKeyIsFoundByItsWholeContent) {
  Vocabulary v(Vocabulary::Spelling::kText);
  const std::string first = "Surgical\nConsiderations for the Elbow";
  std::string other = first;
  other[10] = 'K';  // not sampled: length, first, middle and last eight bytes agree
  const Vocabulary::Id id = v.InternText(first);
  const Vocabulary::Id other_id = v.InternText(other);
  EXPECT_NE(other_id, id);
  EXPECT_EQ(v.key(id), "Surgical Considerations for the Elbow");
  EXPECT_EQ(v.key(other_id), "Surgical CKnsiderations for the Elbow");
  for (int copy = 0; copy < 3; ++copy) {  // each at another address
    const std::string again(first), other_again(other);
    EXPECT_EQ(v.InternText(again), id);
    EXPECT_EQ(v.InternText(other_again), other_id);
    EXPECT_EQ(v.Intern(again), id);
    EXPECT_EQ(v.Intern(other_again), other_id);
  }
  EXPECT_EQ(v.InternText("Surgical Considerations for the Elbow"), id);  // the key itself
  EXPECT_EQ(v.size(), 2u);
}

TEST(Vocabulary, NumbersAreSpelledOnce) {
  Vocabulary years;
  int spelled = 0;
  const auto year = [&](std::uint64_t n) {
    return years.InternNumber(n, [&] {
      ++spelled;
      return std::to_string(n % 10000);
    });
  };
  const Vocabulary::Id y2016 = year(2016);
  EXPECT_EQ(year(2016), y2016);
  EXPECT_EQ(spelled, 1);
  EXPECT_EQ(years.key(y2016), "2016");
  EXPECT_NE(year(2017), y2016);
  EXPECT_EQ(year(12016), y2016);  // another number spelled alike: the same key
  EXPECT_EQ(years.Intern("2016"), y2016);
  EXPECT_EQ(spelled, 3);
}

TEST(Stats, DaysBetweenCountsLeapDaysAndYears) {
  EXPECT_EQ(DaysBetween({2016, 2, 28}, {2016, 3, 1}), 2);
  EXPECT_EQ(DaysBetween({2017, 2, 28}, {2017, 3, 1}), 1);
  EXPECT_EQ(DaysBetween({2016, 12, 31}, {2017, 1, 1}), 1);
  EXPECT_EQ(DaysBetween({2017, 1, 1}, {2016, 12, 31}), -1);
  EXPECT_EQ(DaysBetween({1996, 12, 19}, {2016, 12, 19}), 7305);
}

TEST(Stats, AgeBandsCoverEveryAge) {
  EXPECT_EQ(AgeBand(19), "under 25");
  EXPECT_EQ(AgeBand(25), "25-34");
  EXPECT_EQ(AgeBand(44), "35-44");
  EXPECT_EQ(AgeBand(64), "55-64");
  EXPECT_EQ(AgeBand(65), "65 and over");
}

// A letter built by hand: every view points at string literals.
Letter MakeLetter(int decision_month, std::vector<Outcome> outcomes) {
  Letter l;
  l.decision_date = Date{2017, static_cast<std::int8_t>(decision_month), 15};
  l.application_received = Date{2017, static_cast<std::int8_t>(decision_month), 1};
  l.ur_denial_date = Date{2016, 12, 1};
  l.date_of_injury = Date{2014, 6, 1};
  l.age = 47;
  l.sex = extract::Sex::kFemale;
  l.specialties = {"Pain  Management", "Anesthesiology"};
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    Item item;
    item.outcome = outcomes[i];
    item.title = item.disputed = i % 2 == 0 ? "Norco 10/325mg #60" : "Zzyzx device";
    item.category = i % 2 == 0 ? "pharmaceuticals" : "";
    item.drug_class = i % 2 == 0 ? "opioids" : "";
    item.body_region = i % 2 == 0 ? "" : "knee";
    item.claims_administrator.text = "Decision based on MTUS Chronic Pain Medical Treatment";
    item.claims_administrator.citations.push_back(Citation{CitationSource::kMtus, "Chronic Pain Medical Treatment"});
    item.maximus.text = "ODG";
    item.maximus.citations.push_back(Citation{CitationSource::kOdg, "Pain"});
    item.medically_necessary = outcomes[i] == Outcome::kOverturned;
    l.items.push_back(item);
  }
  return l;
}

TEST(Stats, CountsOutcomesByEveryBreakdown) {
  Stats s;
  s.AddLetter(MakeLetter(2, {Outcome::kUpheld, Outcome::kUpheld, Outcome::kOverturned}));
  EXPECT_FALSE(s.settled());
  s.Settle();
  EXPECT_TRUE(s.settled());
  EXPECT_EQ(s.letters, 1u);
  EXPECT_EQ(s.items, 3u);
  EXPECT_EQ(s.outcomes, (OutcomeCounts{2, 1}));
  EXPECT_EQ(s.table(Outcomes::kByCategory).at("pharmaceuticals"), (OutcomeCounts{1, 1}));
  EXPECT_EQ(s.table(Outcomes::kByCategory).at("other"), (OutcomeCounts{1, 0}));
  EXPECT_EQ(s.table(Outcomes::kByDrugClass).at("opioids"), (OutcomeCounts{1, 1}));
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("Pain Management"), (OutcomeCounts{2, 1}));  // whitespace normalised
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("Anesthesiology"), (OutcomeCounts{2, 1}));   // and counted under both
  EXPECT_EQ(s.table(Outcomes::kByBodyRegion).at("knee"), (OutcomeCounts{1, 0}));
  EXPECT_EQ(s.table(Outcomes::kByBodyRegion).at("unknown"), (OutcomeCounts{1, 1}));
  EXPECT_EQ(s.table(Outcomes::kByMaximusSource).at("ODG"), (OutcomeCounts{2, 1}));
  EXPECT_EQ(s.table(Outcomes::kByAgeBand).at("45-54"), (OutcomeCounts{2, 1}));
  EXPECT_EQ(s.table(Outcomes::kBySex).at("female"), (OutcomeCounts{2, 1}));
  EXPECT_EQ(s.table(Counts::kLettersByDecisionQuarter).at("2017-Q1"), 1u);
  EXPECT_EQ(s.table(Counts::kLettersByAccidentYear).at("2014"), 1u);
  EXPECT_EQ(s.received_to_decision.Percentile(50), 14);
  EXPECT_EQ(s.table(Intervals::kReceivedToDecisionByQuarter).at("2017-Q1").count(), 1u);
  EXPECT_EQ(s.claims_administrator.table(GuidelineCounts::kItemsBySource).at("MTUS"), 3u);
  EXPECT_EQ(s.claims_administrator.table(GuidelineCounts::kMtusParts).at("Chronic Pain Medical Treatment"), 3u);
  EXPECT_EQ(s.table(Counts::kGuidelineAgreement).at("different_sources"), 3u);
  EXPECT_EQ(s.items_unclassified, 1u);
  EXPECT_EQ(s.table(Counts::kUnclassifiedTitles).at("zzyzx device"), 1u);
  EXPECT_EQ(s.rationale_agrees, 3u);
}

// Letters in the tally of interned keys are part of the value: they compare,
// merge and render as if they were in the tables already.
TEST(Stats, LettersNotYetSettledCountEverywhere) {
  Stats added;
  added.AddLetter(MakeLetter(2, {Outcome::kUpheld, Outcome::kOverturned}));
  Stats merged;
  merged.Merge(added);
  EXPECT_FALSE(added.settled());
  EXPECT_TRUE(merged.settled());
  EXPECT_EQ(added, merged);
  EXPECT_EQ(FormatPartialJson(added), FormatPartialJson(merged));
  EXPECT_EQ(FormatStatsJson(added), FormatStatsJson(merged));
  EXPECT_EQ(FormatStatsMarkdown(added), FormatStatsMarkdown(merged));
  EXPECT_EQ(merged.table(Outcomes::kByCategory).at("pharmaceuticals"), (OutcomeCounts{1, 0}));

  Stats more = added;  // settles at the Merge, then adds its own letters after
  more.Merge(added);
  more.AddLetter(MakeLetter(2, {Outcome::kUpheld}));
  EXPECT_NE(more, merged);
  more.Settle();
  EXPECT_EQ(more.letters, 3u);
  EXPECT_EQ(more.table(Outcomes::kByCategory).at("pharmaceuticals"), (OutcomeCounts{3, 0}));
  EXPECT_EQ(more.table(Counts::kLettersByDecisionQuarter).at("2017-Q1"), 3u);
}

// Extraction reuses its buffers, so the text behind a view changes from one
// letter to the next at the same address.
TEST(Stats, LetterTextIsCountedByContentWhateverItsAddress) {
  std::string text = "Pain  Management|Low Back\nComplaints|Opioids";
  Letter l = MakeLetter(4, {Outcome::kUpheld});
  const auto field = [&](std::size_t at, std::size_t n) { return std::string_view(text).substr(at, n); };
  l.specialties = {field(0, 16)};
  l.items[0].maximus.citations = {Citation{CitationSource::kMtus, field(17, 19), 0, {field(37, 7)}, {}}};
  Stats s;
  s.AddLetter(l);
  text = "Anesthesiology  |Knee  Complaints   |Surgery";  // same lengths, other text
  s.AddLetter(l);
  s.Settle();
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("Pain Management"), (OutcomeCounts{1, 0}));
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("Anesthesiology"), (OutcomeCounts{1, 0}));
  EXPECT_EQ(s.table(Outcomes::kByMtusPart).at("Low Back Complaints"), (OutcomeCounts{1, 0}));
  EXPECT_EQ(s.table(Outcomes::kByMtusPart).at("Knee Complaints"), (OutcomeCounts{1, 0}));
  EXPECT_EQ(s.maximus.table(GuidelineCounts::kMtusTopics).at("Low Back Complaints: Opioids"), 1u);
  EXPECT_EQ(s.maximus.table(GuidelineCounts::kMtusTopics).at("Knee Complaints: Surgery"), 1u);
}

// A specialty listed twice (in two spellings of one key) counts a letter's
// items once, in every letter; a letter with only blank specialties counts
// under "unknown".
TEST(Stats, ASpecialtyListedTwiceCountsOncePerLetter) {
  Letter l = MakeLetter(4, {Outcome::kUpheld, Outcome::kOverturned});
  l.specialties = {"Pain  Management", "Anesthesiology", "Pain Management"};
  Letter blank = MakeLetter(4, {Outcome::kUpheld});
  blank.specialties = {" ", "\n"};
  Stats s;
  s.AddLetter(l);
  s.AddLetter(blank);
  s.AddLetter(l);
  s.Settle();
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).size(), 3u);
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("Pain Management"), (OutcomeCounts{2, 2}));
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("Anesthesiology"), (OutcomeCounts{2, 2}));
  EXPECT_EQ(s.table(Outcomes::kBySpecialty).at("unknown"), (OutcomeCounts{1, 0}));
}

// An MTUS citation without a part counts under "unknown", like one that
// names a part "unknown"; as a guideline it is "MTUS: " all the same, which
// differs from "MTUS: unknown".
TEST(Stats, MtusCitationsWithoutAPartCountAsUnknown) {
  Letter l = MakeLetter(4, {Outcome::kUpheld});
  Item& item = l.items[0];
  item.claims_administrator.citations = {Citation{CitationSource::kMtus, "", 0, {"Opioids"}, {}}};
  item.maximus.citations = {Citation{CitationSource::kMtus, "", 0, {}, {"12"}},
                            Citation{CitationSource::kMtus, "unknown", 0, {"Opioids"}, {}}};
  Stats s;
  s.AddLetter(l);
  s.Settle();
  EXPECT_EQ(s.table(Outcomes::kByMtusPart).size(), 1u);
  EXPECT_EQ(s.table(Outcomes::kByMtusPart).at("unknown"), (OutcomeCounts{1, 0}));  // once per item
  EXPECT_EQ(s.maximus.table(GuidelineCounts::kMtusParts).at("unknown"), 2u);
  EXPECT_EQ(s.maximus.table(GuidelineCounts::kMtusTopics).at("unknown: page(s) 12"), 1u);
  EXPECT_EQ(s.maximus.table(GuidelineCounts::kMtusTopics).at("unknown: Opioids"), 1u);
  EXPECT_EQ(s.claims_administrator.table(GuidelineCounts::kMtusTopics).at("unknown: Opioids"), 1u);
  EXPECT_EQ(s.table(Counts::kGuidelineAgreement).at("same_sources"), 1u);
  EXPECT_EQ(s.table(Counts::kGuidelineAgreement).at("overlapping_guidelines"), 1u);
}

TEST(Stats, RationaleThatContradictsTheOutcomeIsCounted) {
  Letter l = MakeLetter(3, {Outcome::kUpheld, Outcome::kUpheld});
  l.items[0].medically_necessary = true;  // "is medically necessary", yet upheld
  l.items[1].medically_necessary.reset();
  Stats s;
  s.AddLetter(l);
  EXPECT_EQ(s.rationale_disagrees, 1u);
  EXPECT_EQ(s.rationale_no_conclusion, 1u);
}

TEST(Stats, NegativeIntervalsAreCountedNotAveraged) {
  Letter l = MakeLetter(3, {Outcome::kUpheld});
  l.application_received = Date{2018, 1, 1};
  Stats s;
  s.AddLetter(l);
  EXPECT_EQ(s.dates_out_of_order, 1u);
  EXPECT_TRUE(s.received_to_decision.empty());
}

std::vector<Stats> Shards() {
  std::vector<Stats> shards(3);
  shards[0].AddLetter(MakeLetter(1, {Outcome::kUpheld}));
  shards[1].AddLetter(MakeLetter(5, {Outcome::kOverturned, Outcome::kUpheld}));
  shards[1].AddLetter(MakeLetter(9, {}));
  shards[2].AddLetter(MakeLetter(11, {Outcome::kUpheld, Outcome::kUpheld, Outcome::kOverturned}));
  shards[2].accounting.bytes_read = 77;
  shards[2].taxonomies.insert("t1");
  return shards;
}

TEST(Stats, MergeIsCommutativeAndAssociative) {
  const std::vector<Stats> s = Shards();
  Stats left = s[0];  // (0 + 1) + 2
  left.Merge(s[1]);
  left.Merge(s[2]);
  Stats right = s[1];  // 0 + (1 + 2), in reverse
  right.Merge(s[2]);
  Stats reversed = right;
  reversed.Merge(s[0]);
  Stats with_empty = left;
  with_empty.Merge(Stats{});
  EXPECT_EQ(left, reversed);
  EXPECT_EQ(left, with_empty);
  EXPECT_EQ(FormatStatsMarkdown(left), FormatStatsMarkdown(reversed));
  EXPECT_EQ(FormatStatsJson(left), FormatStatsJson(reversed));
  EXPECT_EQ(left.letters, 4u);
  EXPECT_EQ(left.items, 6u);
}

// A temporary merged into a Stats that holds nothing yet (a run's total) is
// moved in, its letters not yet settled folded after it; into any other it
// is added. Either way the sum is what merging copies gives.
TEST(Stats, MergingTemporariesEqualsMergingCopies) {
  const std::vector<Stats> s = Shards();
  ASSERT_FALSE(s[0].settled());
  Stats copied;
  for (const Stats& shard : s) copied.Merge(shard);
  Stats moved;
  for (Stats shard : s) moved.Merge(std::move(shard));
  EXPECT_TRUE(moved.settled());
  EXPECT_EQ(moved, copied);
  EXPECT_EQ(FormatPartialJson(moved), FormatPartialJson(copied));
  EXPECT_EQ(FormatStatsJson(moved), FormatStatsJson(copied));
}

TEST(Report, EveryRateIsShownWithItsCount) {
  Stats s;
  s.AddLetter(MakeLetter(2, {Outcome::kUpheld, Outcome::kOverturned}));
  const std::string md = FormatStatsMarkdown(s);
  EXPECT_NE(md.find("| other | 1 | 0 | 1 | 0.0% (0/1) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | 1 | 1 | 50.0% (1/2) |"), std::string::npos) << md;
  for (const char* section : {"## Volumes", "## Outcomes", "## Guidelines", "## Timing", "## Patients", "## Quality",
                              "By service category", "By drug class", "By reviewer specialty", "By body region",
                              "Unclassified titles", "Accident year", "by decision quarter"}) {
    EXPECT_NE(md.find(section), std::string::npos) << section;
  }
  const std::string json = FormatStatsJson(s);
  EXPECT_NE(json.find("\"key\":\"other\",\"items\":1,\"upheld\":0,\"overturned\":1,\"uphold_rate\":0"),
            std::string::npos)
      << json;
}

TEST(Partial, RoundTripsExactly) {
  std::vector<Stats> shards = Shards();
  Stats all;
  for (const Stats& s : shards) all.Merge(s);
  all.warnings_by_code[static_cast<int>(extract::WarningCode::kNoItems)] = 3;
  all.table(Counts::kUnclassifiedTitles)["a \"quoted\" title\n"] = 2;
  const std::string json = FormatPartialJson(all);
  const absl::StatusOr<Stats> back = ParsePartialJson(json, "p.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, all);
  EXPECT_EQ(FormatPartialJson(*back), json);
}

TEST(Partial, BadInputIsDataLossNamingTheFile) {
  const std::string good = FormatPartialJson(Shards()[0]);
  std::string wrong_version = good;
  wrong_version.replace(wrong_version.find("\"version\":1"), 11, "\"version\":99");
  std::string missing = good;
  missing.replace(missing.find("\"letters_rejected\""), 18, "\"letters_rejectedX\"");
  std::string bad_code = good;
  bad_code.replace(bad_code.find("\"warnings_by_code\":{}"), 21, "\"warnings_by_code\":{\"nope\":1}");
  std::string bad_type = good;
  bad_type.replace(bad_type.find("\"items\":"), 9, "\"items\":\"1\"");
  const struct {
    std::string json;
    const char* message;
  } cases[] = {
      {"not json", "shard.json: not a stats partial (invalid JSON"},
      {"{\"letters\":1}", "shard.json: not a stats partial (no \"format\""},
      {wrong_version, "shard.json: stats partial of version 99"},
      {missing, "shard.json: field 'letters_rejected' is missing"},
      {bad_code, "shard.json: field 'warnings_by_code': unknown warning code 'nope'"},
      {bad_type, "shard.json: field 'items': expected a non-negative integer"},
  };
  for (const auto& c : cases) {
    const absl::StatusOr<Stats> s = ParsePartialJson(c.json, "shard.json");
    ASSERT_FALSE(s.ok()) << c.json;
    EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(s.status().message().find(c.message), absl::string_view::npos) << s.status();
  }
  const absl::StatusOr<Stats> missing_file = ReadPartialFile("/nonexistent/shard.json");
  ASSERT_FALSE(missing_file.ok());
  EXPECT_EQ(missing_file.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace imr::stats
