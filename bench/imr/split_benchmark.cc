// Letter splitting (imr/split with the IMR letter-start rule) over generated
// letters of each template, concatenated with form feeds, in 4 MiB chunks as
// the pipeline cuts a large file.
#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/extract/letter_start.h"
#include "imr/split/text_splitter.h"

namespace imr::bench {
namespace {

void BM_SplitGenerated(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const extract::LetterStartRule rule;
  constexpr std::size_t kChunk = 4 << 20;
  std::size_t docs = 0;
  split::Batch batch;
  for (auto _ : state) {
    batch.documents.clear();
    batch.skipped.clear();
    for (std::size_t b = 0; b < c.concatenated.size(); b += kChunk) {
      split::SplitRange(c.concatenated, b, b + kChunk, rule, {}, &batch);
    }
    docs = batch.documents.size();
    benchmark::DoNotOptimize(batch.documents.data());
  }
  if (docs != c.letters.size()) state.SkipWithError("letter count differs from the generated letters");
  SetThroughput(state, c.concatenated.size(), c.letters.size());
}
BENCHMARK(BM_SplitGenerated)->Apply(TemplateArgs);

}  // namespace
}  // namespace imr::bench
