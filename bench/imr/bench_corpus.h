// File: bench/imr/bench_corpus.h
//
// Generated letters for the stage benchmarks: made in-process with the
// corpus generator (imr/gen), seeded, so every run and every machine times
// the same bytes. A corpus holds letters of one template (2014-15 or
// 2016-17) or of both, in every pdftotext style the generator knows, with the
// typed records the extractor makes of them (taxonomy applied), so a stage
// can be timed alone on its real input.
//
// Example:
//   const BenchCorpus& c = GeneratedCorpus(Template::kAll);
//   for (const extract::Letter& l : c.records) ...
//
// Lifetime: corpora are built once per process and never freed; records view
// `letters`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "imr/extract/letter.h"

namespace imr::bench {

enum class Template : int { kAll = 0, k2014 = 2014, k2016 = 2016 };

struct BenchCorpus {
  std::vector<std::string> letters;      // each letter's text alone
  std::string concatenated;              // the letters, each ended by a form feed
  std::vector<extract::Letter> records;  // ExtractLetter + taxonomy, one per letter
  std::size_t bytes = 0;                 // sum of letters[i].size()
  std::size_t items = 0;                 // sum of records[i].items.size()
};

// 2,000 letters (about 7 MB), seed 42.
const BenchCorpus& GeneratedCorpus(Template t);

// The benchmark's argument (0, 2014 or 2016) as a Template; labels the run.
Template TemplateArg(benchmark::State& state);

// Registers the three template arguments on a benchmark.
void TemplateArgs(benchmark::internal::Benchmark* b);

// Reports bytes/s and letters/s for `bytes` and `letters` per iteration.
void SetThroughput(benchmark::State& state, std::size_t bytes, std::size_t letters);

}  // namespace imr::bench
