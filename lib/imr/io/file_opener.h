// File: imr/io/file_opener.h
//
// Opens files by path, resolving each from the folder of the file opened
// before it when the folder is the same. A corpus lists a folder's files one
// after another, so the kernel then looks up one name per file instead of
// every folder on the way (on a folder of 50,000 letters, 000/001/NNN.txt
// under two more folders, that lookup was about 7% of a run's time).
//
// Example:
//   FileOpener opener;
//   const int fd = opener.Open("corpus/000/001/000001000.txt");  // opens corpus/000/001/
//   const int gd = opener.Open("corpus/000/001/000001001.txt");  // one lookup
//
// A folder that is renamed or replaced while its files are being opened is
// still read through the one held, as if it had changed after the run read
// it. Errors are open(2)'s for the path: when the folder cannot be held, the
// path is opened whole, so a missing folder reports as it always did.
//
// Thread-safety: none; one opener per thread (the splitter keeps one per
// slot). Move-only: it owns the descriptor of the folder it holds.
#pragma once

#include <string>

namespace imr::io {

class FileOpener {
 public:
  FileOpener() = default;
  FileOpener(FileOpener&& other) noexcept;
  FileOpener& operator=(FileOpener&& other) noexcept;
  FileOpener(const FileOpener&) = delete;
  FileOpener& operator=(const FileOpener&) = delete;
  ~FileOpener();

  // open(path, O_RDONLY | O_CLOEXEC): a descriptor the caller closes, or -1
  // with errno set.
  int Open(const std::string& path);

 private:
  void Close();

  std::string folder_;  // the folder held, with its trailing '/'
  int folder_fd_ = -1;
};

}  // namespace imr::io
