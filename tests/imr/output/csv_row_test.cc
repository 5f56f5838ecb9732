#include "imr/output/csv_row.h"

#include <string>

#include "gtest/gtest.h"

namespace imr::output {
namespace {

std::string OneCell(std::string_view value) {
  std::string out;
  CsvRow(&out).Cell(value);
  return out;
}

// Plain cells are copied as they are; the rest are quoted or repaired, also
// when the byte that needs it sits past the first 16-byte block.
TEST(CsvRow, QuotesOnlyWhatNeedsQuotingAndRepairsUtf8) {
  const std::string pad(20, 'a');
  EXPECT_EQ(OneCell("lumbar spine"), "lumbar spine");
  EXPECT_EQ(OneCell(pad + "b"), pad + "b");
  EXPECT_EQ(OneCell(pad + ",b"), "\"" + pad + ",b\"");
  EXPECT_EQ(OneCell(pad + "\"q\""), "\"" + pad + "\"\"q\"\"\"");
  EXPECT_EQ(OneCell(pad + "\r\nb"), "\"" + pad + "\r\nb\"");
  EXPECT_EQ(OneCell(pad + "caf\xC3\xA9"), pad + "caf\xC3\xA9");
  EXPECT_EQ(OneCell(pad + "\xFF"), pad + "\xEF\xBF\xBD");
}

TEST(CsvRow, SeparatesCellsAndEndsWithCrlf) {
  std::string out;
  CsvRow row(&out);
  row.Cell("a");
  row.Number(12);
  row.Bool(false);
  row.Text("  two\n lines ");
  row.List({"x", " y "});
  row.Cell("");
  row.End();
  EXPECT_EQ(out, "a,12,false,two lines,x; y,\r\n");
}

}  // namespace
}  // namespace imr::output
