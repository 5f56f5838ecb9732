// Statistics (imr/stats): accumulating every extracted letter into a fresh
// Stats, as each pipeline thread does, and merging per-thread Stats into the
// total, as the end of every run does. Bytes/s are corpus bytes per second.
#include <vector>

#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/stats/stats.h"

namespace imr::bench {
namespace {

void BM_StatsAddLetter(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  std::uint64_t items = 0;
  for (auto _ : state) {
    stats::Stats s;
    for (const extract::Letter& l : c.records) s.AddLetter(l);
    items = s.items;
    benchmark::DoNotOptimize(items);
  }
  if (items != c.items) state.SkipWithError("item count differs from the records");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_StatsAddLetter)->Apply(TemplateArgs);

// Merging `shards` Stats, each of every letter (so every key occurs in each:
// the worst case for the map merges), into one total.
void BM_StatsMerge(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(Template::kAll);
  const int shards = static_cast<int>(state.range(0));
  stats::Stats one;
  for (const extract::Letter& l : c.records) one.AddLetter(l);
  const std::vector<stats::Stats> parts(static_cast<std::size_t>(shards), one);
  std::uint64_t letters = 0;
  for (auto _ : state) {
    stats::Stats total;
    for (const stats::Stats& p : parts) total.Merge(p);
    letters = total.letters;
    benchmark::DoNotOptimize(letters);
  }
  if (letters != static_cast<std::uint64_t>(shards) * c.letters.size())
    state.SkipWithError("merged letter count is wrong");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * shards));  // merges/s
  state.SetLabel("items/s = Stats merged per second");
}
BENCHMARK(BM_StatsMerge)->ArgName("shards")->Arg(2)->Arg(16);

}  // namespace
}  // namespace imr::bench
