#include "imr/io/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"

namespace imr::io {
namespace {

// The libarchive functions the reader calls, resolved from the shared
// library on first use (see the header for why it is not linked).
struct LibArchive {
#define IMR_LIBARCHIVE_FUNCTIONS(X)    \
  X(archive_read_new)                  \
  X(archive_read_free)                 \
  X(archive_read_support_filter_all)   \
  X(archive_read_support_format_tar)   \
  X(archive_read_support_format_zip)   \
  X(archive_read_support_format_empty) \
  X(archive_read_support_format_raw)   \
  X(archive_read_open_fd)              \
  X(archive_read_open_memory)          \
  X(archive_read_next_header)          \
  X(archive_read_data)                 \
  X(archive_error_string)              \
  X(archive_filter_count)              \
  X(archive_format)                    \
  X(archive_entry_pathname)            \
  X(archive_entry_filetype)            \
  X(archive_entry_hardlink)            \
  X(archive_entry_size)                \
  X(archive_entry_size_is_set)
#define IMR_DECLARE(name) decltype(&::name) name = nullptr;
  IMR_LIBARCHIVE_FUNCTIONS(IMR_DECLARE)
#undef IMR_DECLARE
  std::string error;  // why loading failed; empty when every function was found
};

const LibArchive& Lib() {
  static const LibArchive* const lib = [] {
    auto* l = new LibArchive;
    // The soname of libarchive 3.x: its ABI has been stable since 3.0.
    void* so = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (so == nullptr) {
      l->error = dlerror();
      return l;
    }
#define IMR_RESOLVE(name)                                          \
  l->name = reinterpret_cast<decltype(&::name)>(dlsym(so, #name)); \
  if (l->name == nullptr && l->error.empty()) l->error = "no symbol " #name;
    IMR_LIBARCHIVE_FUNCTIONS(IMR_RESOLVE)
#undef IMR_RESOLVE
    return l;
  }();
  return *lib;
}

bool EndsWith(std::string_view name, std::string_view suffix) {
  return absl::EndsWithIgnoreCase(ToAbsl(name), ToAbsl(suffix));
}

constexpr std::string_view kArchiveSuffixes[] = {".tar",    ".tar.gz", ".tgz",     ".tar.zst", ".tzst",
                                                 ".tar.xz", ".txz",    ".tar.bz2", ".tbz2",    ".zip"};
constexpr std::string_view kCompressedSuffixes[] = {".gz", ".zst", ".xz", ".bz2"};

// The name of a single compressed file's member: the file's own name,
// without folders and without its compression extension.
std::string StreamMemberName(std::string_view base) {
  if (const std::size_t slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  for (std::string_view suffix : kCompressedSuffixes) {
    if (base.size() > suffix.size() && EndsWith(base, suffix)) {
      base.remove_suffix(suffix.size());
      break;
    }
  }
  return std::string(base);
}

std::string ErrorText(archive* a) {
  const char* s = Lib().archive_error_string(a);
  return s != nullptr ? s : "unknown error";
}

// Bytes that libarchive cannot read as `kind` from their start.
absl::Status NotReadable(const std::string& label, ArchiveKind kind, archive* a) {
  return absl::DataLossError(absl::StrCat(
      label,
      kind == ArchiveKind::kCompressed ? ": not compressed data of a known kind: " : ": not a readable archive: ",
      ErrorText(a)));
}

}  // namespace

ArchiveKind ArchiveKindForName(std::string_view name) {
  // Most names are letters ("x.txt", "x.pdf"): their last extension, which
  // would be one of the suffixes' last extensions, rules them out at once.
  static const std::vector<std::string_view> last_extensions = [] {
    std::vector<std::string_view> out;
    for (std::span<const std::string_view> suffixes : {std::span<const std::string_view>(kArchiveSuffixes),
                                                       std::span<const std::string_view>(kCompressedSuffixes)}) {
      for (std::string_view suffix : suffixes) out.push_back(suffix.substr(suffix.rfind('.')));
    }
    return out;
  }();
  constexpr std::size_t kLongest = 8;  // longer than any of them
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || name.size() - dot > kLongest) return ArchiveKind::kNone;
  std::array<char, kLongest> lower;
  for (std::size_t i = dot; i < name.size(); ++i) lower[i - dot] = absl::ascii_tolower(name[i]);
  const std::string_view extension(lower.data(), name.size() - dot);
  const bool possible = std::find(last_extensions.begin(), last_extensions.end(), extension) != last_extensions.end();
  if (!possible) return ArchiveKind::kNone;
  for (std::string_view suffix : kArchiveSuffixes) {
    if (EndsWith(name, suffix)) return ArchiveKind::kArchive;
  }
  for (std::string_view suffix : kCompressedSuffixes) {
    if (EndsWith(name, suffix)) return ArchiveKind::kCompressed;
  }
  return ArchiveKind::kNone;
}

struct ArchiveReader::Handle {
  archive* a = nullptr;
  int fd = -1;  // closed with the handle unless it is standard input
  std::shared_ptr<const FileData> memory;
  ~Handle() {
    if (a != nullptr) Lib().archive_read_free(a);
    if (fd > STDIN_FILENO) close(fd);
  }
};

ArchiveReader::ArchiveReader(std::unique_ptr<Handle> handle, std::string label, std::string stream_name,
                             ArchiveKind kind, std::uint64_t max_member_bytes)
    : handle_(std::move(handle)),
      label_(std::move(label)),
      stream_name_(std::move(stream_name)),
      kind_(kind),
      max_member_bytes_(max_member_bytes) {}

ArchiveReader::~ArchiveReader() = default;

namespace {

absl::StatusOr<archive*> NewArchive(const std::string& label, ArchiveKind kind) {
  const LibArchive& lib = Lib();
  if (!lib.error.empty()) {
    return absl::UnavailableError(
        absl::StrCat(label, ": reading archives needs libarchive (libarchive.so.13): ", lib.error));
  }
  archive* a = lib.archive_read_new();
  if (a == nullptr) return absl::ResourceExhaustedError(absl::StrCat(label, ": out of memory"));
  lib.archive_read_support_filter_all(a);
  // Only the formats we read, not libarchive's whole set: mtree, for one,
  // takes a line of plain text for a listing of empty files.
  if (kind != ArchiveKind::kCompressed) {
    lib.archive_read_support_format_tar(a);
    lib.archive_read_support_format_zip(a);
    lib.archive_read_support_format_empty(a);
  }
  if (kind != ArchiveKind::kArchive) lib.archive_read_support_format_raw(a);
  return a;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ArchiveReader>> ArchiveReader::OpenPath(const std::string& path, ArchiveKind kind,
                                                                       std::uint64_t max_member_bytes) {
  auto handle = std::make_unique<Handle>();
  if (path == "-") {
    handle->fd = STDIN_FILENO;
  } else {
    handle->fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (handle->fd < 0) {
      const int err = errno;
      const std::string msg = absl::StrCat(path, ": open: ", std::strerror(err));
      if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(msg);
      if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(msg);
      return absl::DataLossError(msg);
    }
  }
  IMR_ASSIGN_OR_RETURN(handle->a, NewArchive(path, kind));
  if (Lib().archive_read_open_fd(handle->a, handle->fd, 256 << 10) != ARCHIVE_OK) {
    return NotReadable(path, kind, handle->a);
  }
  return std::unique_ptr<ArchiveReader>(
      new ArchiveReader(std::move(handle), path, StreamMemberName(path), kind, max_member_bytes));
}

absl::StatusOr<std::unique_ptr<ArchiveReader>> ArchiveReader::OpenMemory(std::shared_ptr<const FileData> bytes,
                                                                         const std::string& label,
                                                                         const std::string& name, ArchiveKind kind,
                                                                         std::uint64_t max_member_bytes) {
  auto handle = std::make_unique<Handle>();
  handle->memory = std::move(bytes);
  IMR_ASSIGN_OR_RETURN(handle->a, NewArchive(label, kind));
  // SAFETY: the bytes live in handle->memory, freed after the archive.
  if (Lib().archive_read_open_memory(handle->a, handle->memory->bytes().data(), handle->memory->size()) != ARCHIVE_OK) {
    return NotReadable(label, kind, handle->a);
  }
  return std::unique_ptr<ArchiveReader>(
      new ArchiveReader(std::move(handle), label, StreamMemberName(name), kind, max_member_bytes));
}

absl::StatusOr<bool> ArchiveReader::Next(ArchiveMember* member) {
  const LibArchive& lib = Lib();
  archive* const a = handle_->a;
  for (;;) {
    archive_entry* entry = nullptr;
    const int r = lib.archive_read_next_header(a, &entry);
    if (r == ARCHIVE_EOF) return false;
    if (r < ARCHIVE_WARN) {
      if (!started_) return NotReadable(label_, kind_, a);
      const std::string where = last_member_.empty() ? "damaged before its first member"
                                                     : absl::StrCat("damaged after member ", last_member_);
      return absl::DataLossError(absl::StrCat(label_, ": ", where, ": ", ErrorText(a)));
    }
    const bool raw = lib.archive_format(a) == ARCHIVE_FORMAT_RAW;
    if (!started_) {
      started_ = true;
      // The raw format takes any bytes: only a decompression filter (beside
      // the "none" filter every stream has) makes them a compressed file.
      if (raw && lib.archive_filter_count(a) < 2) {
        return absl::DataLossError(absl::StrCat(label_, kind_ == ArchiveKind::kAny
                                                            ? ": neither an archive nor compressed data"
                                                            : ": not gzip, zstd, xz or bzip2 compressed data"));
      }
    }
    if (!raw && (lib.archive_entry_filetype(entry) != AE_IFREG || lib.archive_entry_hardlink(entry) != nullptr)) {
      continue;  // directories, links, devices: nothing to read
    }
    const char* name = lib.archive_entry_pathname(entry);
    member->name = raw ? stream_name_ : name != nullptr ? name : "";
    member->data = FileData::FromString("");
    member->error = absl::OkStatus();
    std::uint64_t size_hint = 0;
    if (!raw && lib.archive_entry_size_is_set(entry) && lib.archive_entry_size(entry) > 0) {
      size_hint = static_cast<std::uint64_t>(lib.archive_entry_size(entry));
    }
    IMR_RETURN_IF_ERROR(ReadData(member, size_hint));
    last_member_ = member->name;
    return true;
  }
}

absl::Status ArchiveReader::ReadData(ArchiveMember* member, std::uint64_t size_hint) {
  archive* const a = handle_->a;
  // Grows to at most max_member_bytes_ + 1 bytes: one byte more than the cap
  // tells a member over it, whatever its header claims.
  const std::uint64_t limit = max_member_bytes_ + 1;
  // A header's size (one byte more, so that the end is seen without growing)
  // sizes the buffer exactly; a stream without sizes starts at 64 KiB.
  std::size_t capacity =
      static_cast<std::size_t>(std::min<std::uint64_t>(size_hint > 0 ? size_hint + 1 : 64 << 10, limit));
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity + kReadPadding);
  std::size_t size = 0;
  for (;;) {
    if (size == capacity) {
      if (capacity >= limit) {
        member->error =
            absl::ResourceExhaustedError(absl::StrCat(label_, ":", member->name, ": decompresses to more than ",
                                                      max_member_bytes_, " bytes (--max-member-size); skipped"));
        return absl::OkStatus();
      }
      const std::size_t grown = static_cast<std::size_t>(std::min<std::uint64_t>(limit, 2 * std::uint64_t{capacity}));
      auto bigger = std::make_unique_for_overwrite<char[]>(grown + kReadPadding);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity = grown;
    }
    const la_ssize_t n = Lib().archive_read_data(a, buffer.get() + size, capacity - size);
    if (n == 0) break;
    if (n < 0) {
      const std::string msg = absl::StrCat(label_, ":", member->name, ": ", ErrorText(a));
      if (n == ARCHIVE_FATAL) return absl::DataLossError(absl::StrCat(msg, " (the archive is damaged from here on)"));
      member->error = absl::DataLossError(msg);
      return absl::OkStatus();
    }
    size += static_cast<std::size_t>(n);
  }
  member->data = FileData::FromBuffer(std::move(buffer), size);
  return absl::OkStatus();
}

}  // namespace imr::io
