// Item classification (imr/taxonomy): every item's disputed service through
// the built-in taxonomy, on generated letters of each template. Bytes/s are
// corpus bytes per second (see extract_benchmark.cc).
#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::bench {
namespace {

void BM_Classify(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const taxonomy::Taxonomy& taxonomy = taxonomy::Taxonomy::Default();
  std::size_t matched = 0, expected = 0;
  for (const extract::Letter& r : c.records) {
    for (const extract::Item& item : r.items) expected += item.category != taxonomy::kOtherCategory;
  }
  for (auto _ : state) {
    matched = 0;
    for (const extract::Letter& r : c.records) {
      for (const extract::Item& item : r.items) {
        matched += taxonomy.Classify(item.disputed.empty() ? item.title : item.disputed).matched();
      }
    }
    benchmark::DoNotOptimize(matched);
  }
  if (matched != expected) state.SkipWithError("classifications differ from the reference run");
  SetThroughput(state, c.bytes, c.letters.size());
  state.counters["items/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * c.items), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Classify)->Apply(TemplateArgs);

}  // namespace
}  // namespace imr::bench
