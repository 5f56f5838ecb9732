// File: imr/gen/rng.h
//
// The generator's random numbers: SplitMix64, and helpers that turn its
// output into choices with integer arithmetic only, so that a seed gives the
// same letters on every platform and standard library (std:: distributions
// are implementation-defined, std::random_device is not reproducible).
//
// Example:
//   Rng rng = Rng::ForLetter(seed, index);   // independent stream per letter
//   int items = 1 + rng.Below(21);
#pragma once

#include <cstdint>

namespace imr::gen {

class Rng {
 public:
  explicit Rng(std::uint64_t state) : state_(state) {}
  // The stream of letter `index` under `seed`: depends on nothing else, so
  // letters can be generated in any order, on any number of threads.
  static Rng ForLetter(std::uint64_t seed, std::uint64_t index) {
    return Rng(Mix(seed ^ Mix(index + 0x9E3779B97F4A7C15ULL)));
  }

  std::uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Mix(state_);
  }
  // Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here).
  std::uint32_t Below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((Next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  int Range(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<std::uint32_t>(hi - lo + 1))); }
  // True with probability `per_mille` / 1000.
  bool PerMille(int per_mille) { return Below(1000) < static_cast<std::uint32_t>(per_mille); }
  // True with probability p (p given to 1e-6; computed in integers).
  bool Chance(double p) { return Below(1000000) < static_cast<std::uint32_t>(p * 1000000.0 + 0.5); }
  template <typename C>
  const auto& Pick(const C& c) {
    return c[Below(static_cast<std::uint32_t>(c.size()))];
  }

  static std::uint64_t Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

}  // namespace imr::gen
