// File: imr/store/record_reader.h
//
// Prints the records of every file in a store (`imr extract --db FILE
// --no-text` without PATHs) byte for byte as `imr extract --no-text` prints
// them over the same files, JSON Lines or CSV: files in the order a walk of
// their folder lists them (names sorted at every level, record_tables.h's
// keys compared with '/' first), letters in file order. The JSON is written
// by walking the record's field tables (output/record_fields.h), each value
// read from the store column the store named after it, so a field added to
// the record is read back without a change here; a field without a column
// is an Internal error, not a record without it.
//
// The store keeps rationale and guideline text as spans of the source
// files, not as text: only records without text (RecordOptions::include_text
// false) can be printed from it.
//
// Example:
//   UpdateOptions o;
//   o.read = [&](Database& db) { return WriteStoredRecords(db, {.include_text = false}, stdout); };
//   absl::StatusOr<stats::Stats> total = UpdateStore("archive.sqlite", {}, o, stderr);
#pragma once

#include <cstdio>

#include "absl/status/status.h"
#include "imr/output/letter_json.h"
#include "imr/store/sqlite.h"

namespace imr::store {

// Writes the records of every file of `db` to `out` (a CSV also gets its
// header). Errors: InvalidArgument (include_text); Internal (a field of the
// record without a column in the store); as Statement::Step (I/O, damage).
absl::Status WriteStoredRecords(Database& db, const output::RecordOptions& options, std::FILE* out);

// Whether path `a` comes before `b` in a walk's order: compared byte by
// byte with '/' before every other byte, which is comparing their names
// folder level by folder level.
bool WalkOrder(std::string_view a, std::string_view b);

}  // namespace imr::store
