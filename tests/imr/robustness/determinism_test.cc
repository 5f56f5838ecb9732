// The same corpus gives byte-identical output at 1, 2 and 8 threads and any
// chunk size, through the binary as users run it: `imr extract` (JSON Lines and CSV),
// `imr stats --format json`, and the messages on stderr, in corpus order.
// pipeline_test.cc checks the library against RunSerial over many chunk sizes;
// this checks the whole program, on a corpus with garbage and broken records.
#include <string>

#include "gtest/gtest.h"
#include "imr/base/json_writer.h"
#include "testing/test_util.h"

namespace imr {
namespace {

TEST(Determinism, OneTwoAndEightThreadsGiveByteIdenticalOutput) {
  const std::string dir = testing::MakeTempDir("determinism");
  std::string concat, jsonl;
  for (int round = 0; round < 6; ++round) {
    for (const std::string& f : testing::ListFiles(testing::SourceDir() + "/tests/testdata/letters", ".txt")) {
      const std::string letter = testing::ReadFile(f);
      concat += letter + (round % 2 ? "\f" : "\n@@ noise @@\n");
      jsonl += "{\"text\": ";
      AppendJsonString(letter, &jsonl);
      jsonl += "}\n";
    }
    jsonl += "not json\n";
  }
  testing::WriteFile(dir + "/concat.txt", concat);
  testing::WriteFile(dir + "/records.jsonl", jsonl);
  const std::string inputs = dir + " " + testing::SourceDir() + "/tests/testdata/letters " + dir + "/missing.txt";
  for (const std::string command : {"extract", "extract --format csv --no-text", "stats --format json"}) {
    std::string serial_out, serial_err;
    EXPECT_EQ(testing::RunImr(command + " --serial " + inputs, &serial_out, &serial_err), 1) << serial_err;
    ASSERT_FALSE(serial_out.empty());
    for (const char* chunk : {"4194304", "4096"}) {
      std::string reference_out, reference_err;
      const std::string flags = std::string(" --chunk-size ") + chunk + " ";
      EXPECT_EQ(testing::RunImr(command + " --threads 1" + flags + inputs, &reference_out, &reference_err), 1);
      // Nothing depends on the chunk size either: records, statistics and
      // messages (a skipped range across a chunk edge is reported once).
      EXPECT_TRUE(reference_out == serial_out) << command << " chunk " << chunk;
      EXPECT_EQ(reference_err, serial_err) << command << " chunk " << chunk;
      for (const char* threads : {"2", "8"}) {
        std::string out, err;
        const int status = testing::RunImr(command + " --threads " + threads + flags + inputs, &out, &err);
        SCOPED_TRACE(command + " --threads " + threads + flags);
        EXPECT_EQ(status, 1);
        EXPECT_TRUE(out == reference_out) << "output differs from --threads 1";
        EXPECT_EQ(err, reference_err);
      }
    }
  }
}

// Garbage over several chunks, then a letter the program can only count: the
// skipped range is reported once, and before the letter's message, however
// the file is cut.
TEST(Determinism, SkippedRangeAcrossChunksIsReportedOnceInCorpusOrder) {
  const std::string dir = testing::MakeTempDir("determinism_skip");
  std::string text;
  for (int i = 0; i < 400; ++i) text += "stray line " + std::to_string(i) + " of a damaged extraction\n";
  const std::size_t garbage = text.size();
  text += "MAXIMUS FEDERAL SERVICES, INC.\nA letter of an older template.\n";
  testing::WriteFile(dir + "/mixed.txt", text);
  std::string expected_err;
  for (const char* chunk : {"4194304", "4096", "1000"}) {
    std::string out, err;
    EXPECT_EQ(testing::RunImr(std::string("stats --format json --chunk-size ") + chunk + " " + dir + "/mixed.txt", &out,
                              &err),
              1);
    const std::size_t skip = err.find("byte 0: skipped " + std::to_string(garbage) + " bytes");
    const std::size_t layout = err.find("unsupported layout");
    EXPECT_NE(skip, std::string::npos) << err;
    EXPECT_NE(layout, std::string::npos) << err;
    EXPECT_LT(skip, layout) << err;
    if (expected_err.empty()) expected_err = err;
    EXPECT_EQ(err, expected_err) << "chunk " << chunk;
  }
}

}  // namespace
}  // namespace imr
