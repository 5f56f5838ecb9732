// Fuzzes the JSON Lines reader (split/jsonl_reader.h) as the engine drives it:
// a JSON Lines source cut into work units of a fuzzed size, each read by
// UnitSplitter. Whatever the bytes, every unit tiling must give the same
// documents and the same errors (by line) as one unit over the whole file.
//
// Input: byte 0 picks the unit size, the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "fuzz_util.h"
#include "imr/corpus/corpus.h"
#include "imr/extract/letter_start.h"
#include "imr/split/unit_planner.h"
#include "imr/split/unit_splitter.h"

namespace {

struct Result {
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::string, std::string>> docs;  // line, offset, id, text
  std::vector<std::pair<std::uint64_t, int>> errors;                                     // line, code
  std::uint64_t bytes_read = 0, files_done = 0;
};

Result Run(const imr::corpus::Corpus& corpus, std::uint64_t chunk_bytes) {
  static const imr::extract::LetterStartRule rule;
  imr::split::PlanOptions plan;
  plan.chunk_bytes = chunk_bytes;
  plan.batch_bytes = 0;  // never group: the one source is cut into ranges when large enough
  imr::split::UnitPlanner planner(corpus, plan);
  imr::split::UnitSplitter splitter(corpus, rule, "text", 1);
  imr::split::WorkUnit unit;
  Result r;
  while (planner.Next(&unit)) {
    imr::split::Batch batch;
    splitter.Split(unit, 0, &batch);
    for (const imr::split::Document& d : batch.documents) {
      r.docs.emplace_back(d.position.line, d.position.offset, std::string(d.id), std::string(d.text));
    }
    for (const imr::split::DocumentError& e : batch.errors) {
      r.errors.emplace_back(e.position.line, static_cast<int>(e.status.code()));
    }
    r.bytes_read += batch.bytes_read;
    r.files_done += batch.files_done;
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint64_t chunk = data[0] < 32 ? data[0] + 1u : (data[0] - 31u) * 37u;
  const std::vector<std::string> names = {"fuzz.jsonl"};
  const std::vector<std::string> texts = {std::string(reinterpret_cast<const char*>(data) + 1, size - 1)};
  const imr::corpus::Corpus corpus = imr::corpus::Corpus::FromTexts(names, texts, imr::corpus::SourceKind::kJsonl);
  const Result whole = Run(corpus, texts[0].size() + 1);
  const Result cut = Run(corpus, chunk);
  FUZZ_CHECK(whole.bytes_read == texts[0].size());
  FUZZ_CHECK(cut.bytes_read == texts[0].size());
  FUZZ_CHECK(whole.files_done == 1 && cut.files_done == 1);
  FUZZ_CHECK(cut.docs == whole.docs);
  FUZZ_CHECK(cut.errors == whole.errors);
  return 0;
}
