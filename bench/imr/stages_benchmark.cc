// Per-stage throughput on the sample letters: letter splitting, field
// extraction and JSON writing, each reporting bytes/s and letters/s.
// Before timing, each benchmark checks its result against a plain reference
// run (letter and item counts) and skips with an error on a mismatch.
#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "imr/extract/extractor.h"
#include "imr/extract/letter_start.h"
#include "imr/output/letter_json.h"
#include "imr/split/text_splitter.h"

namespace imr {
namespace {

// The sample letters, each split out of its file, repeated to ~8 MiB.
struct Corpus {
  std::vector<std::string> letters;
  std::string concatenated;
};

const Corpus& SampleCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const std::string dir = std::string(IMR_SOURCE_DIR) + "/data/sample";
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
      while (const dirent* e = readdir(d)) {
        const std::string n = e->d_name;
        if (n.size() > 4 && n.ends_with(".txt")) names.push_back(n);
      }
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    extract::LetterStartRule rule;
    for (const std::string& n : names) {
      std::ifstream in(dir + "/" + n, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string text = ss.str();
      split::Batch batch;
      split::SplitRange(text, 0, text.size(), rule, {}, &batch);
      for (const split::Document& d : batch.documents) c.letters.emplace_back(d.text);
    }
    while (c.concatenated.size() < (8u << 20) && !c.letters.empty()) {
      for (const std::string& l : c.letters) c.concatenated += l + (l.ends_with('\n') ? "\f" : "\n\f");
    }
    return c;
  }();
  return corpus;
}

void BM_SplitConcatenated(benchmark::State& state) {
  const Corpus& c = SampleCorpus();
  extract::LetterStartRule rule;
  const std::size_t chunk = static_cast<std::size_t>(state.range(0));
  split::Batch whole;  // the reference: one range over everything
  split::SplitRange(c.concatenated, 0, c.concatenated.size(), rule, {}, &whole);
  const std::size_t expected = whole.documents.size();
  std::size_t docs = 0;
  for (auto _ : state) {
    split::Batch batch;
    for (std::size_t b = 0; b < c.concatenated.size(); b += chunk) {
      split::SplitRange(c.concatenated, b, b + chunk, rule, {}, &batch);
    }
    docs = batch.documents.size();
    benchmark::DoNotOptimize(batch.documents.data());
  }
  if (docs != expected) state.SkipWithError("letter count differs from the reference");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.concatenated.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs));
}
BENCHMARK(BM_SplitConcatenated)->Arg(1 << 16)->Arg(4 << 20);

void BM_ExtractLetter(benchmark::State& state) {
  const Corpus& c = SampleCorpus();
  extract::Letter letter;
  std::size_t bytes = 0, items = 0;
  for (const std::string& l : c.letters) bytes += l.size();
  for (auto _ : state) {
    items = 0;
    for (const std::string& l : c.letters) {
      extract::ExtractLetter(l, &letter);
      items += letter.items.size();
    }
    benchmark::DoNotOptimize(items);
  }
  if (items == 0) state.SkipWithError("no items extracted");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.letters.size()));
}
BENCHMARK(BM_ExtractLetter);

void BM_WriteJson(benchmark::State& state) {
  const Corpus& c = SampleCorpus();
  std::vector<extract::Letter> letters(c.letters.size());
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < c.letters.size(); ++i) {
    extract::ExtractLetter(c.letters[i], &letters[i]);
    bytes += c.letters[i].size();
  }
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const extract::Letter& l : letters) output::AppendLetterJson({"bench", {}, {}}, l, {}, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * letters.size()));
}
BENCHMARK(BM_WriteJson);

}  // namespace
}  // namespace imr

BENCHMARK_MAIN();
