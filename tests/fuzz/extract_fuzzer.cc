// Fuzzes the whole letter extractor as a run uses it: ExtractLetter, the
// taxonomy, the statistics, and both record writers. For any bytes, every
// JSON record must parse (simdjson validates UTF-8 too) and every CSV row
// must have as many fields as the header.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "imr/extract/extractor.h"
#include "imr/output/letter_csv.h"
#include "imr/output/letter_json.h"
#include "imr/stats/stats.h"
#include "imr/taxonomy/taxonomy.h"
#include "simdjson.h"

namespace {

// Fields of each CRLF-terminated RFC 4180 row; -1 when the text is not
// well-formed CSV.
std::vector<int> CsvFieldCounts(std::string_view csv) {
  std::vector<int> counts;
  int fields = 1;
  bool in_quotes = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          ++i;
        } else {
          in_quotes = false;
        }
      }
    } else if (c == '"') {
      if (i > 0 && csv[i - 1] != ',' && csv[i - 1] != '\n') return {-1};
      in_quotes = true;
    } else if (c == ',') {
      ++fields;
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      counts.push_back(fields);
      fields = 1;
      ++i;
    } else if (c == '\n' || c == '\r') {
      return {-1};  // a bare line end outside quotes
    }
  }
  if (in_quotes || fields != 1) return {-1};  // unterminated quote or last row without CRLF
  return counts;
}

}  // namespace

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
    if (error != simdjson::SUCCESS) std::fprintf(stderr, "bad JSON (%s): %s\n", simdjson::error_message(error), json.c_str());
    FUZZ_CHECK(error == simdjson::SUCCESS);

    options.format = imr::output::RecordFormat::kCsv;
    std::string csv = imr::output::CsvHeader(options);
    imr::output::AppendLetterCsv(source, letter, options, &csv);
    const std::vector<int> counts = CsvFieldCounts(csv);
    FUZZ_CHECK(counts.size() >= 2 && counts[0] > 0);
    for (int n : counts) FUZZ_CHECK(n == counts[0]);
  }
  return 0;
}
