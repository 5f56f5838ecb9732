// The store of `imr stats --db` and `imr extract --db`, through the binary:
// random sequences of changes between runs against fresh full runs, runs
// killed at random moments, two runs at once, stores that are not ours, and
// a disk that fills up.
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "testing/archive_writer.h"
#include "testing/pdf_maker.h"
#include "testing/test_util.h"

namespace imr {
namespace {

namespace fs = std::filesystem;

// Starts build/bin/imr with `args`, output to files in `dir`; with a file
// size limit (RLIMIT_FSIZE, SIGXFSZ ignored, so writes fail with EFBIG as on
// a full disk) when `file_limit` is not 0.
pid_t Start(const std::vector<std::string>& args, const std::string& dir, rlim_t file_limit = 0) {
  const std::string binary = testing::BinaryDir() + "/bin/imr";
  const pid_t pid = fork();
  if (pid == 0) {
    std::freopen((dir + "/out").c_str(), "w", stdout);
    std::freopen((dir + "/err").c_str(), "w", stderr);
    if (file_limit != 0) {
      signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{file_limit, file_limit};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunImr(const std::vector<std::string>& args, std::string* out, std::string* err, rlim_t file_limit = 0) {
  const std::string dir = testing::MakeTempDir("store-run");
  const int code = Wait(Start(args, dir, file_limit));
  *out = testing::ReadFile(dir + "/out");
  *err = testing::ReadFile(dir + "/err");
  return code;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("store");
    pool_ = dir_ + "/pool";
    corpus_ = dir_ + "/corpus";
    db_ = dir_ + "/archive.sqlite";
    std::string out, err;
    ASSERT_EQ(testing::RunImr("gen --letters 240 --seed 11 --format dir --out " + pool_, &out, &err), 0) << err;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(pool_)) {
      if (e.is_regular_file()) letters_.push_back(testing::ReadFile(e.path().string()));
    }
    std::sort(letters_.begin(), letters_.end());
    fs::create_directories(corpus_);
  }

  // The statistics of a fresh run over the corpus, without a store.
  std::string FullStats() {
    std::string out, err;
    EXPECT_LE(RunImr({"stats", "--format", "json", corpus_}, &out, &err), 1) << err;
    return out;
  }
  // `cut`: files cut into 4 KiB work units, so that a file's letters, and a
  // group of files, span several batches.
  std::string StoreStats(bool with_paths, int* code = nullptr, bool cut = false) {
    std::string out, err;
    std::vector<std::string> args{"stats", "--format", "json", "--db", db_};
    if (cut) args.insert(args.end(), {"--chunk-size", "4096", "--threads", "3"});
    if (with_paths) args.push_back(corpus_);
    const int c = RunImr(args, &out, &err);
    if (code != nullptr) *code = c;
    EXPECT_LE(c, 1) << err;
    return out;
  }
  // The records of a fresh `imr extract --no-text` over the corpus, and of
  // the store alone (no PATHs), in `format`.
  std::string FullRecords(const std::string& format) {
    std::string out, err;
    EXPECT_LE(RunImr({"extract", "--no-text", "--format", format, corpus_}, &out, &err), 1) << err;
    return out;
  }
  std::string StoreRecords(const std::string& format) {
    std::string out, err;
    EXPECT_LE(RunImr({"extract", "--no-text", "--format", format, "--db", db_}, &out, &err), 1) << err;
    return out;
  }
  std::string FileIn(int folder, int n) const {
    return corpus_ + "/d" + std::to_string(folder) + "/f" + std::to_string(n) + ".txt";
  }
  void Put(const std::string& path, const std::string& bytes) {
    fs::create_directories(fs::path(path).parent_path());
    testing::WriteFile(path, bytes);
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> files;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(corpus_)) {
      if (e.is_regular_file()) files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
  }
  void Grow(std::mt19937& rng, int files) {
    for (int i = 0; i < files; ++i) {
      std::string text = letters_[rng() % letters_.size()];
      if (rng() % 4 == 0) text += "\f" + letters_[rng() % letters_.size()];  // two letters in one file
      Put(FileIn(static_cast<int>(rng() % 6), static_cast<int>(rng() % 100000)), text);
    }
  }

  std::string dir_, pool_, corpus_, db_;
  std::vector<std::string> letters_;
};

TEST_F(StoreTest, RandomChangesBetweenRunsGiveTheStatisticsOfAFullRun) {
  std::mt19937 rng(20261202);
  Grow(rng, 60);
  // Names that sort one way as paths and another in a walk ("x.txt" and
  // "x-y.txt" before "x/" byte by byte, after it name by name).
  Put(corpus_ + "/d9/x.txt", letters_[0]);
  Put(corpus_ + "/d9/x-y.txt", letters_[1]);
  Put(corpus_ + "/d9/x/z.txt", letters_[2]);
  for (int round = 0; round < 14; ++round) {
    std::vector<std::string> files = Files();
    const int changes = 1 + static_cast<int>(rng() % 6);
    for (int c = 0; c < changes && !files.empty(); ++c) {
      const std::string victim = files[rng() % files.size()];
      if (!fs::exists(victim)) continue;
      switch (rng() % 7) {
        case 0:  // grow
          Grow(rng, 1 + static_cast<int>(rng() % 5));
          break;
        case 1:  // modify: append a letter, or bytes that belong to no letter
          Put(victim, testing::ReadFile(victim) + (rng() % 2 ? "\f" + letters_[rng() % letters_.size()] : "junk\n"));
          break;
        case 2:  // delete
          fs::remove(victim);
          break;
        case 3:  // rename
          fs::create_directories(corpus_ + "/renamed");
          fs::rename(victim, corpus_ + "/renamed/r" + std::to_string(rng()) + ".txt");
          break;
        case 4:  // replace with another letter, same name
          Put(victim, letters_[rng() % letters_.size()] + std::string(1 + rng() % 3, '\n'));
          break;
        case 5:  // delete a whole folder
          fs::remove_all(fs::path(victim).parent_path());
          break;
        case 6:  // touch
          fs::last_write_time(victim, fs::last_write_time(victim) + std::chrono::seconds(1));
          break;
      }
    }
    const std::string expected = FullStats();
    ASSERT_EQ(StoreStats(true, nullptr, round % 2 == 1), expected) << "round " << round;
    ASSERT_EQ(StoreStats(false), expected) << "round " << round;
    // The records of the store alone are those of a fresh run.
    for (const std::string format : {"jsonl", "csv"}) {
      ASSERT_EQ(StoreRecords(format), FullRecords(format)) << "round " << round << ", " << format;
    }
  }
  // Extract with the store prints what extract without it prints.
  std::string with, without, err;
  ASSERT_LE(RunImr({"extract", "--db", db_, corpus_}, &with, &err), 1) << err;
  ASSERT_LE(RunImr({"extract", corpus_}, &without, &err), 1) << err;
  EXPECT_EQ(with, without);
  // The store holds one letters row per record.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM letters", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(static_cast<std::size_t>(sqlite3_column_int64(s, 0)), testing::JsonLines(without).size());
  sqlite3_finalize(s);
  sqlite3_close(db);
}

// Every value of the --no-text record reads back from the store alone: a
// text list with an element that holds "; " (the joined column alone would
// split it), JSON Lines letters (their line and id), a PDF (offsets in its
// text).
TEST_F(StoreTest, RecordsFromTheStoreAloneKeepEveryValue) {
  std::string letter;
  for (const std::string& l : letters_) {
    if (l.find("Section(s): ") != std::string::npos) letter = l;
  }
  ASSERT_FALSE(letter.empty());
  letter.replace(letter.find("Section(s): "), 12, "Section(s): Pain; ");
  Put(corpus_ + "/a/sections.txt", letter);
  std::string out, err;
  ASSERT_EQ(
      RunImr({"gen", "--letters", "7", "--seed", "4", "--format", "jsonl", "--per-file", "4", "--out", corpus_ + "/b"},
             &out, &err),
      0)
      << err;
  Put(corpus_ + "/c/one.pdf", testing::MakeTextPdfOf(letters_[5]));
  StoreStats(true);
  for (const std::string format : {"jsonl", "csv"}) EXPECT_EQ(StoreRecords(format), FullRecords(format)) << format;
  const std::string records = FullRecords("jsonl");
  EXPECT_NE(records.find("\"sections\":[\"Pain; "), std::string::npos);
  EXPECT_NE(records.find("\"line\":4,"), std::string::npos);
  EXPECT_NE(records.find("\"id\":\"L000000006\""), std::string::npos);
  EXPECT_NE(records.find("one.pdf"), std::string::npos);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM citations WHERE sections_lines IS NOT NULL", -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(s, 0), 1);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

// A file whose time changed but not its bytes is not read again: its rows
// stay as they were.
TEST_F(StoreTest, ATouchedFileIsNotReadAgain) {
  std::mt19937 rng(8);
  Grow(rng, 4);
  StoreStats(true);
  auto letter_ids = [&] {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT group_concat(letter_id) FROM letters", -1, &s, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
    std::string ids = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return ids;
  };
  const std::string before = letter_ids();
  for (const std::string& f : Files()) fs::last_write_time(f, fs::last_write_time(f) + std::chrono::seconds(5));
  EXPECT_EQ(StoreStats(true), FullStats());
  EXPECT_EQ(letter_ids(), before);
  const std::string victim = Files()[0];
  const std::string text = testing::ReadFile(victim);
  Put(victim, std::string(text.rbegin(), text.rend()));  // same size, other bytes
  EXPECT_EQ(StoreStats(true), FullStats());
  EXPECT_NE(letter_ids(), before);
}

TEST_F(StoreTest, RebuildStartsOver) {
  std::mt19937 rng(5);
  Grow(rng, 20);
  StoreStats(true);
  std::string out, err;
  fs::remove_all(corpus_);
  Grow(rng, 5);
  ASSERT_LE(RunImr({"stats", "--format", "json", "--rebuild", "--db", db_, corpus_}, &out, &err), 1) << err;
  EXPECT_EQ(out, FullStats());
}

// A run killed at a random moment leaves the store as it was before the
// run or as the run would have left it; the next run completes it.
TEST_F(StoreTest, KilledRunsLeaveTheOldOrTheNewStore) {
  std::mt19937 rng(77);
  Grow(rng, 30);
  std::string before = StoreStats(true);
  for (int round = 0; round < 16; ++round) {
    Grow(rng, 40);
    if (round % 3 == 0) fs::remove(Files()[rng() % Files().size()]);
    const std::string after = FullStats();
    const std::string run_dir = testing::MakeTempDir("killed");
    const pid_t pid = Start({"stats", "--format", "json", "--threads", "2", "--db", db_, corpus_}, run_dir);
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 150000));
    kill(pid, SIGKILL);
    Wait(pid);
    const std::string now = StoreStats(false);
    ASSERT_TRUE(now == before || now == after) << "round " << round;
    ASSERT_EQ(StoreStats(true), after) << "round " << round;
    before = after;
  }
}

// A second run waits for the first, which holds the store's write lock.
TEST_F(StoreTest, ASecondRunWaitsForTheFirst) {
  std::mt19937 rng(3);
  Grow(rng, 10);
  StoreStats(true);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Grow(rng, 10);
  const std::string run_dir = testing::MakeTempDir("second");
  const pid_t pid = Start({"stats", "--format", "json", "--db", db_, corpus_}, run_dir);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0) << "the second run did not wait";
  ASSERT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_LE(Wait(pid), 1) << testing::ReadFile(run_dir + "/err");
  EXPECT_EQ(testing::ReadFile(run_dir + "/out"), FullStats());
  // Two runs started together: one waits for the other, both print the
  // statistics of the same files.
  Grow(rng, 200);
  const std::string first_dir = testing::MakeTempDir("first"), second_dir = testing::MakeTempDir("second");
  const pid_t first = Start({"stats", "--format", "json", "--db", db_, corpus_}, first_dir);
  const pid_t second = Start({"stats", "--format", "json", "--db", db_, corpus_}, second_dir);
  EXPECT_LE(Wait(first), 1) << testing::ReadFile(first_dir + "/err");
  EXPECT_LE(Wait(second), 1) << testing::ReadFile(second_dir + "/err");
  const std::string expected = FullStats();
  EXPECT_EQ(testing::ReadFile(first_dir + "/out"), expected);
  EXPECT_EQ(testing::ReadFile(second_dir + "/out"), expected);
  // Held longer than the run will wait: a clear error, the store unchanged.
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Grow(rng, 3);
  std::string out, err;
  EXPECT_EQ(RunImr({"stats", "--db-wait", "1", "--db", db_, corpus_}, &out, &err), 2);
  EXPECT_NE(err.find("another imr run is using the store"), std::string::npos) << err;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

// Files that are not our store: an error naming the file, nothing written.
TEST_F(StoreTest, ForeignCorruptAndOtherVersionStoresAreRefused) {
  std::mt19937 rng(9);
  Grow(rng, 5);
  struct Case {
    std::string name, expected;
  };
  std::string good_store;
  {
    StoreStats(true);
    good_store = testing::ReadFile(db_);
  }
  const std::string text = dir_ + "/text.sqlite";
  testing::WriteFile(text, std::string(5000, 'x'));
  const std::string foreign = dir_ + "/foreign.sqlite";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const std::string old_version = dir_ + "/old.sqlite";
  testing::WriteFile(old_version, good_store);
  ASSERT_EQ(sqlite3_open(old_version.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE imr_store SET value = '0.1.0' WHERE key = 'version'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const std::string cut = dir_ + "/cut.sqlite";
  testing::WriteFile(cut, good_store.substr(0, good_store.size() / 2));
  for (const Case& c : {Case{text, "not an intact SQLite database"}, Case{foreign, "not an imr store"},
                        Case{old_version, "another version"}, Case{cut, "imr: "}}) {
    const std::string bytes = testing::ReadFile(c.name);
    for (const std::vector<std::string>& command : {std::vector<std::string>{"stats"}, {"extract", "--no-text"}}) {
      for (bool with_paths : {true, false}) {
        std::string out, err;
        std::vector<std::string> args = command;
        args.insert(args.end(), {"--db", c.name});
        if (with_paths) args.push_back(corpus_);
        EXPECT_EQ(RunImr(args, &out, &err), 2) << c.name;
        EXPECT_NE(err.find(c.expected), std::string::npos) << err;
        EXPECT_NE(err.find(c.name), std::string::npos) << err;
        EXPECT_EQ(testing::ReadFile(c.name), bytes) << c.name;
      }
    }
  }
}

// Printing records from the store alone: a missing store, an empty file
// and a store without files are told apart; text, which the store keeps
// only as spans, is refused with what to do instead.
TEST_F(StoreTest, RecordsFromTheStoreAloneNeedAStoreAndNoText) {
  std::string out, err;
  const std::string missing = dir_ + "/missing.sqlite";
  EXPECT_EQ(RunImr({"extract", "--no-text", "--db", missing}, &out, &err), 2);
  EXPECT_NE(err.find(missing + ": No such file or directory"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(missing));
  const std::string empty = dir_ + "/empty.sqlite";
  testing::WriteFile(empty, "");
  EXPECT_EQ(RunImr({"extract", "--no-text", "--db", empty}, &out, &err), 2);
  EXPECT_NE(err.find(empty + ": an empty database, not an imr store"), std::string::npos) << err;
  EXPECT_EQ(testing::ReadFile(empty), "");
  // A store of no files prints what a run over no files prints.
  ASSERT_LE(RunImr({"stats", "--db", db_, corpus_}, &out, &err), 1) << err;
  for (const std::string format : {"jsonl", "csv"}) EXPECT_EQ(StoreRecords(format), FullRecords(format)) << format;
  EXPECT_FALSE(FullRecords("csv").empty());  // the header
  std::mt19937 rng(12);
  Grow(rng, 3);
  ASSERT_LE(RunImr({"extract", "--no-text", "--db", db_, corpus_}, &out, &err), 1) << err;
  for (const std::string format : {"jsonl", "csv"}) {
    EXPECT_EQ(RunImr({"extract", "--format", format, "--db", db_}, &out, &err), 2);
    EXPECT_EQ(out, "");
    EXPECT_NE(err.find("the store, which keeps rationale and guideline text as byte spans, not as text: add "
                       "--no-text"),
              std::string::npos)
        << err;
  }
  EXPECT_EQ(StoreRecords("jsonl"), FullRecords("jsonl"));
}

// Writes that fail as on a full disk (RLIMIT_FSIZE caps every file the run
// writes, the store and its journal): a clear error, the store as it was.
TEST_F(StoreTest, AFullDiskLeavesTheStoreIntact) {
  std::mt19937 rng(4);
  Grow(rng, 10);
  const std::string before = StoreStats(true);
  Grow(rng, 200);
  struct stat st;
  ASSERT_EQ(stat(db_.c_str(), &st), 0);
  std::string out, err;
  EXPECT_EQ(RunImr({"stats", "--format", "json", "--db", db_, corpus_}, &out, &err, st.st_size + 8192), 2);
  EXPECT_NE(err.find(db_), std::string::npos) << err;
  EXPECT_NE(err.find("the store is unchanged"), std::string::npos) << err;
  EXPECT_EQ(StoreStats(false), before);
  EXPECT_EQ(StoreStats(true), FullStats());
}

// A PDF is one more file identity: stored, not read again while unchanged,
// read again when replaced. An archive cannot be stored (its members have no
// identity on disk): it is refused by name, the other files stored.
TEST_F(StoreTest, APdfIsAFileOfTheStoreAndAnArchiveIsRefused) {
  std::mt19937 rng(3);
  Grow(rng, 6);
  Put(corpus_ + "/p/one.pdf", testing::MakeTextPdfOf(letters_[0]));
  EXPECT_EQ(StoreStats(true), FullStats());
  const std::string stored = StoreStats(true);  // nothing changed
  EXPECT_EQ(stored, FullStats());
  Put(corpus_ + "/p/one.pdf", testing::MakeTextPdfOf(letters_[1]));
  EXPECT_EQ(StoreStats(true), FullStats());
  EXPECT_NE(StoreStats(true), stored);

  const std::string archive = dir_ + "/letters.tar";
  testing::WriteArchive(archive, "tar", "none", {{"a.txt", letters_[2]}});
  std::string out, err;
  EXPECT_EQ(RunImr({"stats", "--format", "json", "--db", db_, corpus_, archive}, &out, &err), 1);
  EXPECT_NE(err.find(archive + ": an archive cannot be kept in a store (--db)"), std::string::npos) << err;
  EXPECT_EQ(StoreStats(true), FullStats());
}

}  // namespace
}  // namespace imr
