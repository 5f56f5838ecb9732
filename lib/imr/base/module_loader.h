// File: imr/base/module_loader.h
//
// Plug-in modules that imr loads only when a run needs them (the PDF
// converter, the MPI transport): linking their libraries into imr would make
// every start pay for loading and relocating them. A module sits beside the
// executable that loads it; it is never unloaded, since conversions or exit
// handlers may run in it until the process ends.
//
// Example:
//   absl::StatusOr<void*> f = LoadModuleSymbol({ExecutableDir() + "/libimr_pdf.so"}, "imr_pdf_convert_v1");
//
// Thread-safety: both functions may be called concurrently (dlopen locks).
#pragma once

#include <span>
#include <string>

#include "absl/status/statusor.h"

namespace imr {

// The folder of the running executable ("." when /proc/self/exe cannot be read).
std::string ExecutableDir();

// Loads the first of `paths` that loads (RTLD_NOW, plus `extra_flags`, e.g.
// RTLD_GLOBAL) and returns the address of `symbol` in it.
// Errors: Unavailable, with what dlopen or dlsym said for each path tried.
absl::StatusOr<void*> LoadModuleSymbol(std::span<const std::string> paths, const char* symbol, int extra_flags = 0);

}  // namespace imr
