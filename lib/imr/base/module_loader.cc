#include "imr/base/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace imr {

std::string ExecutableDir() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (n <= 0) return ".";
  const std::string exe(path, static_cast<std::size_t>(n));
  return exe.substr(0, exe.rfind('/'));
}

absl::StatusOr<void*> LoadModuleSymbol(std::span<const std::string> paths, const char* symbol, int extra_flags) {
  std::string errors;
  for (const std::string& path : paths) {
    if (path.empty()) continue;
    if (!errors.empty()) errors += "; ";
    void* module = dlopen(path.c_str(), RTLD_NOW | extra_flags);
    if (module == nullptr) {
      errors += dlerror();
      continue;
    }
    if (void* address = dlsym(module, symbol); address != nullptr) return address;
    absl::StrAppend(&errors, path, ": no ", symbol);
  }
  return absl::UnavailableError(errors.empty() ? "no module to load" : errors);
}

}  // namespace imr
