// Taxonomy::Default(), apart from the rest of the taxonomy: it needs the
// tables the build generates, and the program that generates them
// (compile_taxonomy.cc) is built from the rest.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "imr/taxonomy/taxonomy.h"

namespace imr::taxonomy {

const Taxonomy& Taxonomy::Default() {
  static const Taxonomy* const kDefault = [] {
    absl::StatusOr<Taxonomy> t = ParseRules(DefaultTaxonomyText(), "data/taxonomy.tsv (built in)", nullptr);
    if (!t.ok()) {
      // The built-in text is part of the program, not input: the build parsed
      // it in full to compile its matcher, so this only fires on a bug.
      std::fprintf(stderr, "imr: internal error: %s\n", std::string(t.status().message()).c_str());
      std::abort();
    }
    t->matcher_ = PhraseMatcher(DefaultMatcherTables());
    return new Taxonomy(std::move(*t));
  }();
  return *kDefault;
}

}  // namespace imr::taxonomy
