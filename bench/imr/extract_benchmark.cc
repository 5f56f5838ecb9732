// Each part of extraction alone, on generated letters of each template:
// layout recognition, sectioning, header, reviewer, patient, items (with the
// per-item parsers inside it), the per-item parsers alone, and the whole
// letter. Bytes/s are corpus bytes (the whole letters) per second, so the
// parts compare with each other and with end-to-end figures: a part at
// 4 GB/s costs a quarter of a 1 GB/s budget. Before timing, each benchmark
// checks its result against the full extraction and skips with an error on a
// mismatch.
#include <algorithm>
#include <memory>
#include <vector>

#include "bench_corpus.h"
#include "benchmark/benchmark.h"
#include "imr/base/text_index.h"
#include "imr/extract/extractor.h"
#include "imr/extract/fields.h"
#include "imr/extract/layout.h"

namespace imr::bench {
namespace {

using extract::Letter;
using extract::Sections;

std::vector<Sections> SectionsOf(const BenchCorpus& c) {
  std::vector<Sections> s;
  for (const std::string& l : c.letters) s.push_back(extract::FindSections(l));
  return s;
}

// Each letter's index, built once, and its sections with their parts of it:
// the extractors that read the index are timed on their spans alone, as the
// splitter hands them the index (BM_BuildTextIndex times building it).
struct IndexedLetter {
  std::unique_ptr<TextIndex> index;
  Sections sections;
  IndexedPart credentials, issues;
};

std::vector<IndexedLetter> IndexedLetters(const BenchCorpus& c) {
  std::vector<IndexedLetter> out;
  for (const std::string& l : c.letters) {
    IndexedLetter& x = out.emplace_back();
    x.index = std::make_unique<TextIndex>();
    x.index->Build(l);
    x.sections = extract::FindSections(l);
    const IndexedPart whole = x.index->Whole(l);
    x.credentials = whole.Of(x.sections.credentials);
    x.issues = whole.Of(x.sections.issues);
  }
  return out;
}

void BM_RecogniseLayout(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const std::vector<IndexedLetter> letters = IndexedLetters(c);
  std::size_t known = 0;
  for (auto _ : state) {
    known = 0;
    for (std::size_t i = 0; i < letters.size(); ++i) {
      known += extract::RecogniseLayout(letters[i].index->Whole(c.letters[i])).extract != nullptr;
    }
    benchmark::DoNotOptimize(known);
  }
  if (known != c.letters.size()) state.SkipWithError("a generated letter's layout was not recognised");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_RecogniseLayout)->Apply(TemplateArgs);

void BM_FindSections(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  std::size_t issues = 0;
  for (auto _ : state) {
    issues = 0;
    for (const std::string& l : c.letters) issues += extract::FindSections(l).has_issues_heading;
    benchmark::DoNotOptimize(issues);
  }
  if (issues == 0) state.SkipWithError("no issues section found");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_FindSections)->Apply(TemplateArgs);

void BM_ExtractHeader(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const std::vector<Sections> sections = SectionsOf(c);
  std::size_t expected = 0, found = 0;
  for (const Letter& r : c.records) expected += !r.case_number.empty();
  Letter letter;
  for (auto _ : state) {
    found = 0;
    for (const Sections& s : sections) {
      letter.Clear();
      extract::ExtractHeader(s.header, &letter);
      found += !letter.case_number.empty();
    }
    benchmark::DoNotOptimize(found);
  }
  if (found != expected) state.SkipWithError("case numbers differ from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ExtractHeader)->Apply(TemplateArgs);

void BM_ExtractReviewer(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const std::vector<IndexedLetter> letters = IndexedLetters(c);
  std::size_t expected = 0, found = 0;
  for (const Letter& r : c.records) expected += r.licensure.size() + r.specialties.size();
  Letter letter;
  for (auto _ : state) {
    found = 0;
    for (const IndexedLetter& l : letters) {
      letter.Clear();
      extract::ExtractReviewer(l.credentials, &letter);
      found += letter.licensure.size() + letter.specialties.size();
    }
    benchmark::DoNotOptimize(found);
  }
  if (found != expected) state.SkipWithError("reviewer fields differ from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ExtractReviewer)->Apply(TemplateArgs);

void BM_ExtractPatient(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const std::vector<Sections> sections = SectionsOf(c);
  std::size_t expected = 0, found = 0;
  for (const Letter& r : c.records) expected += r.age.has_value();
  Letter letter;
  for (auto _ : state) {
    found = 0;
    for (const Sections& s : sections) {
      letter.Clear();  // no header date: the summary's injury date is searched too
      extract::ExtractPatient(s.summary, &letter);
      found += letter.age.has_value();
    }
    benchmark::DoNotOptimize(found);
  }
  if (found != expected) state.SkipWithError("ages differ from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ExtractPatient)->Apply(TemplateArgs);

// The structural pass: line ends, page breaks and colons of whole letters.
void BM_BuildTextIndex(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  TextIndex index;
  std::size_t lines = 0;
  for (auto _ : state) {
    lines = 0;
    for (const std::string& l : c.letters) {
      index.Build(l);
      lines += index.newlines().size();
    }
    benchmark::DoNotOptimize(lines);
  }
  std::size_t expected = 0;
  for (const std::string& l : c.letters) expected += static_cast<std::size_t>(std::count(l.begin(), l.end(), '\n'));
  if (lines != expected) state.SkipWithError("line ends differ from a count of the bytes");
  state.counters["kernel"] = TextIndex::Kernel() == "avx2" ? 2 : TextIndex::Kernel() == "sse2" ? 1 : 0;
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_BuildTextIndex)->Apply(TemplateArgs);

void BM_ExtractItems(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  const std::vector<IndexedLetter> letters = IndexedLetters(c);
  std::size_t items = 0;
  Letter letter;
  for (auto _ : state) {
    items = 0;
    for (const IndexedLetter& l : letters) {
      letter.Clear();
      extract::ExtractItems(l.issues, &letter);
      items += letter.items.size();
    }
    benchmark::DoNotOptimize(items);
  }
  if (items != c.items) state.SkipWithError("item count differs from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ExtractItems)->Apply(TemplateArgs);

// The per-item parsers, on the spans the full extraction found.
void BM_ParseGuideline(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  std::size_t citations = 0, expected = 0;
  for (const Letter& r : c.records) {
    for (const extract::Item& item : r.items)
      expected += item.claims_administrator.citations.size() + item.maximus.citations.size();
  }
  extract::Guideline g;
  extract::Letter storage;
  for (auto _ : state) {
    citations = 0;
    for (const Letter& r : c.records) {
      for (const extract::Item& item : r.items) {
        for (const extract::Guideline* block : {&item.claims_administrator, &item.maximus}) {
          g = extract::Guideline{.text = block->text};
          extract::ParseGuideline(block->text, &g, &storage);
          citations += g.citations.size();
        }
      }
    }
    benchmark::DoNotOptimize(citations);
  }
  if (citations != expected) state.SkipWithError("citations differ from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ParseGuideline)->Apply(TemplateArgs);

void BM_ParseQuantity(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  std::size_t quantities = 0, expected = 0;
  for (const Letter& r : c.records) {
    for (const extract::Item& item : r.items) expected += item.quantity.has_value();
  }
  extract::Item scratch;
  for (auto _ : state) {
    quantities = 0;
    for (const Letter& r : c.records) {
      for (const extract::Item& item : r.items) {
        scratch.quantity.reset();
        scratch.unit = scratch.body_region = {};
        extract::ParseQuantity(item.disputed, &scratch);
        quantities += scratch.quantity.has_value();
      }
    }
    benchmark::DoNotOptimize(quantities);
  }
  if (quantities != expected) state.SkipWithError("quantities differ from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ParseQuantity)->Apply(TemplateArgs);

void BM_RationaleConclusion(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  std::size_t verdicts = 0, expected = 0;
  for (const Letter& r : c.records) {
    for (const extract::Item& item : r.items) expected += item.medically_necessary.has_value();
  }
  for (auto _ : state) {
    verdicts = 0;
    for (const Letter& r : c.records) {
      for (const extract::Item& item : r.items) verdicts += extract::RationaleConclusion(item.rationale).has_value();
    }
    benchmark::DoNotOptimize(verdicts);
  }
  if (verdicts != expected) state.SkipWithError("conclusions differ from the full extraction");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_RationaleConclusion)->Apply(TemplateArgs);

void BM_ExtractLetterGenerated(benchmark::State& state) {
  const BenchCorpus& c = GeneratedCorpus(TemplateArg(state));
  std::size_t items = 0;
  Letter letter;
  for (auto _ : state) {
    items = 0;
    for (const std::string& l : c.letters) {
      extract::ExtractLetter(l, &letter);
      items += letter.items.size();
    }
    benchmark::DoNotOptimize(items);
  }
  if (items != c.items) state.SkipWithError("item count differs from the reference run");
  SetThroughput(state, c.bytes, c.letters.size());
}
BENCHMARK(BM_ExtractLetterGenerated)->Apply(TemplateArgs);

}  // namespace
}  // namespace imr::bench
