// File: imr/report/wilson.h
//
// The Wilson score interval of a proportion: the 95% interval the HTML
// report draws as whiskers around each rate. Unlike the normal ("Wald")
// interval it stays inside [0, 1] and does not collapse to a point at 0 of
// n or n of n, so a rate over 3 items is drawn as wide as it is uncertain.
//
// Example:
//   Interval i = WilsonInterval(81, 263);  // {0.2553, 0.3662}
#pragma once

#include <cstdint>

namespace imr::report {

struct Interval {
  double low = 0;
  double high = 1;
};

// The two-sided 95% interval (z = 1.95996...) of `successes` out of
// `trials`. No trials: {0, 1}, nothing known. successes <= trials.
Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials);

}  // namespace imr::report
