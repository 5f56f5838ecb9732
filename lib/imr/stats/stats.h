// File: imr/stats/stats.h
//
// Corpus statistics as a commutative monoid: Add() one letter at a time on a
// per-thread instance, Merge() the instances once at the end. Merge is
// associative and commutative, so totals do not depend on thread count or
// scheduling. The accounting fields say what happened to every byte read.
//
// Example:
//   Stats total;
//   for (const Stats& s : per_thread) total.Merge(s);
//   std::cout << FormatStatsText(total);
#pragma once

#include <cstdint>
#include <string>

#include "imr/extract/letter.h"

namespace imr::stats {

// What happened to the input: every byte and record is accounted for.
struct Accounting {
  std::uint64_t files = 0;              // sources read to the end
  std::uint64_t files_failed = 0;       // sources that could not be opened or read
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_skipped = 0;      // non-blank bytes outside every letter
  std::uint64_t bytes_blank = 0;        // whitespace outside every letter
  std::uint64_t skipped_ranges = 0;
  std::uint64_t records_failed = 0;     // JSON Lines records that could not be read
  std::uint64_t letters_truncated = 0;  // letters cut at the maximum letter size

  void Merge(const Accounting& o);
};

struct Stats {
  std::uint64_t letters = 0;
  std::uint64_t letters_with_warnings = 0;  // rejected ones included
  std::uint64_t letters_rejected = 0;       // layout unknown or unsupported: no items read
  std::uint64_t items = 0;
  std::uint64_t upheld = 0;
  std::uint64_t overturned = 0;
  std::uint64_t warnings_by_code[static_cast<int>(extract::WarningCode::kCount)] = {};
  Accounting accounting;

  void AddLetter(const extract::Letter& letter);
  void Merge(const Stats& o);
};

std::string FormatStatsText(const Stats& s);
std::string FormatStatsJson(const Stats& s);

}  // namespace imr::stats
