#include "imr/io/walk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace imr::io {
namespace {

std::vector<std::string> Paths(const WalkResult& r) {
  std::vector<std::string> out;
  for (const InputFile& f : r.files) out.push_back(f.path);
  return out;
}

TEST(ExpandPaths, WalksDirectoriesRecursivelyInSortedOrder) {
  const std::string dir = testing::MakeTempDir("walk_sorted");
  std::filesystem::create_directories(dir + "/b/inner");
  for (const char* f : {"/c.txt", "/a.txt", "/b/z.txt", "/b/inner/y.txt"}) testing::WriteFile(dir + f, "x");
  const WalkResult r = ExpandPaths(std::vector<std::string>{dir});
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(Paths(r),
            (std::vector<std::string>{dir + "/a.txt", dir + "/b/inner/y.txt", dir + "/b/z.txt", dir + "/c.txt"}));
}

TEST(ExpandPaths, GivesEachFilesSizeAndModificationTime) {
  const std::string dir = testing::MakeTempDir("walk_identity");
  std::filesystem::create_directories(dir + "/sub");
  testing::WriteFile(dir + "/sub/a.txt", "abc");
  const timespec times[2] = {{0, UTIME_OMIT}, {1500000000, 123456789}};
  ASSERT_EQ(utimensat(AT_FDCWD, (dir + "/sub/a.txt").c_str(), times, 0), 0);
  const WalkResult r = ExpandPaths(std::vector<std::string>{dir, dir + "/"});
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].path, dir + "/sub/a.txt");
  EXPECT_EQ(r.files[0].size, 3u);
  EXPECT_EQ(r.files[0].mtime_ns, 1500000000123456789);
  EXPECT_EQ(Paths(ExpandPaths(std::vector<std::string>{dir + "/"})), std::vector<std::string>{dir + "/sub/a.txt"});
}

TEST(ExpandPaths, ReportsMissingPathsAndKeepsGoing) {
  const std::string dir = testing::MakeTempDir("walk_missing");
  testing::WriteFile(dir + "/a.txt", "x");
  const WalkResult r = ExpandPaths(std::vector<std::string>{dir + "/nope", dir + "/a.txt"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Paths(r), std::vector<std::string>{dir + "/a.txt"});
}

TEST(ExpandPaths, ListsAFileReachedTwiceOnce) {
  const std::string dir = testing::MakeTempDir("walk_twice");
  testing::WriteFile(dir + "/a.txt", "x");
  ASSERT_EQ(symlink((dir + "/a.txt").c_str(), (dir + "/link.txt").c_str()), 0);
  const WalkResult r = ExpandPaths(std::vector<std::string>{dir, dir + "/a.txt"});
  EXPECT_EQ(Paths(r), std::vector<std::string>{dir + "/a.txt"});
  EXPECT_EQ(r.duplicates.size(), 2u);
}

TEST(ExpandPaths, SurvivesSymlinkLoops) {
  const std::string dir = testing::MakeTempDir("walk_loop");
  std::filesystem::create_directories(dir + "/sub");
  testing::WriteFile(dir + "/sub/a.txt", "x");
  ASSERT_EQ(symlink(dir.c_str(), (dir + "/sub/back").c_str()), 0);
  ASSERT_EQ(symlink((dir + "/self").c_str(), (dir + "/self").c_str()), 0);
  const WalkResult r = ExpandPaths(std::vector<std::string>{dir});
  EXPECT_EQ(Paths(r), std::vector<std::string>{dir + "/sub/a.txt"});
  ASSERT_EQ(r.errors.size(), 1u);  // the self-loop link cannot be resolved
  EXPECT_NE(r.errors[0].message().find("self"), absl::string_view::npos);
}

TEST(ExpandPaths, EmptyDirectoryGivesNothing) {
  const WalkResult r = ExpandPaths(std::vector<std::string>{testing::MakeTempDir("walk_empty")});
  EXPECT_TRUE(r.files.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(ExpandPaths, DashIsStandardInput) {
  const WalkResult r = ExpandPaths(std::vector<std::string>{"-"});
  EXPECT_EQ(Paths(r), std::vector<std::string>{"-"});
}

}  // namespace
}  // namespace imr::io
