#include "imr/report/wilson.h"

#include <algorithm>
#include <cmath>

namespace imr::report {

Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials) {
  if (trials == 0) return {};
  constexpr double kZ = 1.959963984540054;  // the 97.5th percentile of the standard normal
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = kZ * kZ;
  const double denominator = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denominator;
  const double half = kZ / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // Rounding may leave the ends a hair outside [0, 1] at 0 of n or n of n.
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

}  // namespace imr::report
