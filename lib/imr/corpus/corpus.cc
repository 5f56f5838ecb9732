#include "imr/corpus/corpus.h"

#include <unistd.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "imr/io/walk.h"

namespace imr::corpus {

SourceKind KindForPath(const std::string& path, InputFormat format) {
  switch (format) {
    case InputFormat::kText:
      return SourceKind::kText;
    case InputFormat::kJsonl:
      return SourceKind::kJsonl;
    case InputFormat::kPdf:
      return SourceKind::kPdf;
    case InputFormat::kAuto:
      break;
  }
  if (absl::EndsWithIgnoreCase(path, ".jsonl") || absl::EndsWithIgnoreCase(path, ".ndjson")) return SourceKind::kJsonl;
  return absl::EndsWithIgnoreCase(path, ".pdf") ? SourceKind::kPdf : SourceKind::kText;
}

Corpus Corpus::FromPaths(std::span<const std::string> paths, const CorpusOptions& options) {
  Corpus corpus;
  corpus.read_mode_ = options.read_mode;
  corpus.pdf_text_ = options.pdf_text;
  io::WalkResult walk = io::ExpandPaths(paths);
  corpus.errors_ = std::move(walk.errors);
  corpus.duplicates_ = std::move(walk.duplicates);
  for (io::InputFile& f : walk.files) {
    std::shared_ptr<const io::FileData> preloaded;
    std::uint64_t size = f.size;
    if (f.path == io::kStdinPath) {
      absl::StatusOr<io::FileData> data = io::FileData::ReadStream(STDIN_FILENO);
      if (!data.ok()) {
        corpus.errors_.push_back(data.status());
        continue;
      }
      size = data->size();
      preloaded = std::make_shared<const io::FileData>(std::move(*data));
    }
    const SourceKind kind = KindForPath(f.path, options.format);
    corpus.sources_.push_back({std::move(f.path), size, kind});
    corpus.preloaded_.push_back(std::move(preloaded));
  }
  return corpus;
}

Corpus Corpus::FromTexts(std::span<const std::string> names, std::span<const std::string> texts, SourceKind kind) {
  Corpus corpus;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    corpus.sources_.push_back({names[i], texts[i].size(), kind});
    corpus.preloaded_.push_back(std::make_shared<const io::FileData>(io::FileData::FromString(texts[i])));
  }
  return corpus;
}

std::uint64_t Corpus::total_bytes() const {
  std::uint64_t total = 0;
  for (const Source& s : sources_) total += s.size;
  return total;
}

absl::StatusOr<std::shared_ptr<const io::FileData>> Corpus::Open(std::uint32_t id, std::string* warning) const {
  const Source& source = sources_[id];
  if (source.kind == SourceKind::kPdf) return OpenPdf(id, warning);
  if (preloaded_[id] != nullptr) return preloaded_[id];
  absl::StatusOr<io::FileData> data = io::FileData::Open(source.path, read_mode_);
  if (!data.ok()) return data.status();
  return std::make_shared<const io::FileData>(std::move(*data));
}

absl::StatusOr<std::shared_ptr<const io::FileData>> Corpus::OpenPdf(std::uint32_t id, std::string* warning) const {
  const Source& source = sources_[id];
  if (preloaded_[id] != nullptr) return ToText(*preloaded_[id], source.path, warning);
  absl::StatusOr<io::FileData> pdf = io::FileData::Open(source.path, read_mode_);
  if (!pdf.ok()) return pdf.status();
  absl::StatusOr<std::shared_ptr<const io::FileData>> text = ToText(*pdf, source.path, warning);
  // A mapped PDF that shrank meanwhile read as zeros from there on: what
  // poppler made of it is not the file's text.
  if (const std::uint64_t lost = pdf->lost_from(); text.ok() && lost != io::FileData::kNoLoss) {
    return absl::DataLossError(absl::StrCat(source.path, ":byte ", lost,
                                            ": the PDF shrank while it was being read (mapped); use --read-mode read "
                                            "for files that change"));
  }
  return text;
}

absl::StatusOr<std::shared_ptr<const io::FileData>> Corpus::ToText(const io::FileData& pdf, const std::string& path,
                                                                   std::string* warning) const {
  absl::StatusOr<io::FileData> text = io::PdfToText(pdf.bytes(), path, pdf_text_, warning);
  if (!text.ok()) return text.status();
  return std::make_shared<const io::FileData>(std::move(*text));
}

}  // namespace imr::corpus
