// File: fuzz/fuzz_util.h
//
// Shared by the libFuzzer targets: a check that aborts (so libFuzzer records
// the input as a crash) when a property the target asserts does not hold.
#pragma once

#include <cstdio>
#include <cstdlib>

// FUZZ_CHECK(cond): abort with the condition's text when it is false.
#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)
