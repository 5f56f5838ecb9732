// The synthetic-letter generator (imr/gen): 2,000 letters of each template
// made with one reused LetterGenerator (seed 42), alone and with the truth
// record of each letter written as `imr gen --truth` writes it. Bytes/s are
// letter bytes per second; with truth, the records' size is the
// "truth_MB/s" counter. No files are written: `scripts/bench.sh` and
// `imr gen` itself (its MB/s line) time the disk.
#include <cstdint>
#include <string>

#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/vocab.h"
#include "imr/output/letter_json.h"

namespace imr::bench {
namespace {

constexpr std::uint64_t kLetters = 2000;

void Generate(benchmark::State& state, bool truth) {
  const Template t = TemplateArg(state);
  static const gen::Vocab* const vocab = new gen::Vocab(*gen::DefaultVocab());
  const gen::LetterOptions options{42, t != Template::k2016, t != Template::k2014};
  gen::LetterGenerator generator(*vocab, options);
  gen::GeneratedLetter g;
  const output::RecordOptions record;
  std::string records;
  std::size_t bytes = 0, record_bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    records.clear();
    for (std::uint64_t i = 0; i < kLetters; ++i) {
      generator.Generate(i, &g);
      bytes += g.text.size();
      if (truth) output::AppendLetterJson(output::SourceRef{"bench", {}, {}}, g.truth, record, &records);
    }
    benchmark::DoNotOptimize(records.data());
    record_bytes = records.size();
  }
  if (truth && record_bytes == 0) state.SkipWithError("no truth written");
  SetThroughput(state, bytes, kLetters);
  if (truth) {
    state.counters["truth_MB/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * record_bytes) / 1e6, benchmark::Counter::kIsRate);
  }
}

void BM_GenerateLetters(benchmark::State& state) { Generate(state, false); }
void BM_GenerateLettersWithTruth(benchmark::State& state) { Generate(state, true); }
BENCHMARK(BM_GenerateLetters)->Apply(TemplateArgs);
BENCHMARK(BM_GenerateLettersWithTruth)->Apply(TemplateArgs);

}  // namespace
}  // namespace imr::bench
