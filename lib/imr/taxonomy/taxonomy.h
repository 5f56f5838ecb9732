// File: imr/taxonomy/taxonomy.h
//
// The item taxonomy: rules that put a disputed service ("Norco 10/325mg #60",
// "MRI of the lumbar spine") into a service category and, for drugs, a drug
// class. The rules are data (data/taxonomy.tsv, whose header documents the
// format and the precedence: the first rule in file order that matches wins);
// the copy of that file present at build time is built in as the default, and
// an analyst may load an edited copy at run time (--taxonomy FILE).
//
// All patterns of all rules are compiled once into one PhraseMatcher, so a
// classification is one pass over the (whitespace-normalised) text; the
// drug names (FindDrugs) into a second, of their trie only.
//
// Example:
//   const Taxonomy& t = Taxonomy::Default();
//   Classification c = t.Classify("Norco 10/325mg #60");
//   // c.category == "pharmaceuticals", c.drug_class == "opioids"
//
// Thread-safety: immutable after construction; Classify() may run concurrently.
// Lifetime: the views in a Classification point into the Taxonomy and dangle
// once it is destroyed (Default() lives for the whole program).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "imr/taxonomy/phrase_matcher.h"

namespace imr::taxonomy {

// The category of a service no rule matches.
inline constexpr std::string_view kOtherCategory = "other";
// The category whose rules carry a drug class.
inline constexpr std::string_view kPharmaceuticals = "pharmaceuticals";
// The drug class of the drugs no other class takes; its rule also holds the
// words of any prescription ("medication", "tablets", "mg").
inline constexpr std::string_view kOtherDrugClass = "other";

struct Rule {
  std::string category;
  std::string drug_class;             // empty when the rule's file says "-"
  std::vector<std::string> patterns;  // lower-cased, whitespace collapsed
  int line = 0;                       // in the source file
};

// A drug that a text names: the taxonomy's pattern that matched (lower
// case, whitespace collapsed) and the drug class of its rule.
struct DrugMention {
  std::string_view name;
  std::string_view drug_class;
};

struct Classification {
  std::string_view category = kOtherCategory;
  std::string_view drug_class;  // empty unless the rule names one
  int rule = -1;                // index into rules(), or -1: unclassified
  bool matched() const { return rule >= 0; }
};

class Taxonomy {
 public:
  // Parses rules in the data/taxonomy.tsv format. `name` (a path) prefixes
  // error messages: "name:LINE: what is wrong".
  // Errors: InvalidArgument (bad column count, bad identifier, empty or
  // duplicate pattern, pattern longer than 200 bytes).
  static absl::StatusOr<Taxonomy> Parse(std::string_view text, std::string_view name);
  // Errors: NotFound / PermissionDenied / DataLoss (reading), as Parse.
  static absl::StatusOr<Taxonomy> FromFile(const std::string& path);
  // The built-in rules: data/taxonomy.tsv as it was at build time. The build
  // parsed it (BuiltInTaxonomy), so nothing is parsed or compiled at start-up.
  static const Taxonomy& Default();

  // Classifies raw letter text: runs of whitespace (line and page breaks
  // included) are collapsed first, as on output.
  Classification Classify(std::string_view service) const;

  // The drugs `text` names (raw letter text, as Classify takes): each
  // pattern of a rule with a drug class that matches, once, in order of
  // first mention; of overlapping matches the one that starts first and then
  // the longest ("tramadol er" over "tramadol"). Left out, as they name no
  // drug: the rules of kOtherDrugClass (whose words, "medication", "mg",
  // are not names) and patterns without a letter ("%"). Appends to *out.
  void FindDrugs(std::string_view text, std::vector<DrugMention>* out) const;

  std::span<const Rule> rules() const { return rules_; }
  // "fnv1a64:<16 hex digits>" over the rules (not the comments or layout of
  // the file), so statistics can tell whether two runs used the same rules.
  const std::string& fingerprint() const { return fingerprint_; }
  const PhraseMatcher& matcher() const { return matcher_; }
  // FindDrugs': the patterns that name drugs, in rule order.
  const PhraseMatcher& drug_matcher() const { return drug_matcher_; }

 private:
  // Calls visit(rule, pattern) for each pattern that names a drug, in the
  // order of the rules and their patterns: drug_matcher_'s entry order.
  template <typename Visit>
  void ForEachDrugName(Visit visit) const;
  PhraseMatcher BuildDrugMatcher() const;
  void IndexDrugNames();

  // What FindDrugs needs, made once by Parse: for each drug_matcher_ entry,
  // its rule and pattern index; two filters of the words a drug
  // name can start with, by their first four bytes and by their first run
  // of letters or digits up to eight bytes; whether every drug name
  // starts with a letter or digit (else every position is tried); and
  // whether any starts with a digit (else runs of digits, a tenth of the
  // word starts of a summary, are not tried).
  std::vector<std::pair<int, int>> drug_names_;
  std::vector<std::uint64_t> drug_words_;
  std::vector<std::uint64_t> drug_runs_;
  bool drugs_start_words_ = true;
  bool drugs_start_digits_ = false;
  std::vector<Rule> rules_;
  PhraseMatcher matcher_;
  PhraseMatcher drug_matcher_;
  std::string fingerprint_;
};

// The text of data/taxonomy.tsv at build time (generated file).
std::string_view DefaultTaxonomyText();

// What Parse makes of data/taxonomy.tsv, as the build wrote it into the
// program (compile_taxonomy.cc generates BuiltInTaxonomyData()): Default()
// copies the rules and reads the matcher's tables in place.
struct BuiltInRule {
  std::string_view category, drug_class;
  int line;
  std::uint32_t first_pattern, patterns;  // a range of BuiltInTaxonomy::patterns
};
struct BuiltInTaxonomy {
  std::span<const BuiltInRule> rules;
  std::span<const std::string_view> patterns;
  std::string_view fingerprint;
  PhraseMatcher::Tables matcher;
  PhraseMatcher::Tables drug_matcher;
};
const BuiltInTaxonomy& BuiltInTaxonomyData();

}  // namespace imr::taxonomy
