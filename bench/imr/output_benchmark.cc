// Record writing (imr/output): JSON Lines with and without text, and CSV,
// from the extracted records of generated letters of each template. Bytes/s
// are corpus bytes per second; the output's own size is the "out_MB/s"
// counter.
#include <string>

#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/output/letter_csv.h"
#include "imr/output/letter_json.h"

namespace imr::bench {
namespace {

enum class Writer { kJson, kJsonNoText, kCsv };

void WriteRecords(benchmark::State& state, Writer writer) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  output::RecordOptions options;
  options.include_text = writer != Writer::kJsonNoText;
  options.format = writer == Writer::kCsv ? output::RecordFormat::kCsv : output::RecordFormat::kJsonl;
  std::string out;
  std::size_t lines = 0;
  for (auto _ : state) {
    out.clear();
    for (const extract::Letter& l : c.records) {
      const output::SourceRef source{"bench", {}, {}};
      if (writer == Writer::kCsv) {
        output::AppendLetterCsv(source, l, options, &out);
      } else {
        output::AppendLetterJson(source, l, options, &out);
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  for (char ch : out) lines += ch == '\n';
  // JSON: one line per letter. CSV: a row per item (or per letter without
  // items); quoted fields may hold line breaks, so at least that many.
  std::size_t rows = 0;
  for (const extract::Letter& l : c.records) rows += l.items.empty() ? 1 : l.items.size();
  if (writer == Writer::kCsv ? lines < rows : lines != c.letters.size()) {
    state.SkipWithError("record count differs from the letters");
  }
  SetThroughput(state, c.bytes, c.letters.size());
  state.counters["out_MB/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * out.size()) / 1e6, benchmark::Counter::kIsRate);
}

void BM_WriteJsonGenerated(benchmark::State& state) { WriteRecords(state, Writer::kJson); }
void BM_WriteJsonNoText(benchmark::State& state) { WriteRecords(state, Writer::kJsonNoText); }
void BM_WriteCsv(benchmark::State& state) { WriteRecords(state, Writer::kCsv); }
BENCHMARK(BM_WriteJsonGenerated)->Apply(TemplateArgs);
BENCHMARK(BM_WriteJsonNoText)->Apply(TemplateArgs);
BENCHMARK(BM_WriteCsv)->Apply(TemplateArgs);

}  // namespace
}  // namespace imr::bench
