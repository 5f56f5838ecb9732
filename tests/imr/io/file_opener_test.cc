#include "imr/io/file_opener.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "imr/io/file_data.h"
#include "testing/test_util.h"

namespace imr::io {
namespace {

std::string ReadFd(int fd) {
  std::string out;
  char buf[256];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return out;
}

TEST(FileOpener, OpensFilesOfOneFolderAndOfTheNext) {
  const std::string dir = testing::MakeTempDir("file_opener");
  ASSERT_EQ(mkdir((dir + "/a").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir + "/b").c_str(), 0755), 0);
  testing::WriteFile(dir + "/a/1.txt", "one");
  testing::WriteFile(dir + "/a/2.txt", "two");
  testing::WriteFile(dir + "/b/1.txt", "three");
  FileOpener opener;
  for (const auto& [name, text] :
       {std::pair{"/a/1.txt", "one"}, {"/a/2.txt", "two"}, {"/b/1.txt", "three"}, {"/a/1.txt", "one"}}) {
    const int fd = opener.Open(dir + name);
    ASSERT_GE(fd, 0) << name;
    EXPECT_EQ(ReadFd(fd), text) << name;
  }
}

TEST(FileOpener, ReportsOpenErrorsForThePath) {
  const std::string dir = testing::MakeTempDir("file_opener_errors");
  testing::WriteFile(dir + "/present.txt", "x");
  FileOpener opener;
  errno = 0;
  EXPECT_EQ(opener.Open(dir + "/missing.txt"), -1);  // in the folder held
  EXPECT_EQ(errno, ENOENT);
  errno = 0;
  EXPECT_EQ(opener.Open(dir + "/no-folder/x.txt"), -1);  // a folder that cannot be held
  EXPECT_EQ(errno, ENOENT);
  errno = 0;
  EXPECT_EQ(opener.Open(dir + "/present.txt/x"), -1);  // a file where a folder should be
  EXPECT_EQ(errno, ENOTDIR);
  const int fd = opener.Open(dir + "/present.txt");  // still opens after the failures
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadFd(fd), "x");
}

TEST(FileOpener, MovedOpenerKeepsItsFolder) {
  const std::string dir = testing::MakeTempDir("file_opener_move");
  testing::WriteFile(dir + "/f.txt", "moved");
  FileOpener first;
  close(first.Open(dir + "/f.txt"));
  FileOpener second = std::move(first);
  const int fd = second.Open(dir + "/f.txt");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(ReadFd(fd), "moved");
}

// A listed file is read as the walk saw it: appended bytes are not read,
// and one that shrank ends where it ends now; padded either way.
TEST(FileDataOpenListed, ReadsTheListedSize) {
  const std::string dir = testing::MakeTempDir("file_data_listed");
  const std::string path = dir + "/letter.txt";
  FileOpener opener;
  testing::WriteFile(path, "Case Number: CM17-0000001 and more");
  absl::StatusOr<FileData> grown = FileData::OpenListed(path, 25, ReadMode::kAuto, &opener);
  ASSERT_TRUE(grown.ok()) << grown.status();
  EXPECT_EQ(grown->bytes(), "Case Number: CM17-0000001");
  EXPECT_EQ(grown->bytes().data()[grown->size()], '\0');
  absl::StatusOr<FileData> shrunk = FileData::OpenListed(path, 1000, ReadMode::kRead, &opener);
  ASSERT_TRUE(shrunk.ok()) << shrunk.status();
  EXPECT_EQ(shrunk->bytes(), "Case Number: CM17-0000001 and more");
  EXPECT_EQ(shrunk->bytes().data()[shrunk->size()], '\0');
  // Listed empty, or mapped: read as Open() reads, at the file's size now.
  absl::StatusOr<FileData> empty = FileData::OpenListed(path, 0, ReadMode::kAuto, &opener);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 34u);
  absl::StatusOr<FileData> mapped = FileData::OpenListed(path, 25, ReadMode::kMmap, &opener);
  ASSERT_TRUE(mapped.ok());
  EXPECT_TRUE(mapped->mapped());
  EXPECT_EQ(mapped->size(), 34u);
  EXPECT_EQ(FileData::OpenListed(dir + "/gone.txt", 10, ReadMode::kAuto, &opener).status().code(),
            absl::StatusCode::kNotFound);
}

// Files read into one arena share its buffer, padded each, and keep it alive
// after the arena is gone; a file the arena has no room for gets its own.
TEST(FileDataOpenListed, ReadsSmallFilesIntoOneArena) {
  const std::string dir = testing::MakeTempDir("file_data_arena");
  testing::WriteFile(dir + "/a.txt", "first letter");
  testing::WriteFile(dir + "/b.txt", "second letter, longer");
  testing::WriteFile(dir + "/c.txt", "third");
  FileOpener opener;
  absl::StatusOr<FileData> a, b, c;
  {
    ReadArena arena;
    arena.Expect(12);
    arena.Expect(21);
    a = FileData::OpenListed(dir + "/a.txt", 12, ReadMode::kAuto, &opener, &arena);
    b = FileData::OpenListed(dir + "/b.txt", 21, ReadMode::kAuto, &opener, &arena);
    c = FileData::OpenListed(dir + "/c.txt", 5, ReadMode::kAuto, &opener, &arena);  // not expected: no room
  }
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->bytes(), "first letter");
  EXPECT_EQ(b->bytes(), "second letter, longer");
  EXPECT_EQ(c->bytes(), "third");
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a->bytes().data()) % 64, 0u);  // a cache line each
  for (const FileData* f : {&*a, &*b, &*c}) {
    for (std::size_t i = 0; i < kReadPadding; ++i) ASSERT_EQ(f->bytes().data()[f->size() + i], '\0');
  }
  // a and b lie one after the other in the arena; c is elsewhere.
  EXPECT_EQ(b->bytes().data() - a->bytes().data(), 128);
  EXPECT_TRUE(c->bytes().data() < a->bytes().data() || c->bytes().data() > b->bytes().data() + 128);
}

}  // namespace
}  // namespace imr::io
