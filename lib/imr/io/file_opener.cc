#include "imr/io/file_opener.h"

#include <fcntl.h>
#include <unistd.h>

#include <string_view>
#include <utility>

namespace imr::io {

FileOpener::FileOpener(FileOpener&& other) noexcept { *this = std::move(other); }

FileOpener& FileOpener::operator=(FileOpener&& other) noexcept {
  if (this != &other) {
    Close();
    folder_ = std::move(other.folder_);
    folder_fd_ = std::exchange(other.folder_fd_, -1);
  }
  return *this;
}

FileOpener::~FileOpener() { Close(); }

void FileOpener::Close() {
  if (folder_fd_ >= 0) close(folder_fd_);
  folder_fd_ = -1;
  folder_.clear();
}

int FileOpener::Open(const std::string& path) {
  constexpr int kFlags = O_RDONLY | O_CLOEXEC;
  const std::size_t slash = path.rfind('/');
  // A name without a folder, or one that ends in '/', is opened as given.
  if (slash == std::string::npos || slash + 1 == path.size()) return open(path.c_str(), kFlags);
  const std::string_view folder(path.data(), slash + 1);
  if (folder_fd_ < 0 || folder != folder_) {
    Close();
    const int fd = open(std::string(folder).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return open(path.c_str(), kFlags);
    folder_fd_ = fd;
    folder_ = folder;
  }
  return openat(folder_fd_, path.c_str() + slash + 1, kFlags);
}

}  // namespace imr::io
