// File: imr/corpus/corpus.h
//
// A Corpus is the ordered list of byte sources a run reads: the files found by
// expanding the command line's paths, each tagged as plain text (one or many
// concatenated letters), JSON Lines (one letter per line), PDF (converted to
// text when opened) or an archive (tar, zip, or a single compressed file),
// whose members become sources of their own while a run reads it
// (archive_members.h). It opens sources on demand; standard input and named
// pipes are read once, when the corpus is built, because a stream cannot be
// read twice (an archive on a stream is read by the run instead).
//
// Example:
//   corpus::Corpus corpus = corpus::Corpus::FromPaths({"letters/", "-"}, {});
//   for (const absl::Status& e : corpus.errors()) ReportError(e);
//   auto file = corpus.Open(0);   // shared: batches keep it alive
//
// Thread-safety: const methods may be called concurrently; AddMember() is
// called by the one planner of a run (see SourceTable for when a source it
// added may be read).
// Lifetime: the Corpus must outlive every FileData it opened only for
// sources read from standard input; other FileData are independent owners.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "imr/corpus/source_table.h"
#include "imr/io/archive_reader.h"
#include "imr/io/file_data.h"
#include "imr/io/pdf_text.h"
#include "imr/io/walk.h"

namespace imr::corpus {

enum class InputFormat {
  kAuto,     // by extension: .jsonl/.ndjson JSON Lines, .pdf PDF, archive names (io::ArchiveKindForName) archives
  kText,     // every path is text
  kJsonl,    // every path is JSON Lines
  kPdf,      // every path is a PDF
  kArchive,  // every path is an archive or a compressed file; its members by their extension
};

struct CorpusOptions {
  InputFormat format = InputFormat::kAuto;
  io::ReadMode read_mode = io::ReadMode::kAuto;
  // An archive member that decompresses to more bytes is refused (a zip bomb).
  std::uint64_t max_member_bytes = io::kDefaultMaxMemberBytes;
  io::PdfArrangement pdf_text = io::PdfArrangement::kLayout;
};

class Corpus {
 public:
  static Corpus FromPaths(std::span<const std::string> paths, const CorpusOptions& options);
  // A corpus of files already listed (a walk, or the part of one a caller
  // keeps): its errors and duplicates become the corpus's.
  static Corpus FromFiles(io::WalkResult walk, const CorpusOptions& options);
  // A corpus of in-memory texts (tests and benchmarks); names are "<name>".
  static Corpus FromTexts(std::span<const std::string> names, std::span<const std::string> texts, SourceKind kind);

  // Source `id`: a listed one (id < listed_count()) or an archive member a
  // run added, once the id has reached the caller.
  const Source& source(std::uint32_t id) const { return (*table_)[id]; }
  // The sources listed from the paths, in corpus order: ids [0, listed_count()).
  std::uint32_t listed_count() const { return listed_count_; }
  // Paths that could not be listed (missing, unreadable, not a file).
  const std::vector<absl::Status>& errors() const { return errors_; }
  // Paths skipped because they name a file already listed.
  const std::vector<std::string>& duplicates() const { return duplicates_; }
  // Bytes of the listed sources (an archive counts its compressed size).
  std::uint64_t total_bytes() const;
  std::uint64_t max_member_bytes() const { return max_member_bytes_; }

  // The text of listed source `id`, not an archive (see io::FileData::Open
  // and Text for the errors). With an `opener` (one per thread), a small
  // file is read as the walk listed it (io::FileData::OpenListed), into
  // `arena` when that is given and has room.
  absl::StatusOr<std::shared_ptr<const io::FileData>> Open(std::uint32_t id, std::string* warning = nullptr,
                                                           io::FileOpener* opener = nullptr,
                                                           io::ReadArena* arena = nullptr) const;
  // The text that is split, made from source `id`'s bytes: the one place
  // where a kind's bytes become text (text and JSON Lines are their bytes; a
  // PDF is converted here, on the caller's thread: see io::PdfToText for its
  // errors and `warning`). Open() and the archive members a run reads both
  // come through here. Each message names the source.
  absl::StatusOr<std::shared_ptr<const io::FileData>> Text(std::uint32_t id, std::shared_ptr<const io::FileData> bytes,
                                                           std::string* warning = nullptr) const;
  // Lists an archive member as a source of its own and returns its id.
  std::uint32_t AddMember(Source source) const { return table_->Append(std::move(source)); }

 private:
  std::unique_ptr<SourceTable> table_ = std::make_unique<SourceTable>();
  std::uint32_t listed_count_ = 0;
  std::vector<absl::Status> errors_;
  std::vector<std::string> duplicates_;
  io::ReadMode read_mode_ = io::ReadMode::kAuto;
  std::uint64_t max_member_bytes_ = io::kDefaultMaxMemberBytes;
  io::PdfArrangement pdf_text_ = io::PdfArrangement::kLayout;
  // Listed sources whose bytes are already in memory (streams, FromTexts).
  std::vector<std::shared_ptr<const io::FileData>> preloaded_;
};

SourceKind KindForPath(const std::string& path, InputFormat format);

}  // namespace imr::corpus
