#include "imr/taxonomy/taxonomy.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/extract/extractor.h"
#include "imr/taxonomy/phrase_matcher.h"
#include "testing/test_util.h"

namespace imr::taxonomy {
namespace {

struct Expected {
  const char* service;
  const char* category;
  const char* drug_class;
};

void ExpectClasses(const Taxonomy& t, const std::vector<Expected>& cases) {
  for (const Expected& e : cases) {
    const Classification c = t.Classify(e.service);
    EXPECT_EQ(c.category, e.category) << e.service;
    EXPECT_EQ(c.drug_class, e.drug_class) << e.service;
  }
}

Taxonomy MustParse(std::string_view text) {
  absl::StatusOr<Taxonomy> t = Taxonomy::Parse(text, "test.tsv");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? std::move(*t) : Taxonomy();
}

TEST(Taxonomy, DefaultIsTheDataFileOfTheSourceTree) {
  const std::string file = testing::ReadFile(testing::SourceDir() + "/data/taxonomy.tsv");
  EXPECT_EQ(DefaultTaxonomyText(), file);
  const Taxonomy parsed = MustParse(file);
  EXPECT_EQ(parsed.fingerprint(), Taxonomy::Default().fingerprint());
  EXPECT_GT(Taxonomy::Default().rules().size(), 15u);
}

// The built-in rules and matcher are what the build wrote into the program:
// they must be, array for array, what parsing the file makes now.
TEST(Taxonomy, DefaultIsWhatParsingTheDataFileMakes) {
  const Taxonomy parsed = MustParse(DefaultTaxonomyText());
  EXPECT_EQ(parsed.matcher().states(), 1u);  // FirstRule's tables only
  EXPECT_GT(parsed.drug_matcher().states(), 1000u);
  for (const auto& [want_matcher, got_matcher] :
       {std::pair{&parsed.matcher(), &Taxonomy::Default().matcher()},
        std::pair{&parsed.drug_matcher(), &Taxonomy::Default().drug_matcher()}}) {
    const PhraseMatcher::Tables& want = want_matcher->tables();
    const PhraseMatcher::Tables& got = got_matcher->tables();
    EXPECT_EQ(got.class_of, want.class_of);
    EXPECT_EQ(got.classes, want.classes);
    EXPECT_TRUE(std::ranges::equal(got.delta, want.delta));
    EXPECT_TRUE(std::ranges::equal(got.own, want.own));
    EXPECT_TRUE(std::ranges::equal(got.entries, want.entries));
    EXPECT_TRUE(std::ranges::equal(got.lead_slots, want.lead_slots));
    EXPECT_TRUE(std::ranges::equal(got.phrases, want.phrases));
    EXPECT_EQ(got.phrase_text, want.phrase_text);
    EXPECT_EQ(got.other_leads, want.other_leads);
  }
  ASSERT_EQ(Taxonomy::Default().rules().size(), parsed.rules().size());
  for (std::size_t r = 0; r < parsed.rules().size(); ++r) {
    const Rule& got_rule = Taxonomy::Default().rules()[r];
    const Rule& want_rule = parsed.rules()[r];
    EXPECT_EQ(got_rule.category, want_rule.category) << "rule " << r;
    EXPECT_EQ(got_rule.drug_class, want_rule.drug_class) << "rule " << r;
    EXPECT_EQ(got_rule.line, want_rule.line) << "rule " << r;
    EXPECT_EQ(got_rule.patterns, want_rule.patterns) << "rule " << r;
  }
}

TEST(Taxonomy, MatchesBrandNamesCaseInsensitively) {
  ExpectClasses(Taxonomy::Default(), {
                                         {"Norco 10/325mg #60", "pharmaceuticals", "opioids"},
                                         {"NORCO 5/325", "pharmaceuticals", "opioids"},
                                         {"ultram ER 100mg #60", "pharmaceuticals", "opioids"},
                                         {"Percocet 5/325mg", "pharmaceuticals", "opioids"},
                                         {"Lidoderm patches", "pharmaceuticals", "topical_compounded"},
                                         {"Terocin lotion 120ml", "pharmaceuticals", "topical_compounded"},
                                         {"Neurontin 600mg", "pharmaceuticals", "anticonvulsants"},
                                         {"LYRICA 75 mg", "pharmaceuticals", "anticonvulsants"},
                                         {"Flexeril 7.5mg #90", "pharmaceuticals", "muscle_relaxants"},
                                         {"Prilosec 20mg #90", "pharmaceuticals", "proton_pump_inhibitors"},
                                         {"Ambien 10mg #30", "pharmaceuticals", "sleep_aids"},
                                         {"Xanax 0.5mg", "pharmaceuticals", "benzodiazepines"},
                                         {"Motrin 800", "pharmaceuticals", "nsaids"},
                                         {"Cymbalta 60mg", "pharmaceuticals", "antidepressants"},
                                     });
}

TEST(Taxonomy, MatchesGenericNames) {
  ExpectClasses(Taxonomy::Default(), {
                                         {"Hydrocodone/APAP 10/325", "pharmaceuticals", "opioids"},
                                         {"Tramadol 50mg", "pharmaceuticals", "opioids"},
                                         {"Gabapentin 300mg", "pharmaceuticals", "anticonvulsants"},
                                         {"Cyclobenzaprine 7.5mg", "pharmaceuticals", "muscle_relaxants"},
                                         {"Omeprazole 20mg", "pharmaceuticals", "proton_pump_inhibitors"},
                                         {"Naproxen sodium 550mg", "pharmaceuticals", "nsaids"},
                                         {"Diazepam 5mg", "pharmaceuticals", "benzodiazepines"},
                                         {"Zolpidem 10mg", "pharmaceuticals", "sleep_aids"},
                                     });
}

TEST(Taxonomy, CompoundedCreamsAreTopicalNotTheirIngredients) {
  ExpectClasses(
      Taxonomy::Default(),
      {
          {"Gabapentin 10%, Cyclobenzaprine 6%, Bupivacaine 5% in cream base", "pharmaceuticals", "topical_compounded"},
          {"Compound Ketoprofen 20%, 240 grams", "pharmaceuticals", "topical_compounded"},
          {"Voltaren gel 1%", "pharmaceuticals", "topical_compounded"},
          {"Twelve acupuncture visits with Capsaicin patch", "acupuncture", ""},
      });
}

TEST(Taxonomy, ClassifiesServiceCategories) {
  ExpectClasses(Taxonomy::Default(),
                {
                    {"MRI of the lumbar spine without contrast", "imaging", ""},
                    {"EMG/NCS of the bilateral upper extremities", "electrodiagnostics", ""},
                    {"Physical therapy 2 times a week for 6 weeks", "physical_therapy", ""},
                    {"Chiropractic treatment for the lumbar spine, 12 visits", "chiropractic", ""},
                    {"Massage Therapy (12-visits)", "massage_myofascial", ""},
                    {"One (1) Gym Membership with a Personal Trainer", "exercise_gym_trainer", ""},
                    {"DME: Exercise Kit ( )", "dme", ""},
                    {"TENS unit", "dme", ""},
                    {"Associated surgical service: Cold therapy unit", "dme", ""},
                    {"Lumbar epidural steroid injection at L4-5", "injections", ""},
                    {"Right shoulder arthroscopy with rotator cuff repair", "surgery", ""},
                    {"Consultation with a pain management specialist", "evaluation_management", ""},
                    {"Comprehensive psychological testing", "psychological", ""},
                    {"Transportation to/from all medical appointments", "home_health_transportation", ""},
                    {"Functional restoration program, 80 hours", "functional_restoration", ""},
                    {"Urine drug screen", "laboratory_drug_screening", ""},
                    {"Associated surgical service: Labs - PT/PTT", "laboratory_drug_screening", ""},
                });
}

TEST(Taxonomy, UnmatchedTextIsOther) {
  const Classification c = Taxonomy::Default().Classify("Zzyzx quux");
  EXPECT_FALSE(c.matched());
  EXPECT_EQ(c.category, kOtherCategory);
  EXPECT_EQ(c.drug_class, "");
}

TEST(Taxonomy, FirstRuleInFileOrderWinsWhereverItMatches) {
  const Taxonomy t = MustParse("a\t-\tlate word\nb\t-\tearly\n");
  EXPECT_EQ(t.Classify("early then late word").category, "a");
  EXPECT_EQ(t.Classify("early only").category, "b");
  const Taxonomy reversed = MustParse("b\t-\tearly\na\t-\tlate word\n");
  EXPECT_EQ(reversed.Classify("early then late word").category, "b");
}

TEST(Taxonomy, PatternsMatchWholeWordsOnly) {
  const Taxonomy t = MustParse("imaging\t-\tmri|ct\npharmaceuticals\tother\tmg\nsymbol\t-\t%\n");
  EXPECT_EQ(t.Classify("(MRI) of the knee").category, "imaging");
  EXPECT_EQ(t.Classify("Tamrin").category, "other");
  EXPECT_EQ(t.Classify("Exact count").category, "other");
  EXPECT_EQ(t.Classify("ct").category, "imaging");
  EXPECT_EQ(t.Classify("100mg").category, "pharmaceuticals");  // digits and letters are different words
  EXPECT_EQ(t.Classify("magnesium").category, "other");
  EXPECT_EQ(t.Classify("5%cream").category, "symbol");  // "%" needs no boundary
}

TEST(Taxonomy, WhitespaceLineBreaksAndPageBreaksMatchOneSpace) {
  const Taxonomy& t = Taxonomy::Default();
  EXPECT_EQ(t.Classify("Physical\n   therapy\f x6").category, "physical_therapy");
  EXPECT_EQ(t.Classify("  functional \t restoration  ").category, "functional_restoration");
  const Taxonomy custom = MustParse("c\t-\tphysical    THERAPY\n");
  EXPECT_EQ(custom.Classify("physical\ntherapy").category, "c");
}

// Classify() skips the normalising copy for text that is normal already; any
// other text must classify as its normalised form does. Words of multi-word
// and hyphenated patterns, joined by every kind of whitespace run (and line
// breaks after a hyphen, which normalising removes), at either end too.
TEST(Taxonomy, ClassifiesRawTextAsItsNormalizedForm) {
  const Taxonomy& t = Taxonomy::Default();
  const std::vector<std::string> words = {"physical", "therapy", "urine", "drug",  "screen", "x-",
                                          "ray",      "lumbar",  "mri",   "norco", "10mg",   "of"};
  const std::vector<std::string> gaps = {" ", " ", " ", "  ", "\n", " \n ", "\t", "\r\n", "\f", "\v", ""};
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text = rng() % 4 == 0 ? gaps[rng() % gaps.size()] : "";
    for (int w = 0, n = 1 + rng() % 4; w < n; ++w) {
      if (w > 0) text += gaps[rng() % gaps.size()];
      text += words[rng() % words.size()];
    }
    if (rng() % 4 == 0) text += gaps[rng() % gaps.size()];
    EXPECT_EQ(t.Classify(text).rule, t.Classify(Normalized(text)).rule) << "'" << text << "'";
  }
}

// The check for normal text goes 16 bytes a step: a run of whitespace must
// be seen wherever it falls, inside a step or across the end of one.
TEST(Taxonomy, ClassifiesAWhitespaceRunAtEveryOffset) {
  const Taxonomy t = MustParse("c\t-\tab cd\n");
  for (std::size_t pad = 1; pad < 40; ++pad) {
    for (const char* gap : {"  ", " \t", "\t", "\n", " \n", "\r"}) {
      const std::string text = std::string(pad, 'z') + " ab" + gap + "cd zz";
      EXPECT_EQ(t.Classify(text).category, "c") << "'" << text << "'";
    }
  }
}

TEST(Taxonomy, CommentsBlankLinesCrlfAndRunsOfTabsAreAccepted) {
  const Taxonomy t = MustParse("# comment\r\n\r\n   # indented comment\ncat\t\t-\t\tfoo | bar baz \r\n");
  ASSERT_EQ(t.rules().size(), 1u);
  EXPECT_EQ(t.rules()[0].line, 4);
  EXPECT_EQ(t.rules()[0].patterns, (std::vector<std::string>{"foo", "bar baz"}));
  EXPECT_EQ(t.Classify("Bar  Baz").category, "cat");
}

TEST(Taxonomy, ParseErrorsNameFileAndLine) {
  const struct {
    const char* text;
    const char* message;
  } cases[] = {
      {"# ok\nimaging\tmri\n", "test.tsv:2: expected 3 tab-separated columns"},
      {"Imaging\t-\tmri\n", "test.tsv:1: category 'Imaging'"},
      {"imaging\tOpioids!\tmri\n", "test.tsv:1: drug class 'Opioids!'"},
      {"imaging\t-\tmri||ct\n", "test.tsv:1: empty pattern"},
      {"imaging\t-\tmri\n\nother\t-\tMRI\n", "test.tsv:3: pattern 'mri' already appears at line 1"},
      {"imaging\t-\tmri\tmore\n", "test.tsv:1: expected 3 tab-separated columns"},
  };
  for (const auto& c : cases) {
    const absl::StatusOr<Taxonomy> t = Taxonomy::Parse(c.text, "test.tsv");
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find(c.message), absl::string_view::npos) << t.status();
  }
  EXPECT_FALSE(Taxonomy::Parse(std::string("x\t-\t") + std::string(201, 'a') + "\n", "t").ok());
}

TEST(Taxonomy, FromFileReportsMissingFilesAsNotFound) {
  const absl::StatusOr<Taxonomy> t = Taxonomy::FromFile("/nonexistent/taxonomy.tsv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(t.status().message().find("/nonexistent/taxonomy.tsv"), absl::string_view::npos);
}

TEST(Taxonomy, FromFileReadsAnEditedCopy) {
  const std::string dir = testing::MakeTempDir("taxonomy_file");
  testing::WriteFile(dir + "/t.tsv", "imaging\t-\tmri\nbroken line\n");
  const absl::StatusOr<Taxonomy> bad = Taxonomy::FromFile(dir + "/t.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(dir + "/t.tsv:2:"), absl::string_view::npos) << bad.status();
  testing::WriteFile(dir + "/t.tsv", "imaging\t-\tmri\n");
  const absl::StatusOr<Taxonomy> good = Taxonomy::FromFile(dir + "/t.tsv");
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->Classify("MRI").category, "imaging");
  EXPECT_NE(good->fingerprint(), Taxonomy::Default().fingerprint());
}

// The automaton against a brute-force search on random texts over a tiny
// alphabet, where overlaps, shared suffixes and boundaries are frequent.
TEST(PhraseMatcher, AgreesWithBruteForceSearch) {
  std::mt19937 rng(42);
  const std::string alphabet = "ab1 %";
  const auto random_string = [&](int max_len) {
    std::string s(1 + rng() % max_len, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    return s;
  };
  const auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto same_kind = [&](char a, char b) { return (is_letter(a) && is_letter(b)) || (is_digit(a) && is_digit(b)); };
  for (int round = 0; round < 200; ++round) {
    struct Phrase {
      std::string text;
      int rule;
    };
    std::vector<Phrase> phrases;
    PhraseMatcher::Builder builder;
    for (int i = 0; i < 6; ++i) {
      phrases.push_back({random_string(4), static_cast<int>(rng() % 10)});
      builder.Add(phrases.back().text, phrases.back().rule);
    }
    const PhraseMatcher m = builder.Build();
    // A phrase added twice keeps its smaller rule.
    std::map<std::string, int> rule_of;
    for (const Phrase& p : phrases) {
      auto [it, added] = rule_of.emplace(p.text, p.rule);
      if (!added) it->second = std::min(it->second, p.rule);
    }
    for (int t = 0; t < 20; ++t) {
      // Runs of spaces collapsed, as ForEachMatchAt reads them. Every other
      // text longer than FirstRule's 64-byte words, so that runs cross them.
      std::string text = random_string(t % 2 == 0 ? 24 : 200);
      text.erase(std::unique(text.begin(), text.end(), [](char a, char b) { return a == ' ' && b == ' '; }),
                 text.end());
      int expected = -1;
      std::set<std::tuple<std::size_t, std::size_t, int>> expected_matches, matches;
      for (const auto& [phrase, rule] : rule_of) {
        for (std::size_t pos = text.find(phrase); pos != std::string::npos; pos = text.find(phrase, pos + 1)) {
          const std::size_t end = pos + phrase.size();
          if (pos > 0 && same_kind(text[pos - 1], phrase.front())) continue;
          if (end < text.size() && same_kind(text[end], phrase.back())) continue;
          if (expected == -1 || rule < expected) expected = rule;
          expected_matches.emplace(pos, end, rule);
        }
      }
      ASSERT_EQ(m.FirstRule(text), expected) << "text '" << text << "' round " << round;
      for (std::size_t begin = 0; begin < text.size(); ++begin) {
        m.ForEachMatchAt(text, begin, [&](int, int rule, std::size_t end) { matches.emplace(begin, end, rule); });
      }
      ASSERT_EQ(matches, expected_matches) << "text '" << text << "' round " << round;
    }
  }
}

TEST(Taxonomy, FindDrugsNamesEachDrugOnceInOrderOfFirstMentionWithItsClass) {
  std::vector<DrugMention> drugs;
  Taxonomy::Default().FindDrugs(
      "The applicant's medication list included Flexeril, Norco, Motrin, and\nSkelaxin. Norco was renewed; pain "
      "fell by 50%. An MRI and physical therapy were requested.",
      &drugs);
  std::vector<std::string> got;
  for (const DrugMention& d : drugs) got.push_back(std::string(d.name) + "=" + std::string(d.drug_class));
  EXPECT_EQ(got, (std::vector<std::string>{"flexeril=muscle_relaxants", "norco=opioids", "motrin=nsaids",
                                           "skelaxin=muscle_relaxants"}));
}

TEST(Taxonomy, FindDrugsPrefersTheLongestPatternAndMatchesAcrossLineBreaks) {
  std::vector<DrugMention> drugs;
  Taxonomy::Default().FindDrugs("was given Tramadol\nER and a muscle\f  relaxant", &drugs);
  ASSERT_EQ(drugs.size(), 2u);
  EXPECT_EQ(drugs[0].name, "tramadol er");
  EXPECT_EQ(drugs[0].drug_class, "opioids");
  EXPECT_EQ(drugs[1].name, "muscle relaxant");
}

TEST(PhraseMatcher, ForEachMatchAtReadsTextAsItsNormalizedForm) {
  PhraseMatcher::Builder builder;
  builder.Add("muscle relaxant", 0);
  builder.Add("anti-inflammatory", 1);
  builder.Add("tramadol", 2);
  const PhraseMatcher m = builder.Build();
  const auto ends = [&](std::string_view text, std::size_t begin) {
    std::vector<std::size_t> out;
    m.ForEachMatchAt(text, begin, [&](int, int, std::size_t end) { out.push_back(end); });
    return out;
  };
  EXPECT_EQ(ends("a Muscle \n\f Relaxant.", 2), std::vector<std::size_t>{20});
  // A line end after a hyphen that follows a letter joins the lines.
  EXPECT_EQ(ends("anti-\n  inflammatory", 0), std::vector<std::size_t>{20});
  EXPECT_EQ(ends("anti- inflammatory", 0), std::vector<std::size_t>{});
  EXPECT_EQ(ends("xtramadol", 1), std::vector<std::size_t>{});  // no word start
  EXPECT_EQ(ends("tramadolx", 0), std::vector<std::size_t>{});  // no word end
  EXPECT_EQ(ends("(tramadol)", 1), std::vector<std::size_t>{9});
  EXPECT_EQ(ends("2Tramadol", 1), std::vector<std::size_t>{9});  // a letter after a digit starts a word
}

TEST(Taxonomy, FindDrugsFindsTheSameNamesWhereverTheyLieInTheText) {
  // Shifting the text moves the names across the 64-byte blocks that word
  // starts are found in, into the zero-padded last block, and across the
  // groups of eight starts whose keys are looked up together.
  const std::string sentence =
      "was on 2Norco, SOMA and gabapentin-\nER; anti-\ninflammatory (Motrin) 5%, xNaproxen, tramadol\n ER.";
  std::vector<std::string> first;
  for (std::size_t shift = 0; shift < 140; ++shift) {
    std::vector<DrugMention> drugs;
    Taxonomy::Default().FindDrugs(std::string(shift, shift % 3 == 0 ? ' ' : '.') + sentence, &drugs);
    std::vector<std::string> names;
    for (const DrugMention& d : drugs) names.emplace_back(d.name);
    if (shift == 0) {
      first = names;
      EXPECT_EQ(first, (std::vector<std::string>{"norco", "soma", "gabapentin", "anti-inflammatory", "motrin",
                                                 "tramadol er"}));
    }
    EXPECT_EQ(names, first) << "shift " << shift;
  }
}

TEST(Taxonomy, FindDrugsFindsNamesAmongBlocksDenseWithWordStarts) {
  // Word starts are taken from each 64-byte block in rounds of four: a
  // block of one-letter words has 32, one of letters and digits in turn 64.
  std::string text;
  for (int i = 0; i < 40; ++i) text += "x ";
  text += "Norco ";
  for (int i = 0; i < 70; ++i) text += "a1";
  text += " Soma, then y z Motrin";
  std::vector<DrugMention> drugs;
  Taxonomy::Default().FindDrugs(text, &drugs);
  std::vector<std::string> names;
  for (const DrugMention& d : drugs) names.emplace_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"norco", "soma", "motrin"}));
}

TEST(Taxonomy, FindDrugsNamesADrugThatDigitsFollowAndNotAWordThatOnlyBeginsLikeOne) {
  // "compliance" and "sleeping" share their first four bytes with
  // "compound" and "sleep aid"; "lyrica" and "soma" end where digits begin,
  // which the matcher's boundary rule lets a name do.
  std::vector<DrugMention> drugs;
  Taxonomy::Default().FindDrugs("Compliance with Lyrica75mg, sleeping poorly; SOMA350 was stopped.", &drugs);
  std::vector<std::string> names;
  for (const DrugMention& d : drugs) names.emplace_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"lyrica", "soma"}));
}

TEST(Taxonomy, FindDrugsTakesTheLongestDrugNameNotALongerPatternOfNoDrug) {
  // The drug names have a matcher of their own: a longer pattern of a rule
  // without a drug class (or of kOtherDrugClass) neither wins nor hides the
  // name it begins with, and the entries map back to their own rules.
  const Taxonomy edited = MustParse(
      "procedures\t-\ttramadol er injection\nother_drugs\tother\tmedication|tramadol er tablets\n"
      "opioids\topioids\ttramadol|tramadol er\nrelaxants\tmuscle_relaxants\tsoma\n");
  std::vector<DrugMention> drugs;
  edited.FindDrugs("Tramadol ER injection, tramadol er tablets, Soma and tramadol.", &drugs);
  std::vector<std::string> got;
  for (const DrugMention& d : drugs) got.push_back(std::string(d.name) + "=" + std::string(d.drug_class));
  EXPECT_EQ(got, (std::vector<std::string>{"tramadol er=opioids", "soma=muscle_relaxants", "tramadol=opioids"}));
  EXPECT_EQ(edited.Classify("Tramadol ER injection").category, "procedures");
}

TEST(PhraseMatcher, AMatcherBuiltForOneLookupFindsNothingWithTheOther) {
  PhraseMatcher::Builder builder;
  builder.Add("norco", 3);
  const PhraseMatcher first_rule = builder.Build(PhraseMatcher::kFirstRule);
  const PhraseMatcher matches_at = builder.Build(PhraseMatcher::kMatchesAt);
  const auto ends = [](const PhraseMatcher& m) {
    std::vector<std::size_t> out;
    m.ForEachMatchAt("Norco 10", 0, [&](int, int, std::size_t end) { out.push_back(end); });
    return out;
  };
  EXPECT_EQ(first_rule.FirstRule("Norco 10"), 3);
  EXPECT_EQ(ends(first_rule), std::vector<std::size_t>{});
  EXPECT_EQ(matches_at.FirstRule("Norco 10"), -1);
  EXPECT_EQ(ends(matches_at), std::vector<std::size_t>{5});
}

TEST(Taxonomy, FindDrugsTriesRunsOfDigitsOnlyWhereANameStartsWithOne) {
  // The default names all start with a letter, so runs of digits are not
  // tried; an edited taxonomy's "5-htp" must still be found, at a run of
  // digits that follows letters too.
  const std::string text = "took 5-HTP, then x5-htp and Norco";
  const Taxonomy edited = MustParse("supplements\tsleep_aids\t5-htp\nopioids\topioids\tnorco\n");
  std::vector<DrugMention> drugs;
  edited.FindDrugs(text, &drugs);
  std::vector<std::string> names;
  for (const DrugMention& d : drugs) names.emplace_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"5-htp", "norco"}));
  drugs.clear();
  Taxonomy::Default().FindDrugs(text, &drugs);
  ASSERT_EQ(drugs.size(), 1u);
  EXPECT_EQ(drugs[0].name, "norco");
}

TEST(PhraseMatcher, EmptyMatcherMatchesNothing) {
  EXPECT_EQ(PhraseMatcher().FirstRule("anything"), -1);
  EXPECT_EQ(PhraseMatcher::Builder().Build().FirstRule("anything"), -1);
  PhraseMatcher::Builder only_empty;
  EXPECT_EQ(only_empty.Add("", 0), -1);
  EXPECT_EQ(only_empty.Build().FirstRule("anything"), -1);
}

TEST(PhraseMatcher, AddReportsAnEarlierPhraseAndKeepsTheSmallerRule) {
  PhraseMatcher::Builder b;
  EXPECT_EQ(b.Add("Norco", 5), -1);
  EXPECT_EQ(b.Add("norc", 7), -1);  // a prefix is a phrase of its own
  EXPECT_EQ(b.Add("NORCO", 2), 5);  // the same text, ASCII case aside
  EXPECT_EQ(b.Add("norco", 9), 2);
  const PhraseMatcher m = b.Build();
  EXPECT_EQ(m.FirstRule("norco"), 2);
  EXPECT_EQ(m.FirstRule("norc 1"), 7);
}

// Each built-in pattern classifies itself, alone and between other words,
// under its own rule or an earlier one (another of its words may belong to
// an earlier rule).
TEST(Taxonomy, EveryDefaultPatternMatchesItself) {
  const Taxonomy& t = Taxonomy::Default();
  for (std::size_t r = 0; r < t.rules().size(); ++r) {
    for (const std::string& p : t.rules()[r].patterns) {
      for (const std::string& text : {p, "zq " + p + " zq"}) {
        const Classification c = t.Classify(text);
        EXPECT_TRUE(c.matched() && c.rule <= static_cast<int>(r)) << text << " gives rule " << c.rule;
      }
    }
  }
}

TEST(Taxonomy, FewerThanFivePercentOfRealItemsAreOther) {
  const std::optional<std::string> shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "no ../shared corpus";
  std::vector<std::string> files = testing::ListFiles(*shared + "/real/layout", ".txt");
  for (const std::string& f : testing::ListFiles(*shared + "/seeds", ".txt")) files.push_back(f);
  int items = 0, other = 0;
  std::string unclassified;
  for (const std::string& f : files) {
    const auto letter = testing::Extract(testing::ReadFile(f));
    for (const extract::Item& item : letter->letter.items) {
      ++items;
      const Classification c = Taxonomy::Default().Classify(item.disputed.empty() ? item.title : item.disputed);
      if (!c.matched()) {
        ++other;
        unclassified += "\n  " + std::string(item.disputed);
      }
    }
  }
  ASSERT_GT(items, 100);
  EXPECT_LT(other * 20, items) << other << " of " << items << " items are other:" << unclassified;
}

}  // namespace
}  // namespace imr::taxonomy
