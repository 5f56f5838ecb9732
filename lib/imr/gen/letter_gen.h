// File: imr/gen/letter_gen.h
//
// One synthetic IMR determination letter and its ground truth. A letter is a
// pure function of (seed, index, options, vocabulary): its random stream is
// derived from the seed and its index only, so a corpus comes out the same
// at any thread count. The truth is an extract::Letter whose views point into
// the generated text, so output::AppendLetterJson writes it in exactly the
// schema of `imr extract` (and keeps doing so as the schema grows: a new
// field only needs filling here).
//
// Example:
//   GeneratedLetter g;
//   GenerateLetter(vocab, {.seed = 7}, 42, &g);
//   std::string_view letter = std::string_view(g.text).substr(g.start);
//
// Thread-safety: GenerateLetter may run concurrently on distinct outputs.
// Lifetime: g.truth views g.text; regenerate or copy before g.text changes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "imr/extract/letter.h"
#include "imr/gen/vocab.h"

namespace imr::gen {

// The pdftotext extraction a letter imitates. 2016-17 letters come in the
// three pdftotext modes; 2014-15 letters as the seeds show them (double-spaced
// lines with trailing blanks, or tab-separated unwrapped paragraphs).
enum class Style : std::uint8_t { kLayout, kDefault, kRaw, kSpaced, kTabs };
std::string_view StyleName(Style s);

struct LetterOptions {
  std::uint64_t seed = 1;
  bool layout_2014 = true;  // allowed templates (at least one)
  bool layout_2016 = true;
};

struct GeneratedLetter {
  std::string text;         // what goes in the corpus: leading bytes, then the letter
  std::size_t start = 0;    // where extraction will find the letter's first line in `text`
  std::size_t opening = 0;  // the letter's opening line ("Case Number:" or the first heading)
  extract::Letter truth;    // views into `text` (or static/vocabulary storage)
  int year = 0;             // template: 2014 or 2016
  Style style = Style::kLayout;
  bool crlf = false;
  // Per item, the vocabulary entry it was drawn from (category, and drug
  // class for pharmaceuticals; empty otherwise), for the taxonomy fields.
  std::vector<std::string_view> categories, drug_classes;
};

class LetterMaker;

// Makes letters one after another with buffers reused between them (no
// allocation once warm); the letter made for an index is the same as
// GenerateLetter's, whatever was made before.
// Thread-safety: one generator per thread.
// Lifetime: `vocab` must outlive the generator and the truth it makes.
class LetterGenerator {
 public:
  LetterGenerator(const Vocab& vocab, const LetterOptions& options);
  ~LetterGenerator();
  LetterGenerator(LetterGenerator&&) noexcept;
  LetterGenerator& operator=(LetterGenerator&&) noexcept;
  void Generate(std::uint64_t index, GeneratedLetter* out);

 private:
  std::unique_ptr<LetterMaker> maker_;
};

// One letter, made by a fresh LetterGenerator.
void GenerateLetter(const Vocab& vocab, const LetterOptions& options, std::uint64_t index, GeneratedLetter* out);

// Where a splitter starts the letter whose opening line holds `opening`:
// that line's first byte, or the byte after a form feed when text precedes
// it on the line (see extract::LetterStartRule).
std::size_t LetterStartFor(std::string_view text, std::size_t opening);

}  // namespace imr::gen
