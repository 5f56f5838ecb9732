// File: imr/report/svg_chart.h
//
// Charts as inline SVG for the HTML report, drawn from numbers the caller
// took off the statistics: horizontal bars (one row per category, optional
// 95% whiskers and a direct label beside each bar), columns (one per
// quarter or year) and lines with point markers (days by quarter).
//
// Every chart is accessible and survives printing: the <svg> is role="img"
// with a <title> and a <desc>; series differ by colour (Okabe and Ito's
// colour-blind-safe palette), by pattern (the second bar series is hatched)
// and for lines by dash and marker shape, and values are labelled directly,
// so nothing depends on telling colours apart. Each data mark (bar, point)
// has class="mark" and a <title> with its category and value, which the
// browser test counts. A chart with no categories draws "No data" and has
// the attribute data-empty.
//
// Example:
//   ChartSpec c;
//   c.id = "chart-by-category";
//   c.title = "Uphold rate by category";
//   c.scale = Scale::kShare;
//   c.categories = {"pharmaceuticals", "imaging"};
//   Series& rate = c.series.emplace_back();
//   rate.values = {0.9, 0.8};
//   rate.whiskers = {WilsonInterval(180, 200), WilsonInterval(8, 10)};
//   std::string svg = HorizontalBarChart(c);
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "imr/report/wilson.h"

namespace imr::report {

enum class Scale {
  kCount,  // 0 to the largest value (or ChartSpec::max), ticks as numbers
  kShare,  // 0 to 1, ticks as percentages
  kDays,   // as kCount, ticks as numbers of days
};

struct Series {
  std::string name;            // legend, and the direct label at a line's end
  std::vector<double> values;  // one per category; NaN: no value (a gap in a line)
  // One per category when given: the 95% interval drawn as a whisker.
  std::vector<std::optional<Interval>> whiskers;
  // One per category when given: the text beside a bar or over a column.
  std::vector<std::string> labels;
};

struct ChartSpec {
  std::string id;           // unique in the page: prefixes the SVG's element ids
  std::string title;        // the SVG's <title>
  std::string description;  // the SVG's <desc>: what is drawn, for screen readers
  std::string value_axis;   // the title of the value axis ("letters", "uphold rate")
  Scale scale = Scale::kCount;
  std::vector<std::string> categories;
  std::vector<Series> series;  // bars and columns: 1 or 2; lines: up to 4
};

std::string HorizontalBarChart(const ChartSpec& chart);
std::string ColumnChart(const ChartSpec& chart);
std::string LineChart(const ChartSpec& chart);

// Round tick values from 0 to at least `max` (about five of them: steps of
// 1, 2 or 5 times a power of ten; whole numbers for counts).
std::vector<double> Ticks(double max, Scale scale);

}  // namespace imr::report
