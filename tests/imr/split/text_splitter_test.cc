#include "imr/split/text_splitter.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"

namespace imr::split {
namespace {

// Toy rule: a document starts at every line beginning with "DOC". It reads
// the line starts from the index it is given, and checks the index's
// contract: it covers text[LineBegin(begin), end) and holds every line end.
class DocRule final : public BoundaryRule {
 public:
  void FindStarts(std::string_view text, std::size_t begin, std::size_t end, const IndexedPart& lines,
                  std::vector<std::size_t>* starts) const override {
    const std::size_t origin = static_cast<std::size_t>(lines.text.data() - text.data());
    EXPECT_EQ(origin, LineBegin(text, begin));
    EXPECT_EQ(origin + lines.text.size(), std::min(end, text.size()));
    EXPECT_EQ(lines.newlines.size(), static_cast<std::size_t>(std::count(lines.text.begin(), lines.text.end(), '\n')));
    const auto check = [&](std::size_t p) {
      if (p >= begin && p < end && text.substr(p, 3) == "DOC") starts->push_back(p);
    };
    check(origin);
    for (const std::uint32_t nl : lines.newlines) check(origin + (nl - lines.base) + 1);
  }
};

struct Split {
  std::vector<std::pair<std::uint64_t, std::string>> docs;  // offset, text
  std::uint64_t skipped = 0, blank = 0;
};

Split SplitInChunks(std::string_view text, std::size_t chunk) {
  DocRule rule;
  Batch batch;
  for (std::size_t b = 0; b < text.size(); b += chunk) SplitRange(text, b, b + chunk, rule, Position{}, &batch);
  Split out;
  for (const Document& d : batch.documents) out.docs.emplace_back(d.position.offset, std::string(d.text));
  for (const SkippedRange& r : batch.skipped) {
    out.skipped += r.nonblank;
    out.blank += r.length - r.nonblank;
  }
  return out;
}

TEST(SplitRange, ChunkEdgesNeverSplitOrDuplicateADocument) {
  const std::string text = "garbage\nmore garbage\nDOC one\nbody\nDOC two\n\fDOC three\nbody\nbody\n";
  const Split whole = SplitInChunks(text, text.size());
  ASSERT_EQ(whole.docs.size(), 2u);  // the toy rule does not see past the form feed
  EXPECT_EQ(whole.docs[0].second, "DOC one\nbody\n");
  EXPECT_EQ(whole.docs[1].second, "DOC two\n\fDOC three\nbody\nbody\n");
  EXPECT_EQ(whole.skipped, 18u);  // "garbage\nmore garbage\n" less its spaces and line ends
  EXPECT_EQ(whole.blank, 3u);
  for (std::size_t chunk : {1, 2, 3, 7, 16, 64}) {
    const Split s = SplitInChunks(text, chunk);
    EXPECT_EQ(s.docs, whole.docs) << "chunk " << chunk;
    EXPECT_EQ(s.skipped, whole.skipped) << "chunk " << chunk;
    EXPECT_EQ(s.blank, whole.blank) << "chunk " << chunk;
  }
}

TEST(SplitRange, AccountsForEveryByte) {
  const std::string text = "\n\n  \nDOC a\nx\nDOC b\n";
  for (std::size_t chunk : {1, 5, 100}) {
    const Split s = SplitInChunks(text, chunk);
    std::uint64_t in_docs = 0;
    for (const auto& d : s.docs) in_docs += d.second.size();
    EXPECT_EQ(in_docs + s.skipped + s.blank, text.size()) << "chunk " << chunk;
    EXPECT_EQ(s.skipped, 0u);
    EXPECT_EQ(s.blank, 5u);
  }
}

TEST(SplitRange, TextWithoutDocumentsIsAllSkipped) {
  const Split s = SplitInChunks("no letters here\nat all\n", 4);
  EXPECT_TRUE(s.docs.empty());
  EXPECT_EQ(s.skipped + s.blank, 23u);
  EXPECT_EQ(s.skipped, 18u);
}

TEST(SplitRange, EmptyTextGivesNothing) {
  const Split s = SplitInChunks("", 4);
  EXPECT_TRUE(s.docs.empty());
  EXPECT_EQ(s.skipped + s.blank, 0u);
}

TEST(SplitRange, CapsHugeDocumentsAndSkipsTheRest) {
  std::string text = "DOC big\n" + std::string(kMaxDocumentBytes + 100, 'x') + "\nDOC small\n";
  for (std::size_t chunk : {std::size_t{1} << 16, text.size()}) {
    DocRule rule;
    Batch batch;
    for (std::size_t b = 0; b < text.size(); b += chunk) SplitRange(text, b, b + chunk, rule, Position{}, &batch);
    ASSERT_EQ(batch.documents.size(), 2u);
    EXPECT_TRUE(batch.documents[0].truncated);
    EXPECT_EQ(batch.documents[0].text.size(), kMaxDocumentBytes);
    EXPECT_FALSE(batch.documents[1].truncated);
    std::uint64_t skipped = 0;
    for (const SkippedRange& r : batch.skipped) skipped += r.length;  // whitespace included
    EXPECT_EQ(skipped, text.size() - kMaxDocumentBytes - batch.documents[1].text.size());
  }
}

}  // namespace
}  // namespace imr::split
