#include "imr/base/byte_count.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace imr {
namespace {

// The 32-byte blocks, the byte tail and the flush of the lane counters
// every 255 blocks must agree with std::count at every length and offset.
TEST(CountByte, AgreesWithStdCountAtEveryLengthAndOffset) {
  std::mt19937 rng(11);
  std::string text(20000, 'x');
  for (char& c : text) c = "a\n\xff"[rng() % 3];
  for (std::size_t offset : {0, 1, 31}) {
    for (std::size_t len : {0, 1, 31, 32, 33, 255 * 32 - 1, 255 * 32, 255 * 32 + 1, 19000}) {
      const std::string_view t = std::string_view(text).substr(offset, len);
      for (char byte : {'\n', '\xff', 'z'}) {
        ASSERT_EQ(CountByte(t, byte), static_cast<std::uint64_t>(std::count(t.begin(), t.end(), byte)))
            << offset << "+" << len;
      }
    }
  }
}

TEST(CountByte, EveryByteAMatchOverflowsNoCounter) {
  const std::string text(255 * 32 * 3 + 7, '\n');
  EXPECT_EQ(CountByte(text, '\n'), text.size());
}

}  // namespace
}  // namespace imr
