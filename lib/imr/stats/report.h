// File: imr/stats/report.h
//
// Renders Stats as the tables analysts publish: Markdown (for people) or
// JSON (for programs). Both are pure functions of the Stats, so equal Stats
// give byte-identical reports, and a report of merged partials equals the
// report of one run over the whole corpus. Every rate is given with its
// numerator and denominator ("87.5% (70/80)" in Markdown; counts beside each
// rate in JSON) so that small groups are not over-read.
//
// Row order: tables of years, quarters, age bands and counts are in key
// order ("unknown" last); the other tables by decreasing count, then key.
// Long tables (reviewer specialties, MTUS topics) show their first
// kMarkdownRows (tables.h) rows in Markdown and all of them in JSON; unclassified titles
// show the top kTopUnclassified in both (partials hold them all).
//
// Example:
//   std::string md = FormatStatsMarkdown(stats);
//   std::string json = FormatStatsJson(stats);  // one object, then '\n'
#pragma once

#include <cstddef>
#include <string>

#include "imr/stats/stats.h"

namespace imr::stats {

inline constexpr std::size_t kTopUnclassified = 20;

std::string FormatStatsMarkdown(const Stats& s);
std::string FormatStatsJson(const Stats& s);

}  // namespace imr::stats
