#include "imr/io/archive_reader.h"

#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "testing/archive_writer.h"
#include "testing/test_util.h"

namespace imr::io {
namespace {

using Members = std::vector<std::pair<std::string, std::string>>;  // name, bytes

// Reads every member; `damage` gets the status that ended the archive early.
Members ReadAll(const std::string& path, ArchiveKind kind, std::uint64_t cap, std::vector<std::string>* errors,
                absl::Status* damage) {
  Members members;
  absl::StatusOr<std::unique_ptr<ArchiveReader>> reader = ArchiveReader::OpenPath(path, kind, cap);
  if (!reader.ok()) {
    *damage = reader.status();
    return members;
  }
  ArchiveMember m;
  for (;;) {
    absl::StatusOr<bool> more = (*reader)->Next(&m);
    if (!more.ok()) {
      *damage = more.status();
      break;
    }
    if (!*more) break;
    if (!m.error.ok()) {
      errors->push_back(std::string(m.error.message()));
      continue;
    }
    members.emplace_back(m.name, std::string(m.data.bytes()));
    EXPECT_EQ(m.data.bytes().data()[m.data.size()], '\0');  // padded
  }
  return members;
}

TEST(ArchiveKindForName, KnowsArchivesAndCompressedFiles) {
  EXPECT_EQ(ArchiveKindForName("a.tar.zst"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindForName("A.TGZ"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindForName("a.zip"), ArchiveKind::kArchive);
  EXPECT_EQ(ArchiveKindForName("a.txt.gz"), ArchiveKind::kCompressed);
  EXPECT_EQ(ArchiveKindForName("a.jsonl.xz"), ArchiveKind::kCompressed);
  EXPECT_EQ(ArchiveKindForName("a.txt"), ArchiveKind::kNone);
  EXPECT_EQ(ArchiveKindForName("tar"), ArchiveKind::kNone);
}

TEST(ArchiveReader, ReadsRegularMembersInArchiveOrderAndSkipsDirectories) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  for (const std::string format : {"tar", "zip"}) {
    const std::string path = dir + "/a." + format;
    testing::WriteArchive(path, format, format == "tar" ? "zstd" : "none",
                          {{"b/", "", true},
                           {"b/z.txt", "zed"},
                           {"a.txt", "first"},
                           {"../up.txt", "up"},
                           {"/abs.txt", "abs"},
                           {"empty.txt", ""}});
    std::vector<std::string> errors;
    absl::Status damage;
    const Members got = ReadAll(path, ArchiveKind::kArchive, 1 << 20, &errors, &damage);
    EXPECT_TRUE(damage.ok()) << damage;
    EXPECT_TRUE(errors.empty());
    const Members want = {{"b/z.txt", "zed"}, {"a.txt", "first"}, {"../up.txt", "up"}, {"empty.txt", ""}};
    ASSERT_GE(got.size(), 4u) << format;
    EXPECT_EQ(got[0], want[0]) << format;
    EXPECT_EQ(got[1], want[1]);
    EXPECT_EQ(got[2], want[2]);
    // An absolute name is kept as a label ("abs.txt" in zip, which stores no leading slash).
    EXPECT_NE(got[3].first.find("abs.txt"), std::string::npos);
    EXPECT_EQ(got[3].second, "abs");
    EXPECT_EQ(got.back(), want[3]);
  }
}

TEST(ArchiveReader, NamesTheMemberOfACompressedFileAfterTheFile) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  for (const std::string filter : {"gzip", "zstd", "xz"}) {
    const std::string path = dir + "/letters.txt." + (filter == "gzip" ? "gz" : filter == "zstd" ? "zst" : "xz");
    testing::WriteArchive(path, "raw", filter, {{"data", "Case Number: CM16-0000001\n"}});
    std::vector<std::string> errors;
    absl::Status damage;
    const Members got = ReadAll(path, ArchiveKind::kCompressed, 1 << 20, &errors, &damage);
    EXPECT_TRUE(damage.ok()) << damage;
    EXPECT_EQ(got, (Members{{"letters.txt", "Case Number: CM16-0000001\n"}})) << filter;
  }
}

TEST(ArchiveReader, RefusesAMemberOverTheCapAndReadsTheRest) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  const std::string path = dir + "/bomb.tar.gz";
  testing::WriteArchive(path, "tar", "gzip",
                        {{"small.txt", "ok"}, {"bomb.txt", std::string(3 << 20, '\0')}, {"after.txt", "kept"}});
  std::vector<std::string> errors;
  absl::Status damage;
  const Members got = ReadAll(path, ArchiveKind::kArchive, 1 << 20, &errors, &damage);
  EXPECT_TRUE(damage.ok()) << damage;
  EXPECT_EQ(got, (Members{{"small.txt", "ok"}, {"after.txt", "kept"}}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("bomb.tar.gz:bomb.txt: decompresses to more than 1048576 bytes"), std::string::npos)
      << errors[0];
}

TEST(ArchiveReader, KeepsTheMembersBeforeATruncationAndNamesWhereItHappened) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  const std::string path = dir + "/cut.tar";
  std::string big(200000, 'x');
  testing::WriteArchive(path, "tar", "none", {{"one.txt", "1"}, {"two.txt", "2"}, {"big.txt", big}});
  const std::string whole = testing::ReadFile(path);
  testing::WriteFile(path, whole.substr(0, whole.size() / 2));
  std::vector<std::string> errors;
  absl::Status damage;
  const Members got = ReadAll(path, ArchiveKind::kArchive, 1 << 20, &errors, &damage);
  EXPECT_EQ(got, (Members{{"one.txt", "1"}, {"two.txt", "2"}}));
  EXPECT_EQ(damage.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(damage.message().find("cut.tar:big.txt"), std::string::npos) << damage;
}

TEST(ArchiveReader, RefusesBytesThatAreNotWhatTheNameSays) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  testing::WriteFile(dir + "/plain.gz", "Case Number: not compressed\n");
  testing::WriteFile(dir + "/plain.tar.zst", "not an archive at all\n");
  testing::WriteFile(dir + "/hello.tar", "hello\n");  // one word: libarchive's mtree reader would take it
  testing::WriteFile(dir + "/hello", "hello\n");      // --input-format archive, standard input
  for (const auto& [name, kind] : {std::pair<std::string, ArchiveKind>{"plain.gz", ArchiveKind::kCompressed},
                                   {"plain.tar.zst", ArchiveKind::kArchive},
                                   {"hello.tar", ArchiveKind::kArchive},
                                   {"hello", ArchiveKind::kAny}}) {
    std::vector<std::string> errors;
    absl::Status damage;
    EXPECT_TRUE(ReadAll(dir + "/" + name, kind, 1 << 20, &errors, &damage).empty());
    EXPECT_EQ(damage.code(), absl::StatusCode::kDataLoss) << name;
    EXPECT_NE(damage.message().find(name), std::string::npos) << damage;
  }
}

TEST(ArchiveReader, ReadsAnEmptyArchiveAsNoMembers) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  testing::WriteArchive(dir + "/empty.tar.xz", "tar", "xz", {});
  std::vector<std::string> errors;
  absl::Status damage;
  EXPECT_TRUE(ReadAll(dir + "/empty.tar.xz", ArchiveKind::kArchive, 1 << 20, &errors, &damage).empty());
  EXPECT_TRUE(damage.ok()) << damage;
}

TEST(ArchiveReader, ReadsAnArchiveInMemory) {
  const std::string dir = testing::MakeTempDir("archive_reader");
  testing::WriteArchive(dir + "/m.zip", "zip", "none", {{"x.txt", "in memory"}});
  auto bytes = std::make_shared<const FileData>(FileData::FromString(testing::ReadFile(dir + "/m.zip")));
  absl::StatusOr<std::unique_ptr<ArchiveReader>> reader =
      ArchiveReader::OpenMemory(bytes, "outer.tar:m.zip", "m.zip", ArchiveKind::kArchive, 1 << 20);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ArchiveMember m;
  ASSERT_TRUE(*(*reader)->Next(&m));
  EXPECT_EQ(m.name, "x.txt");
  EXPECT_EQ(m.data.bytes(), "in memory");
  EXPECT_FALSE(*(*reader)->Next(&m));
}

TEST(ArchiveReader, NamesAMissingFile) {
  absl::StatusOr<std::unique_ptr<ArchiveReader>> reader =
      ArchiveReader::OpenPath("/nonexistent/x.tar", ArchiveKind::kArchive, 1 << 20);
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("/nonexistent/x.tar"), std::string::npos);
}

}  // namespace
}  // namespace imr::io
