// Archives, compressed files and streams through the binary: a tar.zst and a
// zip of a folder give the folder's records (apart from the source path) and
// byte-identical statistics at any thread count and chunk size; a named pipe
// reads like a file; and damaged archives are reported, naming the archive
// and member, while everything else is read.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "testing/archive_writer.h"
#include "testing/test_util.h"

namespace imr {
namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFile(testing::SourceDir() + "/tests/testdata/letters/" + name);
}

// Removes every occurrence of `prefix` (an archive's "path:" before its members' names).
std::string WithoutPrefix(std::string text, const std::string& prefix) {
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

// A number of `imr stats --format json` output: section.key.
std::uint64_t StatsNumber(const std::string& stats_json, const char* section, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::uint64_t v = 0;
  if (parser.parse(stats_json).get(doc) != simdjson::SUCCESS) {
    ADD_FAILURE() << "not JSON statistics: " << stats_json;
    return v;
  }
  EXPECT_EQ(doc[section][key].get_uint64().get(v), simdjson::SUCCESS) << section << "." << key;
  return v;
}

// A folder of letters (the test fixtures, one file of all of them, which
// small chunk sizes cut into ranges, and the real letters when present) and
// the same files as archive entries named by their paths, in walk order;
// with the real letters, a few of their PDFs too.
struct Corpus {
  std::string dir;                           // the folder
  std::vector<testing::ArchiveEntry> files;  // its files, named as the folder's walk names them
};

Corpus MakeCorpus(const std::string& root) {
  Corpus c;
  c.dir = root + "/letters";
  std::filesystem::create_directories(c.dir + "/fixtures");
  std::string all;
  for (const std::string& path : testing::ListFiles(testing::SourceDir() + "/tests/testdata/letters", "")) {
    const std::string name = std::filesystem::path(path).filename().string();
    const std::string bytes = testing::ReadFile(path);
    if (name != "letters.jsonl" && name != "MANIFEST.tsv") all += bytes;
    testing::WriteFile(c.dir + "/fixtures/" + name, bytes);
    c.files.push_back({c.dir + "/fixtures/" + name, bytes});
  }
  if (const std::optional<std::string> shared = testing::SharedDir()) {
    // A few PDFs (walked before real/): members converted like the files they were.
    std::filesystem::create_directories(c.dir + "/pdf");
    std::vector<std::string> pdfs = testing::ListFiles(*shared + "/real/pdf", ".pdf");
    pdfs.resize(std::min<std::size_t>(pdfs.size(), 6));
    for (const std::string& path : pdfs) {
      const std::string name = std::filesystem::path(path).filename().string();
      const std::string bytes = testing::ReadFile(path);
      testing::WriteFile(c.dir + "/pdf/" + name, bytes);
      c.files.push_back({c.dir + "/pdf/" + name, bytes});
    }
    std::filesystem::create_directories(c.dir + "/real");
    for (const std::string& path : testing::ListFiles(*shared + "/real/layout", ".txt")) {
      const std::string name = std::filesystem::path(path).filename().string();
      const std::string bytes = testing::ReadFile(path);
      testing::WriteFile(c.dir + "/real/" + name, bytes);
      c.files.push_back({c.dir + "/real/" + name, bytes});
    }
  }
  testing::WriteFile(c.dir + "/zz_all.txt", all);
  c.files.push_back({c.dir + "/zz_all.txt", all});
  return c;
}

struct Outputs {
  int status = -1;
  std::string records, csv, stats, err;
};

Outputs RunOn(const std::string& args) {
  Outputs o;
  std::string err;
  o.status = testing::RunImr("extract " + args, &o.records, &o.err);
  EXPECT_EQ(testing::RunImr("extract --format csv --no-text " + args, &o.csv, &err), o.status) << err;
  EXPECT_EQ(testing::RunImr("stats --format json " + args, &o.stats, &err), o.status) << err;
  return o;
}

TEST(ArchiveInput, TarZstAndZipGiveTheFolderRecordsAndStatistics) {
  const std::string root = testing::MakeTempDir("archive_input");
  const Corpus corpus = MakeCorpus(root);
  const Outputs folder = RunOn(corpus.dir);
  ASSERT_GT(StatsNumber(folder.stats, "volumes", "letters"), 20u);
  for (const std::string name : {"letters.tar.zst", "letters.zip"}) {
    const std::string archive = root + "/" + name;
    testing::WriteArchive(archive, name == std::string("letters.zip") ? "zip" : "tar",
                          name == std::string("letters.zip") ? "none" : "zstd", corpus.files);
    for (const std::string flags : {"--threads 1", "--threads 4 --chunk-size 3000", "--serial --chunk-size 7000"}) {
      SCOPED_TRACE(name + " " + flags);
      const Outputs got = RunOn(flags + " " + archive);
      EXPECT_EQ(got.status, folder.status);
      EXPECT_EQ(got.stats, folder.stats);
      EXPECT_NE(got.records.find("\"path\":\"" + archive + ":" + corpus.dir), std::string::npos);
      EXPECT_EQ(WithoutPrefix(got.records, archive + ":"), folder.records);
      EXPECT_EQ(WithoutPrefix(got.csv, archive + ":"), folder.csv);
      EXPECT_EQ(WithoutPrefix(got.err, archive + ":"), folder.err);
    }
  }
  // Standard input as an archive.
  Outputs in;
  EXPECT_EQ(testing::RunImr("stats --format json --input-format archive - < " + root + "/letters.tar.zst", &in.stats,
                            &in.err),
            folder.status)
      << in.err;
  EXPECT_EQ(in.stats, folder.stats);
}

// Opens `fifo` for writing once a reader has it open (giving up after 20 s,
// so a reader that never comes cannot hang the test) and writes `bytes`.
void WriteToFifo(const std::string& fifo, const std::string& bytes) {
  int fd = -1;
  for (int tries = 0; tries < 2000 && fd < 0; ++tries) {
    fd = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (fd < 0) return;
  fcntl(fd, F_SETFL, 0);
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  close(fd);
}

TEST(ArchiveInput, ANamedPipeIsReadLikeAFile) {
  const std::string root = testing::MakeTempDir("archive_input");
  std::string text;
  for (const char* name : {"back_to_back.txt", "garbage_between.txt", "eight_items.txt"}) text += Fixture(name);
  text += std::string(300000, '\n') + Fixture("crlf.txt");  // larger than a chunk: cut into ranges
  testing::WriteFile(root + "/file.txt", text);
  std::string want, want_err;
  const int want_status = testing::RunImr("extract --chunk-size 100000 " + root + "/file.txt", &want, &want_err);
  for (const std::string name : {"pipe", "pipe.tar.zst"}) {
    const std::string fifo = root + "/" + name;
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    std::string bytes = text;
    std::string flags = "--chunk-size 100000 ";
    if (name == std::string("pipe.tar.zst")) {  // an archive streamed through the pipe
      testing::WriteArchive(root + "/a.tar.zst", "tar", "zstd", {{root + "/file.txt", text}});
      bytes = testing::ReadFile(root + "/a.tar.zst");
    }
    std::thread writer(WriteToFifo, fifo, bytes);
    std::string got, err;
    const int status = testing::RunImr("extract " + flags + fifo, &got, &err);
    writer.join();
    EXPECT_EQ(status, want_status) << err;
    const std::string prefix = name == std::string("pipe") ? fifo : fifo + ":" + root + "/file.txt";
    EXPECT_EQ(WithoutPrefix(got, prefix), WithoutPrefix(want, root + "/file.txt")) << name;
    EXPECT_EQ(WithoutPrefix(err, prefix), WithoutPrefix(want_err, root + "/file.txt")) << name;
  }
}

TEST(ArchiveInput, DamagedArchivesAreReportedAndEverythingElseIsRead) {
  const std::string root = testing::MakeTempDir("archive_input");
  const std::string dir = root + "/in";
  std::filesystem::create_directories(dir);
  const std::string letter = Fixture("colon_titles.txt");  // one letter
  testing::WriteFile(dir + "/a_plain.txt", letter);
  // Random bytes under an archive's name.
  testing::WriteFile(dir + "/b_corrupt.tar.zst", std::string(3000, '\x5a') + "garbage");
  // A tar cut in its third member: the first two are kept.
  testing::WriteArchive(dir + "/c_truncated.tar", "tar", "none",
                        {{"one.txt", letter}, {"two.txt", letter}, {"three.txt", std::string(100000, ' ') + letter}});
  const std::string whole = testing::ReadFile(dir + "/c_truncated.tar");
  testing::WriteFile(dir + "/c_truncated.tar", whole.substr(0, whole.size() - 40000));
  // A member far larger than the cap (zeros compress to almost nothing), between two letters.
  testing::WriteArchive(dir + "/d_bomb.tar.gz", "tar", "gzip",
                        {{"before.txt", letter}, {"bomb.txt", std::string(4 << 20, '\0')}, {"after.txt", letter}});
  // Text that claims to be gzip.
  testing::WriteFile(dir + "/e_not_gzip.txt.gz", letter);
  // An archive without members.
  testing::WriteArchive(dir + "/f_empty.tar", "tar", "none", {});
  // Member names that would escape a folder if they were paths: they are labels only.
  const std::string outside = root + "/escaped.txt";
  testing::WriteArchive(dir + "/g_names.zip", "zip", "none",
                        {{"../../escaped.txt", letter}, {outside, letter}, {"/etc/imr-absolute.txt", letter}});
  // Nested archives: the inner one is read; an archive inside it is reported.
  testing::WriteArchive(root + "/deep.zip", "zip", "none", {{"deep.txt", letter}});
  testing::WriteArchive(root + "/inner.tar.gz", "tar", "gzip",
                        {{"inner.txt", letter}, {"deep.zip", testing::ReadFile(root + "/deep.zip")}});
  testing::WriteArchive(root + "/letter.txt.zst", "raw", "zstd", {{"data", letter}});
  testing::WriteArchive(dir + "/h_nested.tar", "tar", "none",
                        {{"inner.tar.gz", testing::ReadFile(root + "/inner.tar.gz")},
                         {"letter.txt.zst", testing::ReadFile(root + "/letter.txt.zst")},
                         {"doc.pdf", "%PDF-1.4 not read here"}});
  testing::WriteFile(dir + "/z_plain.txt", letter);

  for (const std::string threads : {"--threads 1", "--threads 3"}) {
    SCOPED_TRACE(threads);
    std::string records, stats, err, stats_err;
    const std::string args = threads + " --max-member-size 1000000 " + dir;
    EXPECT_EQ(testing::RunImr("extract " + args, &records, &err), 1);
    EXPECT_EQ(testing::RunImr("stats --format json " + args, &stats, &stats_err), 1);
    // Letters: a_plain, c's two, d's two, g's three, h's inner.txt and letter.txt, z_plain.
    EXPECT_EQ(StatsNumber(stats, "volumes", "letters"), 11u) << err;
    EXPECT_EQ(testing::JsonLines(records).size(), 11u);
    for (const std::string& source :
         {dir + "/c_truncated.tar:two.txt", dir + "/d_bomb.tar.gz:after.txt", dir + "/g_names.zip:../../escaped.txt",
          dir + "/g_names.zip:" + outside, dir + "/h_nested.tar:inner.tar.gz:inner.txt",
          dir + "/h_nested.tar:letter.txt.zst:letter.txt", dir + "/g_names.zip:/etc/imr-absolute.txt",
          dir + "/z_plain.txt"}) {
      EXPECT_NE(records.find("\"path\":\"" + source + "\""), std::string::npos) << source;
    }
    for (const std::string& message :
         {dir + "/b_corrupt.tar.zst: not a readable archive", dir + "/c_truncated.tar:three.txt: ",
          dir + "/d_bomb.tar.gz:bomb.txt: decompresses to more than 1000000 bytes (--max-member-size)",
          dir + "/e_not_gzip.txt.gz: not gzip, zstd, xz or bzip2 compressed data",
          dir + "/h_nested.tar:inner.tar.gz:deep.zip: an archive inside a nested archive; not read",
          dir + "/h_nested.tar:doc.pdf: damaged or truncated PDF"}) {
      EXPECT_NE(err.find(message), std::string::npos) << message << "\n" << err;
    }
    // Failed: b, c's third member, the bomb, e, deep.zip, doc.pdf.
    EXPECT_EQ(StatsNumber(stats, "accounting", "files_failed"), 6u);
    EXPECT_EQ(StatsNumber(stats, "accounting", "files"), 11u);  // a, c x2, d x2, g x3, h x2, z
  }
  EXPECT_FALSE(std::filesystem::exists(outside));
  EXPECT_FALSE(std::filesystem::exists(root + "/../escaped.txt"));
  EXPECT_FALSE(std::filesystem::exists("/etc/imr-absolute.txt"));
}

}  // namespace
}  // namespace imr
