// Letter splitting (imr/split with the IMR letter-start rule) over generated
// letters of each template, concatenated with form feeds, in 4 MiB chunks as
// the pipeline cuts a large file; and the rule's search for letter starts
// alone, on a prebuilt index.
#include <vector>

#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/base/text_index.h"
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

// LetterStartRule::FindStarts over the whole corpus, its index built once
// outside the timing (the splitter builds it for the extractors anyway).
void BM_FindLetterStarts(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const extract::LetterStartRule rule;
  TextIndex index;
  index.Build(c.concatenated);
  const IndexedPart part = index.Whole(c.concatenated);
  std::vector<std::size_t> starts;
  for (auto _ : state) {
    starts.clear();
    rule.FindStarts(c.concatenated, 0, c.concatenated.size(), part, &starts);
    benchmark::DoNotOptimize(starts.data());
  }
  if (starts.size() != c.letters.size()) state.SkipWithError("start count differs from the generated letters");
  SetThroughput(state, c.concatenated.size(), c.letters.size());
}
BENCHMARK(BM_FindLetterStarts)->Apply(TemplateArgs);

}  // namespace
}  // namespace imr::bench
