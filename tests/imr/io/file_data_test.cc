#include "imr/io/file_data.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace imr::io {
namespace {

void ExpectPadded(const FileData& f) {
  for (std::size_t i = 0; i < kReadPadding; ++i) ASSERT_EQ(f.bytes().data()[f.size() + i], '\0') << i;
}

class FileDataModes : public ::testing::TestWithParam<ReadMode> {};

TEST_P(FileDataModes, ReadsBytesFollowedByZeroPadding) {
  const std::string dir = testing::MakeTempDir("file_data");
  for (std::size_t size : {std::size_t{1}, std::size_t{100}, static_cast<std::size_t>(sysconf(_SC_PAGESIZE)),
                           static_cast<std::size_t>(3 * sysconf(_SC_PAGESIZE) - 7)}) {
    std::string bytes(size, 'x');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 26);
    const std::string path = dir + "/f" + std::to_string(size);
    testing::WriteFile(path, bytes);
    absl::StatusOr<FileData> f = FileData::Open(path, GetParam());
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_EQ(f->bytes(), bytes);
    ExpectPadded(*f);
    EXPECT_EQ(f->mapped(), GetParam() == ReadMode::kMmap);
    f->Release(0, f->size());  // dropping pages must not change the bytes
    EXPECT_EQ(f->bytes(), bytes);
  }
}

TEST_P(FileDataModes, EmptyFileIsEmptyAndPadded) {
  const std::string path = testing::MakeTempDir("file_data_empty") + "/empty";
  testing::WriteFile(path, "");
  absl::StatusOr<FileData> f = FileData::Open(path, GetParam());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllModes, FileDataModes, ::testing::Values(ReadMode::kAuto, ReadMode::kMmap, ReadMode::kRead));

TEST(FileData, MissingFileIsNotFound) {
  absl::StatusOr<FileData> f = FileData::Open("/nonexistent/imr/file.txt");
  EXPECT_EQ(f.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(f.status().message().find("/nonexistent/imr/file.txt"), absl::string_view::npos);
}

TEST(FileData, DirectoryIsFailedPrecondition) {
  absl::StatusOr<FileData> f = FileData::Open(testing::MakeTempDir("file_data_dir"));
  EXPECT_EQ(f.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(FileData, UnreadableFileIsPermissionDenied) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const std::string path = testing::MakeTempDir("file_data_perm") + "/secret";
  testing::WriteFile(path, "x");
  chmod(path.c_str(), 0);
  EXPECT_EQ(FileData::Open(path).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST(FileData, MovedFromKeepsBytesAtTheSameAddress) {
  FileData a = FileData::FromString("hello");
  const char* p = a.bytes().data();
  FileData b = std::move(a);
  EXPECT_EQ(b.bytes().data(), p);
  EXPECT_EQ(b.bytes(), "hello");
  EXPECT_EQ(a.size(), 0u);
}

}  // namespace
}  // namespace imr::io
