#include "imr/corpus/corpus.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace imr::corpus {
namespace {

// Reads a stream listed by the walk (standard input, a named pipe, /dev/fd/N).
absl::StatusOr<io::FileData> ReadStream(const std::string& path) {
  if (path == io::kStdinPath) return io::FileData::ReadStream(STDIN_FILENO);
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::DataLossError(absl::StrCat(path, ": open: ", std::strerror(errno)));
  absl::StatusOr<io::FileData> data = io::FileData::ReadStream(fd);
  close(fd);
  if (!data.ok()) return absl::DataLossError(absl::StrCat(path, ": ", data.status().message()));
  return data;
}

}  // namespace

SourceKind KindForPath(const std::string& path, InputFormat format) {
  switch (format) {
    case InputFormat::kText:
      return SourceKind::kText;
    case InputFormat::kJsonl:
      return SourceKind::kJsonl;
    case InputFormat::kPdf:
      return SourceKind::kPdf;
    case InputFormat::kArchive:
      return SourceKind::kArchive;
    case InputFormat::kAuto:
      break;
  }
  if (io::ArchiveKindForName(path) != io::ArchiveKind::kNone) return SourceKind::kArchive;
  if (absl::EndsWithIgnoreCase(path, ".jsonl") || absl::EndsWithIgnoreCase(path, ".ndjson")) return SourceKind::kJsonl;
  return absl::EndsWithIgnoreCase(path, ".pdf") ? SourceKind::kPdf : SourceKind::kText;
}

Corpus Corpus::FromPaths(std::span<const std::string> paths, const CorpusOptions& options) {
  return FromFiles(io::ExpandPaths(paths), options);
}

Corpus Corpus::FromFiles(io::WalkResult walk, const CorpusOptions& options) {
  Corpus corpus;
  corpus.read_mode_ = options.read_mode;
  corpus.max_member_bytes_ = options.max_member_bytes;
  corpus.pdf_text_ = options.pdf_text;
  corpus.errors_ = std::move(walk.errors);
  corpus.duplicates_ = std::move(walk.duplicates);
  for (io::InputFile& f : walk.files) {
    std::shared_ptr<const io::FileData> preloaded;
    std::uint64_t size = f.size;
    const SourceKind kind = KindForPath(f.path, options.format);
    // An archive is read by the run, streamed, whatever it is read from.
    if (f.stream && kind != SourceKind::kArchive) {
      absl::StatusOr<io::FileData> data = ReadStream(f.path);
      if (!data.ok()) {
        corpus.errors_.push_back(data.status());
        continue;
      }
      size = data->size();
      preloaded = std::make_shared<const io::FileData>(std::move(*data));
    }
    corpus.table_->Append({std::move(f.path), size, kind});
    corpus.preloaded_.push_back(std::move(preloaded));
  }
  corpus.listed_count_ = corpus.table_->size();
  return corpus;
}

Corpus Corpus::FromTexts(std::span<const std::string> names, std::span<const std::string> texts, SourceKind kind) {
  Corpus corpus;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    corpus.table_->Append({names[i], texts[i].size(), kind});
    corpus.preloaded_.push_back(std::make_shared<const io::FileData>(io::FileData::FromString(texts[i])));
  }
  corpus.listed_count_ = corpus.table_->size();
  return corpus;
}

std::uint64_t Corpus::total_bytes() const {
  std::uint64_t total = 0;
  for (std::uint32_t id = 0; id < listed_count_; ++id) total += source(id).size;
  return total;
}

absl::StatusOr<std::shared_ptr<const io::FileData>> Corpus::Open(std::uint32_t id, std::string* warning,
                                                                 io::FileOpener* opener, io::ReadArena* arena) const {
  if (preloaded_[id] != nullptr) return Text(id, preloaded_[id], warning);
  const Source& listed = source(id);
  absl::StatusOr<io::FileData> data =
      opener != nullptr ? io::FileData::OpenListed(listed.path, listed.size, read_mode_, opener, arena)
                        : io::FileData::Open(listed.path, read_mode_);
  if (!data.ok()) return data.status();
  return Text(id, std::make_shared<const io::FileData>(std::move(*data)), warning);
}

absl::StatusOr<std::shared_ptr<const io::FileData>> Corpus::Text(std::uint32_t id,
                                                                 std::shared_ptr<const io::FileData> bytes,
                                                                 std::string* warning) const {
  const Source& source = this->source(id);
  if (source.kind != SourceKind::kPdf) return bytes;
  absl::StatusOr<io::FileData> text = io::PdfToText(bytes->bytes(), source.path, pdf_text_, warning);
  if (!text.ok()) return text.status();
  // A mapped PDF that shrank meanwhile read as zeros from there on: what
  // poppler made of it is not the file's text.
  if (const std::uint64_t lost = bytes->lost_from(); lost != io::FileData::kNoLoss) {
    return absl::DataLossError(absl::StrCat(source.path, ":byte ", lost,
                                            ": the PDF shrank while it was being read (mapped); use --read-mode read "
                                            "for files that change"));
  }
  return std::make_shared<const io::FileData>(std::move(*text));
}

}  // namespace imr::corpus
