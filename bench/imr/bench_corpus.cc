#include "bench_corpus.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "imr/extract/extractor.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/vocab.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::bench {
namespace {

constexpr std::uint64_t kSeed = 42;
constexpr std::uint64_t kLetters = 2000;

std::unique_ptr<BenchCorpus> Build(Template t) {
  absl::StatusOr<gen::Vocab> vocab = gen::DefaultVocab();
  if (!vocab.ok()) {
    std::fprintf(stderr, "bench: no vocabulary: %s\n", std::string(vocab.status().message()).c_str());
    std::abort();
  }
  gen::LetterOptions options{.seed = kSeed, .layout_2014 = t != Template::k2016, .layout_2016 = t != Template::k2014};
  auto c = std::make_unique<BenchCorpus>();
  gen::GeneratedLetter g;
  for (std::uint64_t i = 0; i < kLetters; ++i) {
    gen::GenerateLetter(*vocab, options, i, &g);
    c->letters.emplace_back(std::string_view(g.text).substr(g.start));
  }
  // Records view the letters: extract only once the vector stops growing.
  const taxonomy::Taxonomy& taxonomy = taxonomy::Taxonomy::Default();
  c->records.resize(c->letters.size());
  for (std::size_t i = 0; i < c->letters.size(); ++i) {
    const std::string& text = c->letters[i];
    extract::ExtractLetter(text, &c->records[i]);
    for (extract::Item& item : c->records[i].items) {
      const taxonomy::Classification k = taxonomy.Classify(item.disputed.empty() ? item.title : item.disputed);
      item.category = k.category;
      item.drug_class = k.drug_class;
    }
    c->bytes += text.size();
    c->items += c->records[i].items.size();
    c->concatenated += text;
    c->concatenated += "\f";
  }
  return c;
}

}  // namespace

const BenchCorpus& GeneratedCorpus(Template t) {
  static std::map<Template, std::unique_ptr<BenchCorpus>> corpora;  // benchmarks run on one thread
  std::unique_ptr<BenchCorpus>& c = corpora[t];
  if (c == nullptr) c = Build(t);
  return *c;
}

Template TemplateArg(benchmark::State& state) {
  const Template t = static_cast<Template>(state.range(0));
  state.SetLabel(t == Template::kAll ? "2014+2016" : t == Template::k2014 ? "2014-15" : "2016-17");
  return t;
}

void TemplateArgs(benchmark::internal::Benchmark* b) { b->ArgName("template")->Arg(0)->Arg(2014)->Arg(2016); }

void SetThroughput(benchmark::State& state, std::size_t bytes, std::size_t letters) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * letters));
  state.counters["letters/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * letters), benchmark::Counter::kIsRate);
}

}  // namespace imr::bench
