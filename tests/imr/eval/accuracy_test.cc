// The CI accuracy bar: a few thousand generated letters in every
// variation and all three corpus formats, extracted and scored against their
// truth. Every field must be right in at least 99.5% of letters and
// items; every letter, item and outcome must be found.
#include <gtest/gtest.h>

#include <cstdio>

#include "imr/eval/eval.h"
#include "imr/gen/gen.h"
#include "testing/test_util.h"

namespace imr::eval {
namespace {

TEST(Accuracy, GeneratedCorpusMeetsTheBar) {
  const gen::Vocab vocab = *gen::DefaultVocab();
  const std::string root = testing::MakeTempDir("eval_accuracy");
  for (gen::Format format : {gen::Format::kDir, gen::Format::kConcat, gen::Format::kJsonl}) {
    gen::GenOptions o;
    o.letters = 2000;
    o.seed = 2024 + static_cast<int>(format);
    o.format = format;
    o.per_file = 500;
    o.out = root + "/corpus" + std::to_string(static_cast<int>(format));
    o.truth_path = o.out + ".truth.jsonl";
    ASSERT_TRUE(gen::GenerateCorpus(vocab, o).ok());
    const std::vector<std::string> paths = {o.out};
    const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
    absl::StatusOr<EvalReport> report = RunEval(corpus, o.truth_path, {});
    ASSERT_TRUE(report.ok()) << report.status();
    const std::vector<std::string> failures = Failures(*report, 0.995, 1.0, {});
    EXPECT_TRUE(failures.empty()) << "format " << static_cast<int>(format) << "\n" << FormatReport(*report);
    EXPECT_EQ(report->truth_letters, 2000u);
    EXPECT_EQ(report->unmatched_extracted, 0u);
  }
}

}  // namespace
}  // namespace imr::eval
