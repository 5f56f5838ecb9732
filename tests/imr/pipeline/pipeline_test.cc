// The flow graph against the serial loop: same bytes out at every thread
// count, chunk size and read mode, and the same records whether the letters
// come as a directory, one concatenated file or JSON Lines.
#include "imr/pipeline/pipeline.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "imr/base/json_writer.h"
#include "imr/extract/letter_start.h"
#include "imr/io/file_data.h"
#include "imr/jobs/jobs.h"
#include "testing/test_util.h"

namespace imr {
namespace {

// Letters written for this test in the layouts of the real ones.
std::string SyntheticLetter(int i) {
  std::string s;
  if (i % 3 != 0) {
    s += "Case Number:          CM16-09" + std::to_string(10000 + i) + "\n";
    s += "Date Assigned:        11/18/2016                      Date of Injury:      10/10/2016\n";
    s += "Decision Date:        12/19/2016                      UR Denial Date:      11/09/2016\n";
    s += "Priority:             Standard                        Application          11/14/2016\n";
    s += "                                                      Received:\n\n";
  }
  s += "HOW THE IMR FINAL DETERMINATION WAS MADE\nA reviewer with no conflicts read the file.\n"
       "CLINICAL CASE SUMMARY\nThe injured worker is a " +
       std::to_string(30 + i % 40) +
       " year old male.\n"
       "IMR ISSUES, DECISIONS AND RATIONALES\n"
       "The Final Determination was based on decisions for the disputed items/services set forth below:\n";
  for (int k = 0; k <= i % 3; ++k) {
    const bool upheld = (i + k) % 5 != 0;
    s += "Physical therapy " + std::to_string(k + 1) +
         " visits for the\nlumbar spine: " + (upheld ? "Upheld" : "Overturned") + "\n";
    s += "Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.\n";
    s += "MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004.\n";
    s += std::string("Decision rationale: The request is ") + (upheld ? "not " : "") + "medically necessary.\n";
    if (k == 1) s += "\f";
  }
  if (i % 4 == 1) {  // CRLF line ends
    std::string crlf;
    for (char c : s) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    s = crlf;
  }
  return s;
}

std::vector<std::string> Corpus() {
  std::vector<std::string> letters;
  for (int i = 0; i < 60; ++i) letters.push_back(SyntheticLetter(i));
  if (const std::optional<std::string> shared = testing::SharedDir()) {
    for (const std::string& f : testing::ListFiles(*shared + "/seeds", ".txt")) letters.push_back(testing::ReadFile(f));
    for (const std::string& f : testing::ListFiles(*shared + "/real/layout", ".txt"))
      letters.push_back(testing::ReadFile(f));
  }
  for (std::string& l : letters) {
    if (!l.ends_with('\n') && !l.ends_with('\f')) l += '\n';
  }
  return letters;
}

struct Output {
  std::string records;
  stats::Stats stats;
};

Output RunExtract(const std::vector<std::string>& paths, jobs::RunOptions options,
                  corpus::CorpusOptions corpus_options = {}) {
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, corpus_options);
  char* buf = nullptr;
  std::size_t len = 0;
  std::FILE* out = open_memstream(&buf, &len);
  std::FILE* diag = std::fopen("/dev/null", "w");
  absl::StatusOr<stats::Stats> s = jobs::RunExtract(corpus, options, out, diag);
  std::fclose(out);
  std::fclose(diag);
  Output o{std::string(buf, len), s.ok() ? *s : stats::Stats{}};
  std::free(buf);
  EXPECT_TRUE(s.ok()) << s.status();
  return o;
}

// Records without their "source" object (the one field that names the file).
std::vector<std::string> WithoutSource(const std::string& records) {
  std::vector<std::string> out;
  testing::JsonLines lines(records);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string rec = simdjson::minify(lines[i]);
    const std::size_t layout = rec.find(",\"layout\":");
    out.push_back("{" + rec.substr(layout + 1));
  }
  return out;
}

class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    letters_ = new std::vector<std::string>(Corpus());
    dir_ = new std::string(testing::MakeTempDir("pipeline"));
    std::string concat, jsonl;
    for (std::size_t i = 0; i < letters_->size(); ++i) {
      const std::string sub = *dir_ + "/letters/" + std::to_string(i / 25);
      std::filesystem::create_directories(sub);
      char name[32];
      std::snprintf(name, sizeof name, "/%04zu.txt", i);
      testing::WriteFile(sub + name, (*letters_)[i]);
      concat += (*letters_)[i];
      if (i % 2 == 0) concat += "\f";
      jsonl += "{\"id\": \"" + std::to_string(i) + "\", \"text\": ";
      AppendJsonString((*letters_)[i], &jsonl);
      jsonl += "}\n";
    }
    testing::WriteFile(*dir_ + "/concat.txt", concat);
    testing::WriteFile(*dir_ + "/letters.jsonl", jsonl);
  }
  static void TearDownTestSuite() {
    delete letters_;
    delete dir_;
  }
  static std::vector<std::string>* letters_;
  static std::string* dir_;
};
std::vector<std::string>* PipelineTest::letters_ = nullptr;
std::string* PipelineTest::dir_ = nullptr;

TEST_F(PipelineTest, EveryThreadCountChunkSizeAndReadModeMatchesSerial) {
  // Tiny chunks (a work unit per few bytes) run on the small synthetic part;
  // realistic ones on everything.
  std::string small;
  for (int i = 0; i < 24; ++i) small += SyntheticLetter(i) + (i % 2 ? "\f" : "");
  testing::WriteFile(*dir_ + "/small.txt", small);
  struct Case {
    std::string file;
    std::vector<std::uint64_t> chunks;
  };
  for (const Case& c :
       {Case{*dir_ + "/small.txt", {1, 7, 64}}, Case{*dir_ + "/concat.txt", {4096, std::uint64_t{1} << 22}}}) {
    jobs::RunOptions serial;
    serial.serial = true;
    const Output reference = RunExtract({c.file}, serial);
    ASSERT_GT(reference.stats.letters, 0u);
    for (io::ReadMode mode : {io::ReadMode::kMmap, io::ReadMode::kRead}) {
      for (std::uint64_t chunk : c.chunks) {
        for (int threads : {1, 4, 8}) {
          jobs::RunOptions o;
          o.pipeline.threads = threads;
          o.pipeline.plan.chunk_bytes = chunk;
          corpus::CorpusOptions co;
          co.read_mode = mode;
          const Output got = RunExtract({c.file}, o, co);
          EXPECT_EQ(got.records, reference.records) << c.file << " threads " << threads << " chunk " << chunk;
          EXPECT_EQ(got.stats.items, reference.stats.items);
          EXPECT_EQ(got.stats.accounting.bytes_skipped, reference.stats.accounting.bytes_skipped);
        }
      }
    }
  }
  jobs::RunOptions serial;
  serial.serial = true;
  EXPECT_EQ(RunExtract({*dir_ + "/concat.txt"}, serial).stats.letters, letters_->size());
}

TEST_F(PipelineTest, DirectoryConcatenationAndJsonLinesGiveTheSameRecords) {
  jobs::RunOptions o;
  o.pipeline.threads = 8;
  const Output concat = RunExtract({*dir_ + "/concat.txt"}, o);
  const Output dir = RunExtract({*dir_ + "/letters"}, o);
  const Output jsonl = RunExtract({*dir_ + "/letters.jsonl"}, o);
  EXPECT_EQ(WithoutSource(dir.records), WithoutSource(concat.records));
  EXPECT_EQ(WithoutSource(jsonl.records), WithoutSource(concat.records));
  EXPECT_EQ(dir.stats.accounting.files, letters_->size());
  EXPECT_EQ(jsonl.stats.letters, letters_->size());
}

TEST_F(PipelineTest, SmallFileBatchesMatchSerialAtAnyThreadCount) {
  jobs::RunOptions serial;
  serial.serial = true;
  const Output reference = RunExtract({*dir_ + "/letters"}, serial);
  for (int threads : {2, 8}) {
    jobs::RunOptions o;
    o.pipeline.threads = threads;
    o.pipeline.plan.batch_files = 3;
    EXPECT_EQ(RunExtract({*dir_ + "/letters"}, o).records, reference.records);
  }
}

TEST_F(PipelineTest, JsonLinesRecordsCarryLineAndId) {
  jobs::RunOptions o;
  o.pipeline.plan.chunk_bytes = 1000;  // many chunks: line numbers must still be right
  const Output jsonl = RunExtract({*dir_ + "/letters.jsonl"}, o);
  testing::JsonLines lines(jsonl.records);
  ASSERT_EQ(lines.size(), letters_->size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int64_t line = 0;
    std::string_view id;
    ASSERT_EQ(lines[i]["source"]["line"].get_int64().get(line), simdjson::SUCCESS);
    ASSERT_EQ(lines[i]["source"]["id"].get_string().get(id), simdjson::SUCCESS);
    EXPECT_EQ(line, static_cast<int64_t>(i + 1));
    EXPECT_EQ(id, std::to_string(i));
  }
}

// A writer that fails (a full disk) stops the run: RunPipeline returns its
// error, nothing after the failed batch is written, and the units still in
// flight are freed (the ASan stage checks for leaks, the TSan stage for
// races on that path).
class FailingWriter : public pipeline::BatchJob {
 public:
  explicit FailingWriter(std::size_t fail_at) : fail_at_(fail_at) {}
  void Process(split::Batch&, int) const override {}
  absl::Status Write(split::Batch& batch) override {
    written_.push_back(batch.seq);
    if (written_.size() == fail_at_) return absl::DataLossError("disk full");
    return absl::OkStatus();
  }
  void ReportError(const split::DocumentError&) override {}
  void ReportSkipped(const split::SkippedRange&) override {}
  const std::vector<std::uint64_t>& written() const { return written_; }

 private:
  std::size_t fail_at_;
  std::vector<std::uint64_t> written_;
};

TEST_F(PipelineTest, AFailedWriteStopsTheRunWithItsError) {
  const std::vector<std::string> paths = {*dir_ + "/concat.txt"};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
  const extract::LetterStartRule rule;
  for (int threads : {1, 2, 8}) {
    for (int in_flight : {1, 0}) {
      pipeline::PipelineOptions o;
      o.threads = threads;
      o.max_in_flight = in_flight;
      o.plan.chunk_bytes = 4096;  // dozens of units
      FailingWriter job(5);
      const absl::Status status = pipeline::RunPipeline(corpus, rule, job, o);
      EXPECT_EQ(status, absl::DataLossError("disk full")) << threads << " threads";
      EXPECT_EQ(job.written(), (std::vector<std::uint64_t>{0, 1, 2, 3, 4})) << threads << " threads";
    }
  }
}

// Keeps the mapped file alive past the run and processes nothing, so that what
// is still resident afterwards is what the run left behind.
class KeepFile : public pipeline::BatchJob {
 public:
  void Process(split::Batch&, int) const override {}
  absl::Status Write(split::Batch& batch) override {
    if (batch.release_file != nullptr) file_ = batch.release_file;
    return absl::OkStatus();
  }
  void ReportError(const split::DocumentError&) override {}
  void ReportSkipped(const split::SkippedRange&) override {}
  const std::shared_ptr<const io::FileData>& file() const { return file_; }

 private:
  std::shared_ptr<const io::FileData> file_;
};

// Pages of [data, data + size) mapped into this process (/proc/self/pagemap,
// bit 63: present), or -1 if pagemap cannot be read.
long ResidentPages(const char* data, std::size_t size) {
  const long page = sysconf(_SC_PAGESIZE);
  const int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(data) / page;
  const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(data) + size + page - 1) / page;
  long present = 0;
  for (std::uintptr_t p = first; p < last; ++p) {
    std::uint64_t entry = 0;
    if (pread(fd, &entry, sizeof entry, static_cast<off_t>(p * sizeof entry)) != sizeof entry) {
      close(fd);
      return -1;
    }
    present += (entry >> 63) & 1;
  }
  close(fd);
  return present;
}

// Memory stays flat: every page a run maps is dropped once its unit is written. The
// splitter reads back before a unit's first byte (for the letter that covers
// it), often after the unit before was released; those pages used to stay
// mapped, so resident memory grew with the corpus (80 MB left on 1 GB at the
// default chunk size, 360 MB at 256 KiB chunks).
TEST_F(PipelineTest, NoMappedPageOutlivesItsWrittenUnit) {
  const std::string path = *dir_ + "/big.txt";
  std::string big;
  while (big.size() < (3u << 20)) {  // several look-behind spans (1 MiB) long
    for (const std::string& l : *letters_) big += l;
  }
  testing::WriteFile(path, big);
  const std::vector<std::string> paths = {path};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {.read_mode = io::ReadMode::kMmap});
  const extract::LetterStartRule rule;
  for (int threads : {0, 1, 2}) {  // 0: RunSerial
    pipeline::PipelineOptions o;
    o.threads = std::max(threads, 1);
    o.plan.chunk_bytes = 64 << 10;  // dozens of units, each read back into by the next
    KeepFile job;
    const absl::Status status =
        threads == 0 ? pipeline::RunSerial(corpus, rule, job, o) : pipeline::RunPipeline(corpus, rule, job, o);
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_NE(job.file(), nullptr);
    const std::string_view bytes = job.file()->bytes();
    const long resident = ResidentPages(bytes.data(), bytes.size());
    ASSERT_GE(resident, 0) << "cannot read /proc/self/pagemap";
    // Only the file's last, partial page may stay: Release drops whole pages.
    EXPECT_LE(resident, 1) << "threads " << threads << ": " << resident << " of " << (bytes.size() + 4095) / 4096
                           << " pages still mapped";
  }
}

}  // namespace
}  // namespace imr
