#include "imr/base/text_index.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace imr {
namespace {

std::vector<std::uint32_t> Positions(std::string_view text, char c) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == c) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

std::vector<std::uint32_t> Vec(std::span<const std::uint32_t> s) { return {s.begin(), s.end()}; }

// The SIMD blocks (16 or 64 bytes), the scalar tail and the 4 KiB stretches
// must agree with a byte-by-byte scan at every length and alignment.
TEST(TextIndex, AgreesWithAByteScanAtEveryLengthAndOffset) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab :\n\f";
  std::string text(9000, 'x');
  for (char& c : text) c = alphabet[rng() % alphabet.size()];
  TextIndex index;  // reused, as the extractor does
  for (std::size_t offset : {0, 1, 15, 33}) {
    for (std::size_t len : {0, 1, 15, 16, 17, 63, 64, 65, 127, 4095, 4096, 4097, 8191, 8960}) {
      const std::string_view t = std::string_view(text).substr(offset, len);
      index.Build(t);
      ASSERT_EQ(Vec(index.newlines()), Positions(t, '\n')) << offset << "+" << len;
      ASSERT_EQ(Vec(index.form_feeds()), Positions(t, '\f')) << offset << "+" << len;
      ASSERT_EQ(Vec(index.colons()), Positions(t, ':')) << offset << "+" << len;
    }
  }
}

TEST(TextIndex, DenseHitsGrowTheLists) {
  const std::string text(20000, '\n');
  TextIndex index;
  index.Build(text);
  EXPECT_EQ(index.newlines().size(), text.size());
  EXPECT_EQ(index.newlines().back(), text.size() - 1);
  index.Build("a:b");
  EXPECT_TRUE(index.newlines().empty());
  EXPECT_EQ(Vec(index.colons()), (std::vector<std::uint32_t>{1}));
}

TEST(TextIndex, PartsKeepWholeTextPositions) {
  const std::string text = "Label: one\nTwo: 2\n\fThree\n";
  TextIndex index;
  index.Build(text);
  const IndexedPart whole = index.Whole(text);
  const IndexedPart part = whole.Sub(7, 19);  // "one\nTwo: 2\n\f"
  EXPECT_EQ(part.text, "one\nTwo: 2\n\f");
  EXPECT_EQ(part.base, 7u);
  EXPECT_EQ(Vec(part.newlines), (std::vector<std::uint32_t>{10, 17}));
  EXPECT_EQ(Vec(part.colons), (std::vector<std::uint32_t>{14}));
  EXPECT_EQ(Vec(part.form_feeds), (std::vector<std::uint32_t>{18}));
  const IndexedPart inner = part.Sub(4, 100);  // clamped to the part
  EXPECT_EQ(inner.text, "Two: 2\n\f");
  EXPECT_EQ(inner.base, 11u);
  EXPECT_EQ(Vec(inner.newlines), (std::vector<std::uint32_t>{17}));
  EXPECT_FALSE(TextIndex::Kernel().empty());
}

// A batch's index holds several texts one after another; each document reads
// its slice, offsets into the text it came from.
TEST(TextIndex, SlicesOfTextsAddedInStretches) {
  const std::string a = "one:\ntwo\n", b = "x\fy:\nz";
  TextIndex index;
  index.Add(a.substr(0, 4), 0);  // "one:" then the rest of `a`, as the splitter adds a letter's tail
  index.Add(a.substr(4), 4);
  const TextIndex::Slice of_a = index.SliceOf(TextIndex::Mark{}, 0, static_cast<std::uint32_t>(a.size()));
  const TextIndex::Mark mark = index.Here();
  index.Add(b, 0);
  const IndexedPart first = index.Part(of_a, a);  // still valid: slices are list positions, not pointers
  EXPECT_EQ(Vec(first.newlines), (std::vector<std::uint32_t>{4, 8}));
  EXPECT_EQ(Vec(first.colons), (std::vector<std::uint32_t>{3}));
  const IndexedPart tail = index.Part(index.SliceOf(mark, 2, 6), std::string_view(b).substr(2, 4));  // "y:\nz"
  EXPECT_EQ(tail.base, 2u);
  EXPECT_EQ(Vec(tail.colons), (std::vector<std::uint32_t>{3}));
  EXPECT_EQ(Vec(tail.newlines), (std::vector<std::uint32_t>{4}));
  EXPECT_TRUE(tail.form_feeds.empty());
  EXPECT_EQ(tail.Sub(2, 4).text, "\nz");
}

// The splitter slices each document from After the previous one: every
// range, sliced from any earlier slice's end, finds what a slice from the
// start finds.
TEST(TextIndex, SlicesFromAfterAnEarlierSliceAgreeWithSlicesFromTheStart) {
  std::mt19937 rng(7);
  std::string text;
  for (int i = 0; i < 3000; ++i) text.push_back("ab:\n\f "[rng() % 6]);
  TextIndex index;
  index.Build(text);
  const auto n = static_cast<std::uint32_t>(text.size());
  TextIndex::Mark after;
  for (std::uint32_t from = 0; from < n;) {
    const std::uint32_t to = std::min(n, from + static_cast<std::uint32_t>(rng() % 200));
    const TextIndex::Slice from_start = index.SliceOf(TextIndex::Mark{}, from, to);
    const TextIndex::Slice from_after = index.SliceOf(after, from, to);
    for (int k = 0; k < TextIndex::kClasses; ++k) {
      EXPECT_EQ(from_after.begin[k], from_start.begin[k]) << from << ".." << to << " class " << k;
      EXPECT_EQ(from_after.end[k], from_start.end[k]) << from << ".." << to << " class " << k;
    }
    const IndexedPart part = index.Part(from_after, std::string_view(text).substr(from, to - from));
    EXPECT_EQ(Vec(part.colons).size(), Positions(part.text, ':').size());
    after = TextIndex::After(from_after);
    from = to + static_cast<std::uint32_t>(rng() % 3);  // documents may leave bytes between them
    if (to == n) break;
  }
}

// The splitter indexes a range piece by piece and slices it up to each
// piece's last line start with TailOf: the slices agree with SliceOf's.
TEST(TextIndex, TailsOfAPieceByPieceIndexAgreeWithSlicesFromTheStart) {
  std::mt19937 rng(11);
  std::string text;
  for (int i = 0; i < 3000; ++i) text.push_back("ab:\n\f "[rng() % 6]);
  TextIndex index;
  TextIndex::Mark after;
  std::uint32_t from = 0;
  for (std::size_t piece = 0; piece < text.size();) {
    const std::size_t piece_end = std::min(text.size(), piece + 1 + rng() % 100);
    index.Add(std::string_view(text).substr(piece, piece_end - piece), static_cast<std::uint32_t>(piece));
    piece = piece_end;
    const auto to = static_cast<std::uint32_t>(piece == text.size() ? piece : text.rfind('\n', piece - 1) + 1);
    if (to <= from) continue;
    const TextIndex::Slice tail = index.TailOf(after, from, to), slice = index.SliceOf(TextIndex::Mark{}, from, to);
    for (int k = 0; k < TextIndex::kClasses; ++k) {
      EXPECT_EQ(tail.begin[k], slice.begin[k]) << from << ".." << to << " class " << k;
      EXPECT_EQ(tail.end[k], slice.end[k]) << from << ".." << to << " class " << k;
    }
    EXPECT_EQ(tail.base, from);
    after = TextIndex::After(tail);
    from = to;
  }
  EXPECT_EQ(from, text.size());
}

// Sub finds a sub-part's end forwards from its begin: parts of every
// length, and those that run to the end, agree with a byte scan.
TEST(TextIndex, SubPartsAgreeWithAByteScan) {
  const std::string text = "a:\nb:\n\fc\n:d\n\n::e\nf";
  TextIndex index;
  index.Build(text);
  const IndexedPart whole = index.Whole(text);
  for (std::size_t begin = 0; begin <= text.size(); ++begin) {
    for (std::size_t end = begin; end <= text.size() + 1; ++end) {
      const IndexedPart part = whole.Sub(begin, end);
      std::vector<std::uint32_t> newlines = Positions(part.text, '\n'), colons = Positions(part.text, ':');
      for (std::uint32_t& p : newlines) p += part.base;
      for (std::uint32_t& p : colons) p += part.base;
      EXPECT_EQ(Vec(part.newlines), newlines) << begin << ".." << end;
      EXPECT_EQ(Vec(part.colons), colons) << begin << ".." << end;
    }
  }
}

}  // namespace
}  // namespace imr
