// File: imr/corpus/corpus.h
//
// A Corpus is the ordered list of byte sources a run reads: the files found by
// expanding the command line's paths, each tagged as plain text (one or many
// concatenated letters), JSON Lines (one letter per line) or PDF (converted to
// text when opened). It opens sources on demand; standard input is read once,
// when the corpus is built, because a stream cannot be read twice.
//
// Example:
//   corpus::Corpus corpus = corpus::Corpus::FromPaths({"letters/", "-"}, {});
//   for (const absl::Status& e : corpus.errors()) ReportError(e);
//   auto file = corpus.Open(0);   // shared: batches keep it alive
//
// Thread-safety: const methods may be called concurrently.
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
#include "imr/io/file_data.h"
#include "imr/io/pdf_text.h"

namespace imr::corpus {

// kPdf: the source's bytes are a PDF; Open() returns its text.
enum class SourceKind { kText, kJsonl, kPdf };
enum class InputFormat { kAuto, kText, kJsonl, kPdf };  // kAuto: by extension (.jsonl, .ndjson, .pdf)

struct CorpusOptions {
  InputFormat format = InputFormat::kAuto;
  io::ReadMode read_mode = io::ReadMode::kAuto;
  io::PdfArrangement pdf_text = io::PdfArrangement::kLayout;
};

struct Source {
  std::string path;    // "-" for standard input
  std::uint64_t size;  // of the file as stored (a PDF's, not its text's)
  SourceKind kind;
};

class Corpus {
 public:
  static Corpus FromPaths(std::span<const std::string> paths, const CorpusOptions& options);
  // A corpus of in-memory texts (tests and benchmarks); names are "<name>".
  static Corpus FromTexts(std::span<const std::string> names, std::span<const std::string> texts, SourceKind kind);

  const std::vector<Source>& sources() const { return sources_; }
  // Paths that could not be listed (missing, unreadable, not a file).
  const std::vector<absl::Status>& errors() const { return errors_; }
  // Paths skipped because they name a file already listed.
  const std::vector<std::string>& duplicates() const { return duplicates_; }
  std::uint64_t total_bytes() const;

  // Opens source `id` (see io::FileData::Open for the errors); a PDF comes
  // back as its text, converted here, on the caller's thread (see
  // io::PdfToText for its errors and `warning`). Each message names the path.
  absl::StatusOr<std::shared_ptr<const io::FileData>> Open(std::uint32_t id, std::string* warning = nullptr) const;

 private:
  std::vector<Source> sources_;
  absl::StatusOr<std::shared_ptr<const io::FileData>> OpenPdf(std::uint32_t id, std::string* warning) const;
  absl::StatusOr<std::shared_ptr<const io::FileData>> ToText(const io::FileData& pdf, const std::string& path,
                                                             std::string* warning) const;

  std::vector<absl::Status> errors_;
  std::vector<std::string> duplicates_;
  io::ReadMode read_mode_ = io::ReadMode::kAuto;
  io::PdfArrangement pdf_text_ = io::PdfArrangement::kLayout;
  // Sources whose bytes are already in memory (standard input, FromTexts).
  std::vector<std::shared_ptr<const io::FileData>> preloaded_;
};

SourceKind KindForPath(const std::string& path, InputFormat format);

}  // namespace imr::corpus
