// Taxonomy::Default(), apart from the rest of the taxonomy: it reads what
// the build generates, and the program that generates it
// (compile_taxonomy.cc) is built from the rest.
#include "imr/taxonomy/taxonomy.h"

namespace imr::taxonomy {

const Taxonomy& Taxonomy::Default() {
  static const Taxonomy* const kDefault = [] {
    const BuiltInTaxonomy& built = BuiltInTaxonomyData();
    auto* t = new Taxonomy;
    t->rules_.reserve(built.rules.size());
    for (const BuiltInRule& r : built.rules) {
      Rule& rule = t->rules_.emplace_back();
      rule.category = r.category;
      rule.drug_class = r.drug_class;
      rule.line = r.line;
      const auto patterns = built.patterns.subspan(r.first_pattern, r.patterns);
      rule.patterns.assign(patterns.begin(), patterns.end());
    }
    t->matcher_ = PhraseMatcher(built.matcher);
    t->drug_matcher_ = PhraseMatcher(built.drug_matcher);
    t->fingerprint_ = built.fingerprint;
    t->IndexDrugNames();
    return t;
  }();
  return *kDefault;
}

}  // namespace imr::taxonomy
