// Fuzzes the splitter (split/text_splitter.h) with the IMR letter rule. For
// any bytes and any tiling of them into ranges, the ranges together must emit
// exactly the documents one range over the whole text emits, and documents
// plus skipped bytes must cover every byte exactly once.
//
// Input: byte 0 picks the range size, the rest is the text.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "fuzz_util.h"
#include "imr/extract/letter_start.h"
#include "imr/io/file_data.h"
#include "imr/split/text_splitter.h"

namespace {

struct Totals {
  std::vector<std::tuple<std::uint64_t, std::size_t, bool>> docs;  // offset, length, truncated
  std::uint64_t skipped = 0, nonblank = 0;
};

Totals SplitInRanges(std::string_view text, std::size_t range, const imr::split::BoundaryRule& rule) {
  imr::split::Batch batch;
  for (std::size_t b = 0; b < text.size(); b += range) {
    imr::split::SplitRange(text, b, b + range, rule, imr::split::Position{}, &batch);
  }
  Totals t;
  for (const imr::split::Document& d : batch.documents) {
    FUZZ_CHECK(d.text.data() == text.data() + d.position.offset);
    t.docs.emplace_back(d.position.offset, d.text.size(), d.truncated);
  }
  for (const imr::split::SkippedRange& r : batch.skipped) {
    FUZZ_CHECK(r.nonblank <= r.length);
    t.skipped += r.length;
    t.nonblank += r.nonblank;
  }
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const imr::extract::LetterStartRule rule;
  // Ranges of 1..8 bytes (every boundary case) or multiples of 61 bytes.
  const std::size_t range = data[0] < 8 ? data[0] + 1u : (data[0] - 7u) * 61u;
  // Padded like a file, as the splitter's callers always provide.
  const imr::io::FileData file =
      imr::io::FileData::FromString(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  const std::string_view text = file.bytes();

  const Totals whole = SplitInRanges(text, text.size() + 1, rule);
  std::uint64_t covered = whole.skipped;
  for (const auto& [offset, length, truncated] : whole.docs) covered += length;
  FUZZ_CHECK(covered == text.size());
  const Totals cut = SplitInRanges(text, range, rule);
  FUZZ_CHECK(cut.docs == whole.docs);
  FUZZ_CHECK(cut.skipped == whole.skipped);
  FUZZ_CHECK(cut.nonblank == whole.nonblank);
  return 0;
}
