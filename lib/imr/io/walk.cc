#include "imr/io/walk.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace imr::io {
namespace {

absl::Status PathError(int err, const std::string& path) {
  const std::string msg = absl::StrCat(path, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(msg);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(msg);
    case ELOOP:
      return absl::FailedPreconditionError(absl::StrCat(path, ": too many levels of symbolic links"));
    default:
      return absl::DataLossError(msg);
  }
}

std::int64_t MtimeNs(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

class Walker {
 public:
  explicit Walker(WalkResult* out) : out_(out) {}

  void Visit(std::string path) {
    if (path == kStdinPath) {
      out_->files.push_back({std::move(path), 0, 0, true});
      return;
    }
    struct stat st;
    const int err = stat(path.c_str(), &st) == 0 ? 0 : errno;
    Add(std::move(path), st, err);
  }

 private:
  // Lists `path`, whose stat gave `st` or failed with `err`.
  void Add(std::string path, const struct stat& st, int err) {
    if (err != 0) {
      out_->errors.push_back(PathError(err, path));
      return;
    }
    if (!seen_.insert({st.st_dev, st.st_ino}).second) {
      out_->duplicates.push_back(std::move(path));
      return;
    }
    if (S_ISREG(st.st_mode)) {
      out_->files.push_back({std::move(path), static_cast<std::uint64_t>(st.st_size), MtimeNs(st)});
    } else if (S_ISDIR(st.st_mode)) {
      VisitDirectory(path);
    } else if (S_ISFIFO(st.st_mode)) {  // not character devices: /dev/zero never ends
      out_->files.push_back({std::move(path), 0, MtimeNs(st), true});
    } else {
      out_->errors.push_back(
          absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file, pipe or directory")));
    }
  }

  // Lists the entries of `dir` in name order. They are stat'ed relative to
  // the open directory (which spares the kernel the lookup of the whole
  // path), all before any is listed, so that only one directory is open at
  // a time however deep the tree.
  void VisitDirectory(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
      out_->errors.push_back(PathError(errno, dir));
      return;
    }
    // The names, end to end in one buffer, sorted as views of it: no string
    // of its own per entry.
    std::string buffer;
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset, length in buffer
    while (const dirent* e = readdir(d)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      const std::size_t length = std::strlen(e->d_name);
      spans.emplace_back(buffer.size(), length);
      buffer.append(e->d_name, length + 1);  // with its NUL, for fstatat
    }
    std::vector<std::string_view> names;
    names.reserve(spans.size());
    for (const auto& [offset, length] : spans) names.emplace_back(buffer.data() + offset, length);
    std::sort(names.begin(), names.end());
    struct Entry {
      struct stat st;
      int err;
    };
    std::vector<Entry> entries(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      entries[i].err = fstatat(dirfd(d), names[i].data(), &entries[i].st, 0) == 0 ? 0 : errno;
    }
    closedir(d);
    const bool slash = !dir.empty() && dir.back() != '/';
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::string path;
      path.reserve(dir.size() + 1 + names[i].size());
      path.append(dir);
      if (slash) path.push_back('/');
      path.append(names[i]);
      Add(std::move(path), entries[i].st, entries[i].err);
    }
  }

  WalkResult* out_;
  absl::flat_hash_set<std::pair<dev_t, ino_t>> seen_;
};

}  // namespace

WalkResult ExpandPaths(std::span<const std::string> paths) {
  WalkResult result;
  Walker walker(&result);
  for (const std::string& p : paths) walker.Visit(p);
  return result;
}

}  // namespace imr::io
