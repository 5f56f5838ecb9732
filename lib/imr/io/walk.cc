#include "imr/io/walk.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

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

class Walker {
 public:
  explicit Walker(WalkResult* out) : out_(out) {}

  void Visit(const std::string& path) {
    if (path == kStdinPath) {
      out_->files.push_back({path, 0, true});
      return;
    }
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      out_->errors.push_back(PathError(errno, path));
      return;
    }
    if (!seen_.insert({st.st_dev, st.st_ino}).second) {
      out_->duplicates.push_back(path);
      return;
    }
    if (S_ISREG(st.st_mode)) {
      out_->files.push_back({path, static_cast<std::uint64_t>(st.st_size)});
    } else if (S_ISDIR(st.st_mode)) {
      VisitDirectory(path);
    } else if (S_ISFIFO(st.st_mode)) {  // not character devices: /dev/zero never ends
      out_->files.push_back({path, 0, true});
    } else {
      out_->errors.push_back(
          absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file, pipe or directory")));
    }
  }

 private:
  void VisitDirectory(const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
      out_->errors.push_back(PathError(errno, dir));
      return;
    }
    std::vector<std::string> names;
    while (const dirent* e = readdir(d)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      names.emplace_back(e->d_name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
    for (const std::string& name : names) Visit(prefix + name);
  }

  WalkResult* out_;
  std::set<std::pair<dev_t, ino_t>> seen_;
};

}  // namespace

WalkResult ExpandPaths(std::span<const std::string> paths) {
  WalkResult result;
  Walker walker(&result);
  for (const std::string& p : paths) walker.Visit(p);
  return result;
}

}  // namespace imr::io
