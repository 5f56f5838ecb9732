// File: imr/split/text_splitter.h
//
// Cuts a text into documents at the starts a BoundaryRule finds. A document
// runs from its start to the next start (or the end of the text), capped at
// kMaxDocumentBytes. Work is divided by byte ranges: the call for [begin, end)
// emits exactly the documents that START in that range (they may run past
// `end`), plus the skipped bytes that lie inside the range. Calls for ranges
// that tile a text therefore emit every document exactly once and account for
// every byte exactly once, whatever the tiling.
//
// Bytes before a text's first document, and past a capped document, are
// skipped; each skipped range counts its non-whitespace bytes.
//
// Example:
//   Batch batch;
//   SplitRange(file.bytes(), 0, file.size(), rule, Position{source_id}, &batch);
#pragma once

#include <cstddef>
#include <string_view>

#include "imr/split/batch.h"
#include "imr/split/boundary_rule.h"

namespace imr::split {

inline constexpr std::size_t kMaxDocumentBytes = std::size_t{1} << 20;

// `base` gives the source and line; document and skip offsets are positions in
// `text` added to base.offset.
void SplitRange(std::string_view text, std::size_t begin, std::size_t end, const BoundaryRule& rule,
                const Position& base, Batch* batch);

// SplitRange(text, 0, text.size(), ...) for a text under 1 GiB that is
// already indexed: its positions (offsets into `text`) are those the batch's
// index recorded since `since` (a reader that indexed the text as it wrote
// it: JsonlReader::ReadIndexed).
void SplitIndexedText(std::string_view text, const TextIndex::Mark& since, const BoundaryRule& rule,
                      const Position& base, Batch* batch);

}  // namespace imr::split
