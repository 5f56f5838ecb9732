#include "testing/pdf_maker.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "imr/base/strings.h"

namespace imr::testing {
namespace {

// Numbers objects from 1 in the order given; object 1 is the catalog.
std::string Assemble(const std::vector<std::string>& objects, std::string_view trailer_extra) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const std::size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (const std::size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  absl::StrAppend(&pdf, "trailer\n<</Size ", objects.size() + 1, " /Root 1 0 R", ToAbsl(trailer_extra),
                  ">>\nstartxref\n", xref, "\n%%EOF\n");
  return pdf;
}

std::string Escaped(std::string_view line) {
  std::string out;
  for (const char c : line) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string Stream(std::string_view content) {
  return absl::StrCat("<</Length ", content.size(), ">>\nstream\n", ToAbsl(content), "\nendstream");
}

// Catalog, page tree, font, `extra` (objects 4, 5, ...), then each page and
// its content stream.
std::string PagesPdf(const std::vector<std::string>& contents, const std::vector<std::string>& extra = {},
                     std::string_view trailer_extra = "") {
  std::vector<std::string> objects(3);
  objects.insert(objects.end(), extra.begin(), extra.end());
  std::string kids;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    const std::size_t page = objects.size() + 1;
    absl::StrAppend(&kids, page, " 0 R ");
    objects.push_back(absl::StrCat("<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 3 0 R>>>>",
                                   "/Contents ", page + 1, " 0 R>>"));
    objects.push_back(Stream(contents[i]));
  }
  objects[0] = "<</Type/Catalog/Pages 2 0 R>>";
  objects[1] = absl::StrCat("<</Type/Pages/Kids[", kids, "]/Count ", contents.size(), ">>");
  objects[2] = "<</Type/Font/Subtype/Type1/BaseFont/Courier/Encoding/WinAnsiEncoding>>";
  return Assemble(objects, trailer_extra);
}

std::vector<std::string> TextContents(const std::vector<std::vector<std::string>>& pages) {
  std::vector<std::string> contents;
  for (const std::vector<std::string>& lines : pages) {
    std::string content = "BT /F1 9 Tf 11 TL 36 760 Td\n";
    for (const std::string& line : lines) absl::StrAppend(&content, "(", Escaped(line), ") '\n");
    content += "ET";
    contents.push_back(std::move(content));
  }
  return contents;
}

}  // namespace

std::string MakeTextPdf(const std::vector<std::vector<std::string>>& pages) { return PagesPdf(TextContents(pages)); }

std::string MakeTextPdfOf(std::string_view text) {
  std::vector<std::vector<std::string>> pages;
  for (absl::string_view page : absl::StrSplit(ToAbsl(text), '\f')) {
    std::vector<std::string> lines;
    for (absl::string_view line : absl::StrSplit(page, '\n')) {
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines.emplace_back(ToStd(line));
    }
    pages.push_back(std::move(lines));
  }
  return MakeTextPdf(pages);
}

std::string MakeImageOnlyPdf(int pages) {
  return PagesPdf(std::vector<std::string>(pages, "0.5 g 36 36 540 720 re f"));
}

std::string MakeEncryptedPdf() {
  // /O and /U hold no real key: with the empty user password the check of
  // /U fails, so the document stays locked.
  const std::string id = "0123456789abcdef0123456789abcdef";
  const std::string hash(64, '7');
  return PagesPdf(TextContents({{"Secret text"}}),
                  {absl::StrCat("<</Filter/Standard/V 1/R 2/Length 40/P -44/O<", hash, ">/U<", hash, ">>>")},
                  absl::StrCat(" /Encrypt 4 0 R /ID[<", id, "><", id, ">]"));
}

}  // namespace imr::testing
