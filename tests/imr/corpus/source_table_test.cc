#include "imr/corpus/source_table.h"

#include <atomic>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace imr::corpus {
namespace {

TEST(SourceTable, EntriesKeepTheirAddressesAcrossSegments) {
  SourceTable table;
  const Source* first = nullptr;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    EXPECT_EQ(table.Append({"s" + std::to_string(i), i, SourceKind::kText}), i);
    if (i == 0) first = &table[0];
  }
  EXPECT_EQ(table.size(), 5000u);
  EXPECT_EQ(first, &table[0]);
  for (std::uint32_t i : {0u, 1023u, 1024u, 2047u, 2048u, 4095u, 4096u, 4999u}) {
    EXPECT_EQ(table[i].path, "s" + std::to_string(i));
    EXPECT_EQ(table[i].size, i);
  }
}

// A reader reads every entry published to it while the appender goes on
// growing the table (run under ThreadSanitizer by scripts/test.sh).
TEST(SourceTable, ReadersSeeEntriesAppendedBeforeTheirIdsWereHandedOver) {
  SourceTable table;
  std::atomic<std::uint32_t> published{0};
  constexpr std::uint32_t kCount = 20000;
  std::thread reader([&] {
    std::uint32_t seen = 0;
    while (seen < kCount) {
      const std::uint32_t upto = published.load(std::memory_order_acquire);
      for (; seen < upto; ++seen) ASSERT_EQ(table[seen].size, seen);
    }
  });
  for (std::uint32_t i = 0; i < kCount; ++i) {
    table.Append({"m", i, SourceKind::kText});
    published.store(i + 1, std::memory_order_release);
  }
  reader.join();
  EXPECT_EQ(table.size(), kCount);
}

}  // namespace
}  // namespace imr::corpus
