// File: imr/gen/wrap_writer.h
//
// Writes a letter's lines in its pdftotext style: paragraphs word-wrapped at
// the letter's width, page breaks (form feeds) every 42-62 lines, redaction
// gaps and forced breaks rendered per style, long hyphenated words and URLs
// broken as pdftotext breaks them, CRLF line ends when asked. Marks of a
// written paragraph become offsets of the output (marked_text.h).
//
// Example:
//   WrapWriter w(&letter.text, &rng, Style::kLayout, /*crlf=*/false);
//   w.Line("CLINICAL CASE SUMMARY", 32);
//   w.Paragraph(&para);   // para.marks now hold offsets of letter.text
//
// Thread-safety: none; one writer per letter.
// Lifetime: `out` and `rng` must outlive the writer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "imr/gen/letter_gen.h"
#include "imr/gen/marked_text.h"
#include "imr/gen/rng.h"

namespace imr::gen {

class WrapWriter {
 public:
  // Draws the line width and the first page's length from `rng`.
  WrapWriter(std::string* out, Rng* rng, Style style, bool crlf);

  std::size_t pos() const { return out_.size(); }
  Style style() const { return style_; }
  // The next line starts a new page.
  void PageBreakNext() { page_left_ = 0; }

  // One unwrapped line, indented by `indent` spaces.
  void Line(std::string_view text, int indent = 0);
  void Blank();
  // A blank line in the styles that put them between paragraphs.
  void ParaGap();
  // Writes `p` word-wrapped and rewrites its marks into offsets of the text.
  void Paragraph(Para* p);

  void Raw(std::string_view s) { out_ += s; }
  void Newline() { out_ += eol_; }

 private:
  void NewPage();
  void StartLine();
  void EndLine();
  // Ends the line and starts the next one.
  void BreakLine() {
    EndLine();
    StartLine();
    line_len_ = 0;
  }
  // The steps of Paragraph; each consumes text from t[i] and returns the
  // position after it.
  std::size_t WriteSpecial(std::string_view t, std::size_t i);
  std::size_t WriteFittingWords(std::string_view t, std::size_t i, std::size_t special);
  std::size_t WriteOverflowingWord(std::string_view t, std::size_t i);
  void WriteHyphenBroken(std::string_view t, std::size_t i, std::size_t h, std::size_t j);

  void MapAt(std::size_t i, std::size_t at);
  void Copy(std::string_view t, std::size_t from, std::size_t to);
  std::size_t HyphenBreak(std::string_view tok, std::size_t room);

  std::string& out_;
  Rng& rng_;
  Style style_;
  std::string_view eol_;
  std::size_t width_;
  int page_left_ = 0;
  std::size_t line_len_ = 0;                   // bytes on the current line of a paragraph
  std::vector<std::size_t>* marks_ = nullptr;  // of the paragraph being written
  std::size_t cursor_ = 0;                     // first mark not yet mapped
};

}  // namespace imr::gen
