// imr gen: deterministic bytes at any thread count, the data/vocab files and
// the embedded copy agree, and letters carry the variations FORMATS.md lists.
#include "imr/gen/gen.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/vocab.h"
#include "imr/output/letter_json.h"
#include "testing/test_util.h"

namespace imr::gen {
namespace {

TEST(Vocab, EmbeddedCopyMatchesDataFolder) {
  absl::StatusOr<Vocab> embedded = DefaultVocab();
  absl::StatusOr<Vocab> files = LoadVocab(testing::SourceDir() + "/data/vocab");
  ASSERT_TRUE(embedded.ok()) << embedded.status();
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(embedded->services.size(), files->services.size());
  EXPECT_EQ(embedded->drugs.size(), files->drugs.size());
  EXPECT_EQ(embedded->mtus.size(), files->mtus.size());
}

// The truth's unit is the service's, so a unit extraction does not report
// (units.tsv) would make truth no extraction can match.
TEST(Vocab, ServiceUnitMustBeAUnitOfUnitsTsv) {
  const std::string dir = testing::MakeTempDir("vocab_units");
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourceDir() + "/data/vocab")) {
    std::filesystem::copy_file(entry.path(), dir + "/" + entry.path().filename().string());
  }
  ASSERT_TRUE(LoadVocab(dir).ok());
  const std::string services = testing::ReadFile(dir + "/services.tsv");
  testing::WriteFile(dir + "/services.tsv", absl::StrReplaceAll(services, {{"\tvisits\t", "\tvisitz\t"}}));
  const absl::StatusOr<Vocab> v = LoadVocab(dir);
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("visitz"), std::string::npos) << v.status();
}

TEST(Vocab, MissingFolderIsNotFound) {
  EXPECT_EQ(LoadVocab("/nonexistent/vocab").status().code(), absl::StatusCode::kNotFound);
}

TEST(GenerateLetter, SameSeedAndIndexGiveSameLetter) {
  const Vocab vocab = *DefaultVocab();
  GeneratedLetter a, b, c;
  GenerateLetter(vocab, {.seed = 3}, 17, &a);
  GenerateLetter(vocab, {.seed = 3}, 17, &b);
  GenerateLetter(vocab, {.seed = 4}, 17, &c);
  EXPECT_EQ(a.text, b.text);
  EXPECT_NE(a.text, c.text);
}

// A reused generator must reset every member: letter i comes out the same
// whatever was made before it (this is what makes blocks thread-independent).
TEST(LetterGenerator, ReuseGivesTheSameLettersAndTruthAsFreshGenerators) {
  const Vocab vocab = *DefaultVocab();
  LetterGenerator reused(vocab, {.seed = 9});
  GeneratedLetter a, b;
  for (std::uint64_t i : {5u, 900u, 6u, 1234u, 5u, 77u, 78u, 4000u, 1u}) {
    reused.Generate(i, &a);
    GenerateLetter(vocab, {.seed = 9}, i, &b);
    ASSERT_EQ(a.text, b.text) << i;
    // Every field of the truth record, as --truth writes it.
    std::string truth_a, truth_b;
    output::AppendLetterJson({"x", {}, {}}, a.truth, {.truth = true}, &truth_a);
    output::AppendLetterJson({"x", {}, {}}, b.truth, {.truth = true}, &truth_b);
    EXPECT_EQ(truth_a, truth_b) << i;
  }
}

TEST(GenerateLetter, CoversTheKnownVariations) {
  const Vocab vocab = *DefaultVocab();
  int styles[5] = {}, no_header = 0, crlf = 0, partial = 0, form_feeds = 0, multi = 0;
  GeneratedLetter g;
  for (int i = 0; i < 3000; ++i) {
    GenerateLetter(vocab, {.seed = 11}, i, &g);
    ++styles[static_cast<int>(g.style)];
    if (g.truth.case_number.empty()) ++no_header;
    if (g.crlf) ++crlf;
    if (g.text.find('\f') != std::string::npos) ++form_feeds;
    if (g.truth.items.size() > 1) ++multi;
    for (const extract::Item& item : g.truth.items) {
      if (!item.original_request.empty()) ++partial;
      EXPECT_FALSE(item.title.empty());
    }
  }
  for (int s : styles) EXPECT_GT(s, 50);
  EXPECT_GT(no_header, 100);
  EXPECT_GT(crlf, 100);
  EXPECT_GT(partial, 50);
  EXPECT_GT(form_feeds, 1000);
  EXPECT_NEAR(multi / 3000.0, 0.40, 0.04);
}

// Every file under `dir` (recursively), in sorted order, with its name.
std::string Slurp(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::string all;
  for (const std::string& f : files) all += f + "\n" + testing::ReadFile(f);
  return all;
}

// The truth and every file of a run of `o`, with its folder's name replaced
// by X (paths differ by the folder name only).
std::string GenerateNormalized(const Vocab& vocab, const GenOptions& o, GenStats* stats) {
  absl::StatusOr<GenStats> s = GenerateCorpus(vocab, o);
  EXPECT_TRUE(s.ok()) << s.status();
  if (!s.ok()) return "";
  *stats = *s;
  std::string all = testing::ReadFile(o.truth_path) + Slurp(o.out);
  absl::StrReplaceAll({{o.out, "X"}}, &all);
  return all;
}

TEST(GenerateCorpus, BytesDoNotDependOnThreads) {
  const Vocab vocab = *DefaultVocab();
  const std::string root = testing::MakeTempDir("gen_threads");
  for (Format format : {Format::kDir, Format::kConcat, Format::kJsonl}) {
    std::string out[2];
    for (int t = 0; t < 2; ++t) {
      const std::string dir = root + "/t" + std::to_string(t);
      const GenOptions o{.letters = 1200,
                         .seed = 5,
                         .out = dir,
                         .format = format,
                         .truth_path = dir + ".truth",
                         .per_file = 700,
                         .threads = t == 0 ? 1 : 4};
      GenStats stats;
      out[t] = GenerateNormalized(vocab, o, &stats);
    }
    EXPECT_EQ(out[0], out[1]) << "format " << static_cast<int>(format);
  }
}

// Many small files over many rounds: blocks of a round are placed, given
// truth and written a round apart, and files close as their last block is
// written; none of that may depend on the thread count.
TEST(GenerateCorpus, ManyRoundsAndFilesGiveTheSameBytesAtAnyThreadCount) {
  const Vocab vocab = *DefaultVocab();
  const std::string root = testing::MakeTempDir("gen_rounds");
  for (Format format : {Format::kConcat, Format::kJsonl}) {
    std::string out[2];
    for (int t = 0; t < 2; ++t) {
      const std::string dir = root + "/f" + std::to_string(static_cast<int>(format)) + "t" + std::to_string(t);
      // 67 files of blocks of 30 letters: many rounds at any thread count.
      const GenOptions o{.letters = 2000,
                         .seed = 21,
                         .out = dir,
                         .format = format,
                         .truth_path = dir + ".truth",
                         .per_file = 30,
                         .threads = t == 0 ? 1 : 3};
      GenStats stats;
      out[t] = GenerateNormalized(vocab, o, &stats);
      EXPECT_EQ(stats.files, 67u);
      EXPECT_EQ(stats.letters, 2000u);
    }
    EXPECT_FALSE(out[0].empty());
    EXPECT_EQ(out[0], out[1]) << "format " << static_cast<int>(format);
  }
}

// A corpus file that cannot be created fails the run with its path.
TEST(GenerateCorpus, AFileThatCannotBeCreatedFailsTheRun) {
  const Vocab vocab = *DefaultVocab();
  GenOptions o;
  o.letters = 500;
  o.format = Format::kConcat;
  o.per_file = 100;
  o.threads = 2;
  o.out = testing::MakeTempDir("gen_blocked") + "/corpus";
  std::filesystem::create_directories(o.out + "/letters-00003.txt");  // a folder where the file goes
  absl::StatusOr<GenStats> stats = GenerateCorpus(vocab, o);
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.status().message().find("letters-00003.txt"), std::string_view::npos) << stats.status();
}

// --format dir: OUT/DDD/DDD/NNNNNNNNN.txt, never more than 1,000 files in a
// folder (the issue allows 10,000).
TEST(GenerateCorpus, DirFormatNestsAtMostAThousandFilesPerFolder) {
  const Vocab vocab = *DefaultVocab();
  GenOptions o;
  o.letters = 2500;
  o.seed = 8;
  o.format = Format::kDir;
  o.threads = 2;
  o.out = testing::MakeTempDir("gen_dir") + "/corpus";
  absl::StatusOr<GenStats> stats = GenerateCorpus(vocab, o);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->files, 2500u);
  std::map<std::string, int> per_folder;
  for (const auto& e : std::filesystem::recursive_directory_iterator(o.out)) {
    if (e.is_regular_file()) ++per_folder[e.path().parent_path().string()];
  }
  ASSERT_EQ(per_folder.size(), 3u);
  for (const auto& [folder, n] : per_folder) EXPECT_LE(n, 1000) << folder;
  EXPECT_TRUE(std::filesystem::exists(o.out + "/000/002/000002499.txt"));
}

}  // namespace
}  // namespace imr::gen
