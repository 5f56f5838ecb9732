#include "imr/io/file_data.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "imr/io/mapping_guard.h"

namespace imr::io {
namespace {

absl::Status ErrnoStatus(int err, const std::string& path, const char* what) {
  const std::string msg = absl::StrCat(path, ": ", what, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(msg);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(msg);
    case ENOMEM:
      return absl::ResourceExhaustedError(msg);
    case EISDIR:
      return absl::FailedPreconditionError(msg);
    default:
      return absl::DataLossError(msg);
  }
}

std::size_t PageSize() {
  static const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads until EOF or `limit` bytes; returns false on a read error.
bool ReadAll(int fd, char* dst, std::size_t limit, std::size_t* got) {
  *got = 0;
  while (*got < limit) {
    const ssize_t n = read(fd, dst + *got, limit - *got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    *got += static_cast<std::size_t>(n);
  }
  return true;
}

constexpr std::size_t kArenaAlignment = 64;

std::size_t ArenaRoom(std::size_t bytes) { return (bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment; }

}  // namespace

void ReadArena::Expect(std::uint64_t listed_size) {
  if (listed_size > 0 && listed_size < kAutoMmapThreshold) {
    capacity_ += ArenaRoom(static_cast<std::size_t>(listed_size) + kReadPadding);
  }
}

char* ReadArena::Take(std::size_t bytes) {
  const std::size_t room = ArenaRoom(bytes);
  if (capacity_ - used_ < room) return nullptr;
  if (buffer_ == nullptr) {
    // Over-allocated by one alignment step, to start at a cache line.
    buffer_ = std::make_shared_for_overwrite<char[]>(capacity_ + kArenaAlignment);
  }
  const auto base = reinterpret_cast<std::uintptr_t>(buffer_.get());
  char* const aligned = buffer_.get() + (ArenaRoom(base) - base);
  char* const out = aligned + used_;
  used_ += room;
  return out;
}

FileData FileData::FromString(std::string_view bytes) {
  FileData f;
  f.buffer_ = std::make_unique<char[]>(bytes.size() + kReadPadding);  // value-initialised: zero padding
  std::memcpy(f.buffer_.get(), bytes.data(), bytes.size());
  f.data_ = f.buffer_.get();
  f.size_ = bytes.size();
  return f;
}

FileData FileData::FromBuffer(std::unique_ptr<char[]> buffer, std::size_t size) {
  FileData f;
  std::memset(buffer.get() + size, 0, kReadPadding);
  f.buffer_ = std::move(buffer);
  f.data_ = f.buffer_.get();
  f.size_ = size;
  return f;
}

FileData FileData::Adopt(std::string text) {
  FileData f;
  f.size_ = text.size();
  text.append(kReadPadding, '\0');
  f.adopted_ = std::move(text);
  f.data_ = f.adopted_.data();
  return f;
}

absl::StatusOr<FileData> FileData::ReadStream(int fd) {
  std::vector<char> acc;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "<stdin>", "read");
    }
    acc.insert(acc.end(), chunk, chunk + n);
  }
  return FromString(std::string_view(acc.data(), acc.size()));
}

absl::StatusOr<FileData> FileData::Open(const std::string& path, ReadMode mode) {
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus(errno, path, "open");
  return Read(fd.get(), path, mode);
}

absl::StatusOr<FileData> FileData::OpenListed(const std::string& path, std::uint64_t listed_size, ReadMode mode,
                                              FileOpener* opener, ReadArena* arena) {
  Fd fd(opener->Open(path));
  if (fd.get() < 0) return ErrnoStatus(errno, path, "open");
  const bool small = mode == ReadMode::kRead || (mode == ReadMode::kAuto && listed_size < kAutoMmapThreshold);
  if (!small || listed_size == 0) return Read(fd.get(), path, mode);
  // No stat: one read of the size the walk saw, which it returns whole for a
  // file still that size. Bytes appended since the walk are left for later
  // runs; a file that shrank ends where it ends now.
  const auto size = static_cast<std::size_t>(listed_size);
  FileData f;
  char* room = arena != nullptr ? arena->Take(size + kReadPadding) : nullptr;
  if (room != nullptr) {
    f.arena_ = arena->buffer_;
  } else {
    f.buffer_ = std::make_unique_for_overwrite<char[]>(size + kReadPadding);
    room = f.buffer_.get();
  }
  std::size_t got = 0;
  if (!ReadAll(fd.get(), room, size, &got)) return ErrnoStatus(errno, path, "read");
  std::memset(room + got, 0, size + kReadPadding - got);  // the padding, and what a shrunk file no longer has
  f.data_ = room;
  f.size_ = got;
  return f;
}

absl::StatusOr<FileData> FileData::Read(int fd, const std::string& path, ReadMode mode) {
  struct stat st;
  if (fstat(fd, &st) != 0) return ErrnoStatus(errno, path, "stat");
  if (S_ISDIR(st.st_mode)) return ErrnoStatus(EISDIR, path, "open");
  if (!S_ISREG(st.st_mode)) return ReadStream(fd);  // pipes, character devices

  const auto size = static_cast<std::size_t>(st.st_size);
  FileData f;
  if (size == 0) return f;
  const bool map = mode == ReadMode::kMmap || (mode == ReadMode::kAuto && size >= kAutoMmapThreshold);
  if (!map) {
    f.buffer_ = std::make_unique_for_overwrite<char[]>(size + kReadPadding);
    std::size_t got = 0;
    if (!ReadAll(fd, f.buffer_.get(), size, &got)) return ErrnoStatus(errno, path, "read");
    std::memset(f.buffer_.get() + got, 0, size + kReadPadding - got);  // shrank meanwhile: keep what was read
    f.data_ = f.buffer_.get();
    f.size_ = got;
    return f;
  }
  // Reserve the file's pages plus the padding as zero-filled anonymous memory,
  // then map the file over the front of the reservation. The bytes after EOF
  // are zeros: the kernel zero-fills the file's last partial page, and any
  // whole page beyond it is still the anonymous reservation.
  const std::size_t total = (size + kReadPadding + PageSize() - 1) / PageSize() * PageSize();
  void* reserve = mmap(nullptr, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (reserve == MAP_FAILED) return ErrnoStatus(errno, path, "mmap reserve");
  // SAFETY: MAP_FIXED replaces pages of `reserve`, which this function owns.
  void* file = mmap(reserve, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
  if (file == MAP_FAILED) {
    const int err = errno;
    munmap(reserve, total);
    return ErrnoStatus(err, path, "mmap");
  }
  f.guard_slot_ = RegisterMapping(reserve, total);
  if (f.guard_slot_ < 0) {  // too many mappings alive to guard one more: read this file instead
    munmap(reserve, total);
    return Open(path, ReadMode::kRead);
  }
  madvise(file, size, MADV_SEQUENTIAL);
  f.data_ = static_cast<const char*>(file);
  f.size_ = size;
  f.mapping_size_ = total;
  return f;
}

FileData::FileData(FileData&& other) noexcept { *this = std::move(other); }

FileData& FileData::operator=(FileData&& other) noexcept {
  if (this != &other) {
    Reset();
    data_ = std::exchange(other.data_, "");
    size_ = std::exchange(other.size_, 0);
    mapping_size_ = std::exchange(other.mapping_size_, 0);
    guard_slot_ = std::exchange(other.guard_slot_, -1);
    buffer_ = std::move(other.buffer_);
    arena_ = std::move(other.arena_);
    // A string longer than its inline buffer keeps its heap bytes when moved
    // (the padding makes every adopted text that long); take the address
    // from the string anyway rather than rely on it.
    if (!other.adopted_.empty()) {
      adopted_ = std::move(other.adopted_);
      data_ = adopted_.data();
    }
  }
  return *this;
}

FileData::~FileData() { Reset(); }

void FileData::Reset() {
  UnregisterMapping(guard_slot_);  // before munmap: the range may be reused at once
  guard_slot_ = -1;
  if (mapping_size_ != 0) munmap(const_cast<char*>(data_), mapping_size_);
  buffer_.reset();
  arena_.reset();
  adopted_ = std::string();
  data_ = "";
  size_ = 0;
  mapping_size_ = 0;
}

std::uint64_t FileData::lost_from() const {
  const std::uint64_t offset = FaultOffset(guard_slot_);
  return offset == kNoFault ? kNoLoss : offset;
}

void FileData::Release(std::size_t begin, std::size_t end) const {
  if (mapping_size_ == 0) return;
  // Only whole pages inside [begin, end) may be dropped: neighbours may still be read.
  const std::size_t page = PageSize();
  const std::size_t first = (begin + page - 1) / page * page;
  const std::size_t last = end / page * page;
  if (last > first) madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

}  // namespace imr::io
