#include "imr/corpus/archive_members.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "imr/corpus/corpus.h"

namespace imr::corpus {
namespace {

constexpr std::size_t kMaxLevels = 2;  // the archive and archives among its members

ArchiveMembers::Member Failed(std::string path, std::uint64_t size, absl::Status error) {
  return {Source{std::move(path), size, SourceKind::kText}, nullptr, std::move(error)};
}

}  // namespace

ArchiveMembers::ArchiveMembers(const Source& archive, std::uint64_t max_member_bytes)
    : archive_(archive), max_member_bytes_(max_member_bytes) {}

ArchiveMembers::~ArchiveMembers() = default;

bool ArchiveMembers::Next(Member* member) {
  if (!opened_) {
    opened_ = true;
    io::ArchiveKind kind = io::ArchiveKindForName(archive_.path);
    if (kind == io::ArchiveKind::kNone) kind = io::ArchiveKind::kAny;  // --input-format archive
    absl::StatusOr<std::unique_ptr<io::ArchiveReader>> reader =
        io::ArchiveReader::OpenPath(archive_.path, kind, max_member_bytes_);
    if (!reader.ok()) {
      *member = Failed(archive_.path, 0, reader.status());
      return true;
    }
    levels_.push_back({std::move(*reader), archive_.path});
  }
  while (!levels_.empty()) {
    io::ArchiveMember m;
    absl::StatusOr<bool> more = levels_.back().reader->Next(&m);
    if (!more.ok() || !*more) {
      std::string label = std::move(levels_.back().label);
      levels_.pop_back();
      if (more.ok()) continue;
      *member = Failed(std::move(label), 0, more.status());
      return true;
    }
    std::string path = absl::StrCat(levels_.back().label, ":", m.name);
    if (!m.error.ok()) {
      *member = Failed(std::move(path), 0, std::move(m.error));
      return true;
    }
    if (const io::ArchiveKind nested = io::ArchiveKindForName(m.name); nested != io::ArchiveKind::kNone) {
      if (levels_.size() >= kMaxLevels) {
        *member =
            Failed(std::move(path), m.data.size(),
                   absl::FailedPreconditionError(absl::StrCat(
                       path, ": an archive inside a nested archive; not read (archives are read one level deep)")));
        return true;
      }
      auto bytes = std::make_shared<const io::FileData>(std::move(m.data));
      absl::StatusOr<std::unique_ptr<io::ArchiveReader>> reader =
          io::ArchiveReader::OpenMemory(bytes, path, m.name, nested, max_member_bytes_);
      if (!reader.ok()) {
        *member = Failed(std::move(path), bytes->size(), reader.status());
        return true;
      }
      levels_.push_back({std::move(*reader), std::move(path)});
      continue;
    }
    const SourceKind kind = KindForPath(m.name, InputFormat::kAuto);
    const std::uint64_t size = m.data.size();
    *member = {Source{std::move(path), size, kind}, std::make_shared<const io::FileData>(std::move(m.data)),
               absl::OkStatus()};
    return true;
  }
  return false;
}

}  // namespace imr::corpus
