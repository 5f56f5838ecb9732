#include "testing/test_util.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "imr/extract/extractor.h"

namespace imr::testing {

namespace {

// The environment variable `name`, or nullptr when it is unset or empty.
const char* NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

std::string SourceDir() {
  const char* env = NonEmptyEnv("IMR_SOURCE_DIR");
  return env != nullptr ? env : IMR_SOURCE_DIR;
}
std::string BinaryDir() {
  const char* env = NonEmptyEnv("IMR_BINARY_DIR");
  return env != nullptr ? env : IMR_BINARY_DIR;
}

std::optional<std::string> SharedDir() {
  if (const char* env = NonEmptyEnv("IMR_SHARED_DIR")) return std::string(env);
  const std::string dir = SourceDir() + "/../shared";
  struct stat st;
  if (stat((dir + "/real").c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return dir;
  return std::nullopt;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string p = e.path().string();
    if (e.is_regular_file() && p.ends_with(suffix)) files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string MakeTempDir(const std::string& name) {
  // ctest runs each test as its own process, several at once: the pid keeps
  // concurrent tests that use the same name out of each other's way.
  const std::string dir = ::testing::TempDir() + "imr_" + std::to_string(getpid()) + "_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::unique_ptr<OwnedLetter> Extract(std::string text) {
  auto owned = std::make_unique<OwnedLetter>();
  owned->text = std::move(text);
  extract::ExtractLetter(owned->text, &owned->letter);
  return owned;
}

JsonLines::JsonLines(const std::string& jsonl) {
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < jsonl.size();) {
    std::size_t nl = jsonl.find('\n', pos);
    if (nl == std::string::npos) nl = jsonl.size();
    ++line_no;
    const std::string line = jsonl.substr(pos, nl - pos);
    pos = nl + 1;
    parsers_.push_back(std::make_unique<simdjson::dom::parser>());
    simdjson::dom::element doc;
    const auto error = parsers_.back()->parse(line).get(doc);
    EXPECT_EQ(error, simdjson::SUCCESS) << "line " << line_no << " is not JSON: " << line.substr(0, 200);
    if (error == simdjson::SUCCESS) docs_.push_back(doc);
  }
}

int RunImr(const std::string& args, std::string* out, std::string* err) {
  const std::string dir = MakeTempDir("run");
  const std::string cmd = BinaryDir() + "/bin/imr " + args + " >" + dir + "/out 2>" + dir + "/err";
  const int status = std::system(cmd.c_str());
  *out = ReadFile(dir + "/out");
  *err = ReadFile(dir + "/err");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::size_t CountOccurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace imr::testing
