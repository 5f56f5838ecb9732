// The generator's line writer: marks of a paragraph land on the bytes
// written, whatever the wrapping, page breaks and line ends did around them.
#include "imr/gen/wrap_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "imr/gen/marked_text.h"
#include "imr/gen/rng.h"

namespace imr::gen {
namespace {

// A long paragraph with `word` marked in its middle, written in `style`.
std::string WriteMarked(Style style, bool crlf, std::uint64_t seed, std::string_view word, Span* span) {
  std::string out;
  Rng rng(seed);
  WrapWriter w(&out, &rng, style, crlf);
  Para p;
  for (int k = 0; k < 40; ++k) p << "range-of-motion testing of the lumbar spine was repeated ";
  const std::size_t b = p.Mark();
  p << word;
  const std::size_t e = p.Mark();
  for (int k = 0; k < 80; ++k) p << " and http://www.odg-twc.com/odgtwc/low_back.htm was cited again";
  w.Paragraph(&p);
  *span = SpanOf(p, b, e);
  return out;
}

TEST(WrapWriter, MarksLandOnTheWordsWrittenInEveryStyle) {
  for (Style style : {Style::kLayout, Style::kDefault, Style::kRaw, Style::kSpaced, Style::kTabs}) {
    for (bool crlf : {false, true}) {
      for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Span span;
        const std::string out = WriteMarked(style, crlf, seed, "Tramadol", &span);
        ASSERT_TRUE(span.set);
        EXPECT_EQ(std::string_view(out).substr(span.begin, span.end - span.begin), "Tramadol")
            << StyleName(style) << " seed " << seed;
      }
    }
  }
}

TEST(WrapWriter, WrapsAtTheLineWidthAndBreaksPages) {
  Span span;
  const std::string out = WriteMarked(Style::kRaw, false, 3, "Tramadol", &span);
  std::size_t longest = 0, lines = 0;
  for (std::size_t at = 0; at < out.size();) {
    const std::size_t nl = out.find('\n', at);
    const std::string_view line = std::string_view(out).substr(at, nl - at);
    // URLs may run past the width by their unbreakable tail only.
    if (line.find("http") == std::string_view::npos) longest = std::max(longest, line.size());
    ++lines;
    at = nl + 1;
  }
  EXPECT_LE(longest, 100u + 1);  // the widest style width, plus a leading form feed
  EXPECT_GT(lines, 62u);         // longer than any page
  EXPECT_NE(out.find('\f'), std::string::npos);
}

}  // namespace
}  // namespace imr::gen
