// Bad input as archives hold it: wrong encodings, binary files,
// cut-off letters, odd files and paths, broken JSON Lines. For each case the
// imr binary must name the file and the byte or line on stderr, process the
// rest of the corpus, keep its output valid (every JSON line parses, every CSV
// row has the header's field count), exit 1 exactly when something was
// skipped, and account for what it read.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/json_writer.h"
#include "imr/io/pdf_text.h"
#include "testing/csv_rows.h"
#include "testing/pdf_maker.h"
#include "testing/test_util.h"

namespace imr {
namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFile(testing::SourceDir() + "/tests/testdata/letters/" + name);
}

std::uint64_t Count(const simdjson::dom::element& e, const char* section, const char* key) {
  std::uint64_t v = 0;
  EXPECT_EQ(e[section][key].get_uint64().get(v), simdjson::SUCCESS) << section << "." << key;
  return v;
}

// What one corpus gives through every output of the binary.
struct RunResult {
  int status = -1;
  std::string err;           // stderr of `imr extract` (JSON Lines)
  std::size_t records = 0;   // JSON records written
  std::size_t csv_rows = 0;  // CSV rows after the header
  std::uint64_t letters = 0, with_warnings = 0, rejected = 0;
  std::uint64_t files = 0, files_failed = 0, bytes_read = 0, bytes_skipped = 0, bytes_blank = 0;
  std::uint64_t records_failed = 0, truncated = 0;
};

// Runs `imr extract` (JSON Lines and CSV) and `imr stats --format json` on
// `args` and checks what must hold whatever the input: valid output, the
// same exit status and summary from every command, and a summary that
// agrees with the records.
RunResult RunAll(const std::string& args) {
  RunResult r;
  std::string out, csv, stats, err;
  r.status = testing::RunImr("extract " + args, &out, &r.err);
  testing::JsonLines records(out);
  r.records = records.size();
  EXPECT_EQ(testing::RunImr("extract --format csv " + args, &csv, &err), r.status) << err;
  std::string csv_error;
  const std::vector<std::size_t> counts =
      testing::CsvRowFieldCounts(csv, &csv_error).value_or(std::vector<std::size_t>{});
  EXPECT_EQ(csv_error, "");
  EXPECT_GE(counts.size(), 1u);
  for (std::size_t n : counts) EXPECT_EQ(n, counts[0]);
  r.csv_rows = counts.empty() ? 0 : counts.size() - 1;
  EXPECT_EQ(testing::RunImr("stats --format json " + args, &stats, &err), r.status) << err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  EXPECT_EQ(parser.parse(stats).get(doc), simdjson::SUCCESS) << stats;
  if (doc.is_object()) {
    r.letters = Count(doc, "volumes", "letters");
    r.with_warnings = Count(doc, "volumes", "letters_with_warnings");
    r.rejected = Count(doc, "volumes", "letters_rejected");
    r.files = Count(doc, "accounting", "files");
    r.files_failed = Count(doc, "accounting", "files_failed");
    r.bytes_read = Count(doc, "accounting", "bytes_read");
    r.bytes_skipped = Count(doc, "accounting", "bytes_skipped");
    r.bytes_blank = Count(doc, "accounting", "bytes_blank");
    r.records_failed = Count(doc, "accounting", "records_failed");
    r.truncated = Count(doc, "accounting", "letters_truncated");
  }
  // The parts add up: every letter written once; warnings and rejections
  // are subsets of the letters; skipped bytes are part of the bytes read.
  EXPECT_EQ(r.records, r.letters);
  EXPECT_GE(r.csv_rows, r.letters);  // one row per item, at least one per letter
  EXPECT_LE(r.rejected, r.with_warnings);
  EXPECT_LE(r.with_warnings, r.letters);
  EXPECT_LE(r.bytes_skipped + r.bytes_blank, r.bytes_read);
  // The summary on stderr says the same as the statistics.
  const std::string summary = "imr: " + std::to_string(r.letters) + " letters (" + std::to_string(r.with_warnings) +
                              " with warnings, " + std::to_string(r.rejected) + " rejected)";
  EXPECT_NE(r.err.find(summary), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::to_string(r.files) + " files read, " + std::to_string(r.files_failed) + " failed; " +
                       std::to_string(r.bytes_skipped) + " bytes skipped; " + std::to_string(r.records_failed) +
                       " records failed"),
            std::string::npos)
      << r.err;
  // Exit status 1 exactly when something was not read as a letter.
  const bool everything =
      r.files_failed == 0 && r.records_failed == 0 && r.bytes_skipped == 0 && r.truncated == 0 && r.rejected == 0;
  EXPECT_EQ(r.status, everything ? 0 : 1) << r.err;
  return r;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // Every corpus also holds a good letter after the bad file: it must be read.
    testing::WriteFile(dir_ + "/z_good.txt", Fixture("colon_titles.txt"));
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

TEST_F(BadInput, InvalidUtf8InsideALetterStillGivesValidJson) {
  std::string letter = Fixture("eight_items.txt");
  letter.insert(letter.find("Norco") + 5, "\xff\xc3(\xed\xa0\x80\xf8\x88\x80\x80\x80");  // bad bytes in a title
  testing::WriteFile(Path("utf8.txt"), letter);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 2u);
  EXPECT_EQ(r.bytes_skipped, 0u);
}

TEST_F(BadInput, NulBytesInsideAndBetweenLettersAreReadOrCounted) {
  std::string letter = Fixture("eight_items.txt");
  letter.insert(letter.find("Soma"), std::string("\0\0", 2));
  testing::WriteFile(Path("nul.txt"), std::string(5, '\0') + "\n" + letter);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 2u);
  EXPECT_EQ(r.bytes_skipped, 5u);  // the NULs before the letter
  EXPECT_TRUE(Contains(r.err, Path("nul.txt") + ":byte 0: skipped 6 bytes")) << r.err;
}

TEST_F(BadInput, Latin1AndWindows1252TextGivesValidJson) {
  std::string letter = Fixture("wrapped_titles.txt");
  // "Naproxen sodium" -> Latin-1 e-acute and Windows-1252 curly quotes.
  letter.insert(letter.find("Naproxen"),
                "\x93"
                "Caf\xe9\x94 ");
  testing::WriteFile(Path("latin1.txt"), letter);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 2u);
  EXPECT_EQ(r.status, 0);
}

TEST_F(BadInput, ByteOrderMarkBeforeTheFirstLetterIsPartOfIt) {
  testing::WriteFile(Path("bom.txt"), "\xEF\xBB\xBF" + Fixture("eight_items.txt"));
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 2u);
  EXPECT_EQ(r.bytes_skipped, 0u);
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(BadInput, CrlfLineEndsInTextAndJsonLines) {
  std::string crlf;
  for (char c : Fixture("eight_items.txt")) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  testing::WriteFile(Path("crlf.txt"), crlf);
  std::string jsonl = "{\"text\": ";
  AppendJsonString(crlf, &jsonl);
  jsonl += "}\r\n{\"text\": ";
  AppendJsonString(Fixture("colon_titles.txt"), &jsonl);
  jsonl += "}\r\n";
  testing::WriteFile(Path("crlf.jsonl"), jsonl);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 4u);
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(BadInput, VeryLongLinesAreSkippedOrTruncatedWithAMessage) {
  // 3 MB without a line end before a letter, and a letter holding a 2 MB line.
  std::string text(3u << 20, 'x');
  text += "\n" + Fixture("eight_items.txt");
  std::string letter = Fixture("colon_titles.txt");
  // '~' and not a letter: ASan's memrchr interceptor checks the whole range
  // on every call, so a 1 MiB run of a phrase's rarest byte (found by memrchr
  // once per occurrence) would make this test quadratic under ASan only.
  letter.insert(letter.find("Cold therapy"), std::string(2u << 20, '~'));
  testing::WriteFile(Path("long.txt"), text + letter);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 3u);
  EXPECT_EQ(r.truncated, 1u);
  EXPECT_TRUE(Contains(r.err, Path("long.txt") + ":byte 0: skipped")) << r.err.substr(0, 2000);
  EXPECT_GE(r.bytes_skipped, 3u << 20);
}

TEST_F(BadInput, LargeFileWithoutALetterIsSkippedAndCounted) {
  // 24 MiB of prose (several chunks of the default 4 MiB), no letter start.
  std::string line = "The quick brown fox jumps over the lazy dog; no letter here at all.\n";  // 68 bytes
  std::string text;
  text.reserve(24u << 20);
  while (text.size() + line.size() <= (24u << 20)) text += line;
  testing::WriteFile(Path("big.txt"), text);
  const std::uint64_t nonblank =
      static_cast<std::uint64_t>(std::count_if(text.begin(), text.end(), [](char c) { return c != ' ' && c != '\n'; }));
  std::string out, err;
  EXPECT_EQ(
      testing::RunImr("stats --format json --threads 2 " + Path("big.txt") + " " + Path("z_good.txt"), &out, &err), 1);
  EXPECT_TRUE(Contains(err, Path("big.txt") + ":byte 0: skipped")) << err;
  EXPECT_TRUE(Contains(out, "\"bytes_skipped\":" + std::to_string(nonblank) + ","))
      << out.substr(out.find("accounting"));
  EXPECT_TRUE(Contains(out, "\"letters\":1,"));
}

TEST_F(BadInput, LetterCutOffMidwayIsReadAndTheNextOneToo) {
  const std::string letter = Fixture("eight_items.txt");
  const std::string cut = letter.substr(0, letter.find("Omeprazole") + 4);  // mid-word, mid-item
  testing::WriteFile(Path("cut.txt"), cut + "\f" + Fixture("partial_decisions.txt"));
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 3u);
  EXPECT_EQ(r.bytes_skipped, 0u);
}

TEST_F(BadInput, LetterWithOnlyAHeaderIsCountedWithWarnings) {
  testing::WriteFile(Path("header.txt"), Fixture("header_only.txt"));
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 2u);
  EXPECT_GE(r.with_warnings, 1u);
}

TEST_F(BadInput, PdfOrBinaryFileGivenAsTextIsSkippedWithItsName) {
  std::mt19937 rng(7);
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nstream\n";
  for (int i = 0; i < 200000; ++i) pdf += static_cast<char>(rng() & 0xff);
  pdf += "\nendstream\n%%EOF\n";
  testing::WriteFile(Path("scan.txt"), pdf);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 1u);
  EXPECT_GT(r.bytes_skipped, 190000u);
  EXPECT_TRUE(Contains(r.err, Path("scan.txt") + ":byte 0: skipped")) << r.err;
}

TEST_F(BadInput, EmptyFileIsReadAndNothingIsSkipped) {
  testing::WriteFile(Path("empty.txt"), "");
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 1u);
  EXPECT_EQ(r.files, 2u);
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(BadInput, EmptyDirectoryGivesNoLettersAndNoError) {
  std::filesystem::create_directories(Path("empty_dir"));
  const RunResult r = RunAll(Path("empty_dir") + " " + Path("z_good.txt"));
  EXPECT_EQ(r.letters, 1u);
  EXPECT_EQ(r.files, 1u);
  EXPECT_EQ(r.status, 0) << r.err;
  const RunResult alone = RunAll(Path("empty_dir"));
  EXPECT_EQ(alone.letters, 0u);
  EXPECT_EQ(alone.status, 0) << alone.err;
}

TEST_F(BadInput, SymlinkLoopIsReportedByNameAndTheRestIsRead) {
  ASSERT_EQ(symlink(Path("loop").c_str(), Path("loop").c_str()), 0);
  std::filesystem::create_directories(Path("sub"));
  ASSERT_EQ(symlink(dir_.c_str(), Path("sub/up").c_str()), 0);  // a cycle through a directory
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 1u);
  EXPECT_EQ(r.files_failed, 1u);
  EXPECT_TRUE(Contains(r.err, Path("loop") + ": too many levels of symbolic links")) << r.err;
}

TEST_F(BadInput, UnreadableFileIsReportedByNameAndTheRestIsRead) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads every file";
  testing::WriteFile(Path("secret.txt"), Fixture("eight_items.txt"));
  ASSERT_EQ(chmod(Path("secret.txt").c_str(), 0), 0);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 1u);
  EXPECT_EQ(r.files_failed, 1u);
  EXPECT_TRUE(Contains(r.err, Path("secret.txt"))) << r.err;
}

TEST_F(BadInput, MissingPathIsReportedByNameAndTheRestIsRead) {
  const RunResult r = RunAll(Path("nope.txt") + " " + dir_);
  EXPECT_EQ(r.letters, 1u);
  EXPECT_EQ(r.files_failed, 1u);
  EXPECT_TRUE(Contains(r.err, Path("nope.txt") + ": No such file or directory")) << r.err;
}

TEST_F(BadInput, BrokenJsonLinesAreReportedByLineAndTheRestIsRead) {
  std::string jsonl = "{\"id\": \"a\", \"text\": ";
  AppendJsonString(Fixture("eight_items.txt"), &jsonl);
  jsonl += "}\n";
  jsonl += "this line is not JSON\n";                               // line 2
  jsonl += "{\"id\": \"c\", \"body\": \"Case Number: CM16-1\"}\n";  // line 3: no text field
  jsonl += "{\"id\": \"d\", \"text\": \"" + std::string("\\u0000\\u0001\\b\\f\\t\\r\\n\\u001f") + "\"}\n";  // line 4
  jsonl += "{\"text\": \"unterminated\n";                                                                   // line 5
  jsonl += "{\"id\": \"f\", \"text\": ";  // line 6: good again
  AppendJsonString(Fixture("partial_decisions.txt"), &jsonl);
  jsonl += "}\n";
  testing::WriteFile(Path("records.jsonl"), jsonl);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 3u);
  EXPECT_EQ(r.records_failed, 3u);
  for (const char* line :
       {":line 2: not a valid JSON object", ":line 3: no \"text\" field", ":line 5: not a valid JSON"}) {
    EXPECT_TRUE(Contains(r.err, Path("records.jsonl") + line)) << line << "\n" << r.err;
  }
  // Line 4 parses; its control characters hold no letter: skipped, and said so by line.
  EXPECT_TRUE(Contains(r.err, Path("records.jsonl") + ":line 4: skipped")) << r.err;
}

TEST_F(BadInput, JsonLinesTextWithEscapedControlCharactersInsideALetter) {
  std::string letter = Fixture("colon_titles.txt");
  letter.insert(letter.find("Cold therapy"), std::string("\x01\x02\x1b[0m\0\x7f", 8));
  std::string jsonl = "{\"text\": ";
  AppendJsonString(letter, &jsonl);
  jsonl += "}\n";
  ASSERT_TRUE(Contains(jsonl, "\\u0001"));
  testing::WriteFile(Path("ctl.jsonl"), jsonl);
  const RunResult r = RunAll(Path("ctl.jsonl"));
  EXPECT_EQ(r.letters, 1u);
  EXPECT_EQ(r.status, 0) << r.err;
}

// Accounting on a corpus mixed with garbage: every file, record and
// non-blank byte is either in a letter or counted as skipped or failed.
TEST_F(BadInput, AccountingAddsUpOnACorpusMixedWithGarbage) {
  const std::string garbage = "@@ scanner noise @@\n";  // 16 non-blank bytes
  std::uint64_t garbage_nonblank = 0;
  for (char c : garbage) garbage_nonblank += c != ' ' && c != '\n';
  testing::WriteFile(Path("a.txt"), garbage + Fixture("eight_items.txt") + garbage + Fixture("header_only.txt"));
  testing::WriteFile(Path("b.txt"), Fixture("no_letter.txt"));
  testing::WriteFile(Path("c.txt"), std::string("\x00\x01\x02\x03", 4));
  std::string jsonl = "{\"text\": ";
  AppendJsonString(Fixture("partial_decisions.txt"), &jsonl);
  jsonl += "}\nnot json\n\n{\"other\": 1}\n";
  testing::WriteFile(Path("d.jsonl"), jsonl);
  testing::WriteFile(Path("e.txt"), Fixture("back_to_back.txt"));
  const RunResult r = RunAll(dir_ + " " + Path("missing.txt"));
  // Files: six present (a, b, c, d, e, z_good) plus one missing path.
  EXPECT_EQ(r.files + r.files_failed, 7u);
  EXPECT_EQ(r.files_failed, 1u);
  // Letters: 2 in a, 1 in d, 4 in e, 1 in z_good; the JSONL file's four
  // lines are one letter, two failed records and one blank line.
  EXPECT_EQ(r.letters, 8u);
  EXPECT_EQ(r.records_failed, 2u);
  // Bytes read are exactly the sizes of the files that could be read.
  std::uint64_t sizes = 0;
  for (const char* f : {"a.txt", "b.txt", "c.txt", "d.jsonl", "e.txt", "z_good.txt"}) {
    sizes += std::filesystem::file_size(Path(f));
  }
  EXPECT_EQ(r.bytes_read, sizes);
  // Skipped bytes: the garbage before a's first letter (the garbage after a
  // letter is the tail of that letter), and all of b and c (no letter).
  const std::string b = Fixture("no_letter.txt");
  std::uint64_t b_nonblank = 0;
  for (char c : b) b_nonblank += c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f' && c != '\v';
  EXPECT_EQ(r.bytes_skipped, garbage_nonblank + b_nonblank + 4);
  EXPECT_TRUE(Contains(r.err, Path("c.txt") + ":byte 0: skipped 4 bytes")) << r.err;
  EXPECT_TRUE(Contains(r.err, Path("missing.txt"))) << r.err;
  EXPECT_TRUE(Contains(r.err, Path("d.jsonl") + ":line 2:")) << r.err;
  EXPECT_TRUE(Contains(r.err, Path("d.jsonl") + ":line 4:")) << r.err;
}

// PDFs are converted in memory: each one that cannot be read as text is a
// failed file, named with the reason, and the rest of the corpus is read.
TEST_F(BadInput, BadPdfsAreReportedByNameAndReasonAndTheRestIsRead) {
  if (!io::PdfSupported()) GTEST_SKIP() << "this build reads no PDF (-DIMR_PDF=OFF)";
  const std::string letter = testing::MakeTextPdfOf(Fixture("eight_items.txt"));
  std::string corrupt = letter;
  for (std::size_t i = 100; i < corrupt.size(); i += 7) corrupt[i] = '#';
  testing::WriteFile(Path("a_encrypted.pdf"), testing::MakeEncryptedPdf());
  testing::WriteFile(Path("b_truncated.pdf"), letter.substr(0, letter.size() / 2));
  testing::WriteFile(Path("c_corrupt.pdf"), corrupt);
  testing::WriteFile(Path("d_scan.pdf"), testing::MakeImageOnlyPdf(2));
  testing::WriteFile(Path("e_text_named.pdf"), Fixture("partial_decisions.txt"));
  testing::WriteFile(Path("f_no_letter.pdf"), testing::MakeTextPdfOf(Fixture("no_letter.txt")));
  testing::WriteFile(Path("g_letter.PDF"), letter);
  std::string repaired = letter;  // an unknown operator where the text begins: read, with a warning
  repaired.replace(repaired.find("BT /F1"), 2, "zz");
  testing::WriteFile(Path("h_repaired.pdf"), repaired);
  const RunResult r = RunAll(dir_);
  EXPECT_EQ(r.letters, 3u);  // g_letter.PDF, h_repaired.pdf and z_good.txt
  EXPECT_EQ(r.files_failed, 5u);
  EXPECT_EQ(r.files, 4u);  // f, g, h and z were read
  EXPECT_GT(r.bytes_skipped, 0u);
  for (const std::string& message : {
           Path("a_encrypted.pdf") + ": encrypted PDF: it needs a password to be read",
           Path("b_truncated.pdf") + ": damaged or truncated PDF: poppler cannot read it (poppler: error",
           Path("c_corrupt.pdf") + ": damaged or truncated PDF",
           Path("d_scan.pdf") + ": 2 pages but no text layer (a scanned image? run OCR first)",
           Path("e_text_named.pdf") + ": not a PDF (no %PDF- header), yet named .pdf",
           Path("f_no_letter.pdf") + ":byte 0: skipped",
           Path("h_repaired.pdf") +
               ": read, but poppler reported problems, so its text may be incomplete (poppler: error (",
       }) {
    EXPECT_TRUE(Contains(r.err, message)) << message << "\n" << r.err;
  }
  EXPECT_FALSE(Contains(r.err, "poppler/")) << r.err;  // poppler's own stderr lines
}

// A record from a PDF names the PDF; its offsets count in the PDF's text:
// the records are those of the text written to a file, but for the path.
TEST_F(BadInput, RecordsFromAPdfNameItAndCountOffsetsInItsText) {
  if (!io::PdfSupported()) GTEST_SKIP() << "this build reads no PDF (-DIMR_PDF=OFF)";
  const std::string pdf = testing::MakeTextPdfOf(Fixture("back_to_back.txt"));
  const std::string pdf_path = Path("many.pdf"), text_path = Path("many.txt");
  testing::WriteFile(pdf_path, pdf);
  const absl::StatusOr<io::FileData> text = io::PdfToText(pdf, pdf_path, io::PdfArrangement::kLayout);
  ASSERT_TRUE(text.ok()) << text.status();
  testing::WriteFile(text_path, std::string(text->bytes()));
  std::string from_pdf, from_text, err;
  EXPECT_EQ(testing::RunImr("extract --threads 3 " + pdf_path, &from_pdf, &err), 0) << err;
  EXPECT_EQ(testing::RunImr("extract --threads 3 " + text_path, &from_text, &err), 0) << err;
  EXPECT_GE(testing::JsonLines(from_pdf).size(), 2u);
  for (std::size_t at = 0; (at = from_text.find(text_path, at)) != std::string::npos; at += pdf_path.size()) {
    from_text.replace(at, text_path.size(), pdf_path);
  }
  EXPECT_EQ(from_pdf, from_text);
  // imr eval reads PDFs too: its own records are the truth, all matched.
  testing::WriteFile(Path("truth.jsonl"), from_pdf);
  std::string report;
  EXPECT_EQ(testing::RunImr("eval --truth " + Path("truth.jsonl") + " " + pdf_path, &report, &err), 0) << err;
  EXPECT_NE(report.find("matched (recall 100.000%), 0 extracted with no truth record"), std::string::npos) << report;
}

}  // namespace
}  // namespace imr
