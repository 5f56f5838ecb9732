// File: imr/gen/guideline_text.h
//
// The text of a guideline block ("Claims Administrator guideline: ...",
// "MAXIMUS guideline: ...") and the citations it makes: MTUS parts in the
// template's wording, ODG chapters and topics, ACOEM and other sources, or
// the statements that cite nothing. The truth follows gen.h's conventions:
// a part (and an ACOEM chapter's section) may be a canonical name rather
// than the words written.
//
// Example:
//   GuidelineText guideline(vocab);
//   const std::size_t b = para.Mark();
//   guideline.Append(rng, year, /*maximus=*/true, /*first=*/true, &para, &pending);
//   const std::size_t e = para.Mark();
//   writer.Paragraph(&para);
//   guideline.Resolve(para, b, e, &pending);
//
// Thread-safety: one per thread.
// Lifetime: `vocab` must outlive it and the truth it records.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "imr/gen/letter_truth.h"
#include "imr/gen/marked_text.h"
#include "imr/gen/rng.h"
#include "imr/gen/vocab.h"

namespace imr::gen {

class GuidelineText {
 public:
  explicit GuidelineText(const Vocab& vocab) : v_(vocab) {}

  // Appends a block's text to `p` for a letter of template `year`; sets the
  // flags of *g. The MAXIMUS block of a letter's first item always cites
  // the MTUS in its template's wording (as every real letter we hold does),
  // so the template is recognisable.
  void Append(Rng& rng, int year, bool maximus, bool first, Para* p, PendingGuideline* g);
  // Once `p` is written: the block's text (marks b..e) and its citations.
  void Resolve(const Para& p, std::size_t b, std::size_t e, PendingGuideline* g) const;

 private:
  // A citation as marks of the paragraph, resolved once it is written.
  struct CiteMarks {
    explicit CiteMarks(extract::CitationSource s, std::size_t b = 0, std::size_t e = 0)
        : source(s), part_b(b), part_e(e) {}
    extract::CitationSource source;
    std::size_t part_b = 0, part_e = 0;
    int year = 0;
    SmallList<std::size_t, 2> sec, pag;  // a (begin, end) pair of marks each, when present
    std::string_view part_name, section_name;
  };

  void AppendMtusBlock(Rng& rng, int year, Para* p);
  void AppendOutsideMtus(Rng& rng, Para* p);
  void AppendMtusCitation(Rng& rng, int year, Para* p);
  void AppendMtusPart(Rng& rng, int year, Para* p);
  void AppendMtus2014(const MtusPart& m, std::size_t which, Para* p, CiteMarks* c);
  void AppendOdgCitation(Rng& rng, Para* p);

  const Vocab& v_;
  std::vector<CiteMarks> cites_;  // of the block being written
};

}  // namespace imr::gen
