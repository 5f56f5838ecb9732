// File: imr/report/html_report.h
//
// The statistics as one self-contained HTML page for people: charts drawn
// as inline SVG (svg_chart.h), each followed by a caption saying what is
// counted and the table of its numbers, counts beside every rate and 95%
// Wilson intervals around the rates of outcomes. The page fetches nothing
// (no script, font, style sheet or image; the CSS is inline, with a print
// style sheet), so it opens offline and can be mailed around.
//
// The numbers come from the same Stats and the same row order (stats/rows.h)
// as FormatStatsJson: every number cell and every counted figure in the
// text carries data-json, the path of the value it shows in
// `imr stats --format json` (a JSON array of member names and, for arrays,
// objects such as {"key": "opioids"} naming the element), which
// tests/report/html_numbers.py checks. Wilson intervals are the only
// numbers computed here, from the counts beside them.
//
// Example:
//   std::string page = FormatStatsHtml(stats);
#pragma once

#include <string>

#include "imr/stats/stats.h"

namespace imr::report {

std::string FormatStatsHtml(const stats::Stats& s);

}  // namespace imr::report
