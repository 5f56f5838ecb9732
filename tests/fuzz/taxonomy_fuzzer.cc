// Fuzzes the taxonomy file parser (taxonomy/taxonomy.h): any bytes either
// parse into rules or give an error naming the file and line, and a parsed
// taxonomy classifies any text (its own included) with a rule it holds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "imr/taxonomy/taxonomy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<imr::taxonomy::Taxonomy> t = imr::taxonomy::Taxonomy::Parse(text, "fuzz.tsv");
  if (!t.ok()) {
    FUZZ_CHECK(t.status().message().substr(0, 9) == "fuzz.tsv:");
    return 0;
  }
  FUZZ_CHECK(t->fingerprint().size() == 8 + 16);
  for (std::string_view service : {text, std::string_view("Norco 10/325mg #60"), std::string_view("")}) {
    const imr::taxonomy::Classification c = t->Classify(service);
    FUZZ_CHECK(c.rule < static_cast<int>(t->rules().size()));
    if (c.matched()) FUZZ_CHECK(c.category == t->rules()[c.rule].category);
  }
  // Every pattern matches itself (a sample: classifying all would dominate the run time).
  int checked = 0;
  for (const imr::taxonomy::Rule& rule : t->rules()) {
    for (const std::string& p : rule.patterns) {
      if (++checked > 64) break;
      FUZZ_CHECK(t->Classify(p).matched());
    }
  }
  return 0;
}
