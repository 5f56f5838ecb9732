// Fuzzes the whole letter extractor as a run uses it: ExtractLetter, the
// taxonomy, the statistics, and both record writers. For any bytes, every
// JSON record must parse (simdjson validates UTF-8 too) and every CSV row
// must have as many fields as the header.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "imr/extract/extractor.h"
#include "imr/output/letter_csv.h"
#include "imr/output/letter_json.h"
#include "imr/stats/stats.h"
#include "imr/taxonomy/taxonomy.h"
#include "simdjson.h"
#include "testing/csv_rows.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static imr::extract::Letter letter;
  static simdjson::dom::parser parser;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  imr::extract::ExtractLetter(text, &letter);
  const imr::taxonomy::Taxonomy& taxonomy = imr::taxonomy::Taxonomy::Default();
  for (imr::extract::Item& item : letter.items) {
    const imr::taxonomy::Classification c = taxonomy.Classify(item.disputed.empty() ? item.title : item.disputed);
    item.category = c.category;
    item.drug_class = c.drug_class;
  }
  imr::stats::Stats stats;
  stats.AddLetter(letter);

  const imr::output::SourceRef source{"fuzz\xff.txt", imr::split::Position{0, 17, 0}, "id\x01"};
  for (const bool include_text : {true, false}) {
    imr::output::RecordOptions options;
    options.include_text = include_text;
    std::string json;
    imr::output::AppendLetterJson(source, letter, options, &json);
    FUZZ_CHECK(!json.empty() && json.back() == '\n');
    FUZZ_CHECK(json.find('\n') == json.size() - 1);  // one line per record
    simdjson::dom::element doc;
    const simdjson::error_code error = parser.parse(json).get(doc);
    if (error != simdjson::SUCCESS)
      std::fprintf(stderr, "bad JSON (%s): %s\n", simdjson::error_message(error), json.c_str());
    FUZZ_CHECK(error == simdjson::SUCCESS);

    options.format = imr::output::RecordFormat::kCsv;
    std::string csv = imr::output::CsvHeader(options);
    imr::output::AppendLetterCsv(source, letter, options, &csv);
    std::string csv_error;
    const std::optional<std::vector<std::size_t>> counts = imr::testing::CsvRowFieldCounts(csv, &csv_error);
    FUZZ_CHECK(counts && counts->size() >= 2 && (*counts)[0] > 0);
    for (std::size_t n : *counts) FUZZ_CHECK(n == (*counts)[0]);
  }
  return 0;
}
