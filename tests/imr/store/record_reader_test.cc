#include "imr/store/record_reader.h"

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/io/walk.h"
#include "testing/test_util.h"

namespace imr::store {
namespace {

// The store prints its files in WalkOrder; a walk of their folder lists
// them so, whatever the names: bytes below and above '/', a file named like
// a folder plus a suffix, folders in folders.
TEST(WalkOrder, SortsPathsAsAWalkListsThem) {
  const std::string dir = testing::MakeTempDir("walk_order");
  const std::vector<std::string> names = {"a",   "a.txt", "a-b", "a/b",   "a/b.c", "a/b/c", "a b",   "a~",
                                          "A",   "a0",    "a.",  "ab/c",  "ab.c",  "a!/x",  "a\x7f", "\xc3\xa9",
                                          "a/!", "a/~",   "b",   "a/b-c", "a/b c", "aa/b/c"};
  std::mt19937 rng(15);
  std::vector<std::string> files;
  for (const std::string& name : names) {
    // A name that is also a folder's gets a file inside it instead.
    const bool folder = std::any_of(names.begin(), names.end(),
                                    [&](const std::string& other) { return other.starts_with(name + "/"); });
    const std::string path = dir + "/" + name + (folder ? "/f" + std::to_string(rng() % 10) : "");
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    testing::WriteFile(path, "x");
  }
  const io::WalkResult walk = io::ExpandPaths(std::vector<std::string>{dir});
  ASSERT_TRUE(walk.errors.empty());
  for (const io::InputFile& f : walk.files) files.push_back(f.path);
  ASSERT_EQ(files.size(), names.size());
  std::vector<std::string> sorted = files;
  std::shuffle(sorted.begin(), sorted.end(), rng);
  std::sort(sorted.begin(), sorted.end(), WalkOrder);
  EXPECT_EQ(sorted, files);
  // Byte order is not walk order.
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NE(sorted, files);
}

}  // namespace
}  // namespace imr::store
