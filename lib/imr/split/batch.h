// File: imr/split/batch.h
//
// A Batch is the message that flows through the pipeline: the documents
// (letters) found in one work unit, plus every error and skipped byte range
// met while finding them, so that nothing read is ever unaccounted for.
//
// Lifetime: every Document::text and Document::id views bytes owned by the
// batch itself: either a file in `files` (a mapping or a read buffer) or the
// batch's `arena` (text unescaped from JSON). Views stay valid for as long as
// the batch lives, and not one moment longer.
// Thread-safety: a batch is touched by one stage at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "imr/base/text_index.h"
#include "imr/io/file_data.h"

namespace imr::split {

// Where a document or an error sits in the corpus.
struct Position {
  std::uint32_t source_id = 0;
  // Byte offset in the file (text sources), or inside the line's "text"
  // value (JSON Lines sources).
  std::uint64_t offset = 0;
  std::uint64_t line = 0;  // 1-based line of a JSON Lines source; 0 for text
};

struct Document {
  Position position;
  std::string_view id;  // the JSON Lines "id", when present
  std::string_view text;
  bool truncated = false;  // cut at kMaxDocumentBytes; the rest is skipped
  // The document's part of the batch's index (Batch::Indexed).
  TextIndex::Slice index;
};

// A piece of input that could not be read as a document: an unreadable file,
// a malformed JSON line, a line without its text field.
struct DocumentError {
  enum class Kind {
    kPath,  // a path given could not be walked or opened, before the run; `status` names it
    kFile,  // a file of the corpus failed as a whole; `status` names it
    kPart,  // one JSON Lines record or byte range failed, at `position`
  };
  Kind kind = Kind::kPart;
  Position position;
  absl::Status status;
};

// Bytes that belong to no document (garbage before the first letter, a file
// without any letter, text past a truncated letter).
struct SkippedRange {
  Position position;
  std::uint64_t length = 0;
  // Bytes that are not whitespace (nor NUL padding). Counted byte by byte so
  // that totals do not depend on how the text was cut into chunks.
  std::uint64_t nonblank = 0;
};

// Owns copies of strings whose address never changes once made.
class TextArena {
 public:
  std::string_view Copy(std::string_view s);
  // The free bytes of the current block, at least `n` (a new block where
  // it has fewer), that the caller writes in place (a decoder whose output
  // may be as long), then keeps the first `used` of with Keep; room not
  // kept is reused by the next Room or Copy.
  std::span<char> Room(std::size_t n);
  std::string_view Keep(std::size_t used);

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;      // bytes used in blocks_.back()
  std::size_t capacity_ = 0;  // size of blocks_.back()
};

struct Batch {
  std::uint64_t seq = 0;  // position of the work unit in corpus order
  std::vector<Document> documents;
  std::vector<DocumentError> errors;
  std::vector<SkippedRange> skipped;
  std::uint64_t bytes_read = 0;  // bytes of the corpus this batch covers
  // Bytes of listed sources, as stored, that this batch covers (a PDF's file
  // size, not its text's; 0 for archive members): what the progress line
  // counts against Corpus::total_bytes().
  std::uint64_t input_bytes = 0;
  std::uint32_t files_done = 0;  // sources whose last byte is in this batch
  std::vector<std::shared_ptr<const io::FileData>> files;
  // The sources among files_done that were opened, with their bytes: checked
  // for bytes lost while mapped just before the batch is written, when every
  // batch of the source has been processed (UnitSplitter::ReportLostBytes).
  std::vector<std::pair<std::uint32_t, std::shared_ptr<const io::FileData>>> finished;
  TextArena arena;
  // The structural index of the text the documents were found in, built by
  // the splitter (line ends, page breaks, colons), read by the extractor.
  TextIndex index;
  IndexedPart Indexed(const Document& doc) const { return index.Part(doc.index, doc.text); }
  // The byte range of a mapped file this batch read (its unit's range and the
  // look-behind before it), released after the writer is done with it (see
  // io::FileData::Release and UnitSplitter::Split).
  std::shared_ptr<const io::FileData> release_file;
  std::uint64_t release_begin = 0, release_end = 0;

  // Filled by the job's parallel stage, consumed by its serial writer.
  std::string output;
  std::string diagnostics;  // complete lines for stderr (the splitter's first: PDFs read despite problems)
  std::uint32_t diagnostic_lines = 0;
};

}  // namespace imr::split
