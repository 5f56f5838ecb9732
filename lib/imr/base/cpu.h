// File: imr/base/cpu.h
//
// What the running processor offers, for kernels chosen at run time:
// Debian builds for the x86-64 baseline (SSE2), so AVX2 loops are compiled
// with a target attribute and taken only where the processor has AVX2.
#pragma once

namespace imr {

// True on an x86 processor with AVX2; asked once, then remembered.
inline bool HasAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool kHas = __builtin_cpu_supports("avx2");
  return kHas;
#else
  return false;
#endif
}

}  // namespace imr
