// File: imr/split/jsonl_reader.h
//
// Reads one JSON Lines record in place: the line is read where it lies (a
// mapped or read file with io::kReadPadding zero bytes after its end), and
// only the letter's unescaped text and id are copied, into the batch's
// arena. The common record (an object of strings and plain numbers) is read
// in one pass that indexes the text as it unescapes it (ReadIndexed); any
// other line, and every error, is read with simdjson's On-Demand API (Read).
//
// Example:
//   JsonlReader reader("text");
//   std::string_view text, id;
//   std::size_t line_size;
//   if (!reader.ReadIndexed(rest, 16 * 1024, &batch.arena, &batch.index, &text, &id, &line_size)) {
//     absl::Status s = reader.Read(line, capacity, &batch.arena, &text, &id);
//   }
//
// Thread-safety: one reader per thread (it owns a simdjson parser).
// Lifetime: `text` and `id` live as long as the arena.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "imr/base/text_index.h"
#include "imr/split/batch.h"
#include "simdjson.h"

namespace imr::split {

class JsonlReader {
 public:
  explicit JsonlReader(std::string text_field) : text_field_(std::move(text_field)) {}

  // `line` excludes its '\n'; `capacity` counts the readable bytes from
  // line.data() (at least line.size() + io::kReadPadding).
  // Errors: DataLoss (not a JSON object, or the text field is not a string),
  // NotFound (no text field). An "id" may be a string or a number.
  absl::Status Read(std::string_view line, std::size_t capacity, TextArena* arena, std::string_view* text,
                    std::string_view* id);

  // Reads the record at the start of `rest` (its line, then whatever
  // follows it) as Read reads that line, when the line is an object whose
  // values are strings, plain numbers, true, false or null, its keys
  // without escapes, and its text fits the room the arena gives for at
  // least `min_room` bytes (TextArena::Room); *line_size is set to the
  // line's size, its '\n' excluded. Appends the positions of the text to
  // `index` (offsets into the text, as TextIndex::Add(text, 0) would).
  // `rest` is readable for kDecodeSlack bytes past its end. Returns false,
  // with `index` as it was, for any other line (Read then reads it, or says
  // what is wrong with it); where it returns true, Read would have given
  // the same text and id.
  bool ReadIndexed(std::string_view rest, std::size_t min_room, TextArena* arena, TextIndex* index,
                   std::string_view* text, std::string_view* id, std::size_t* line_size);

 private:
  simdjson::ondemand::parser parser_;
  std::string text_field_;
};

}  // namespace imr::split
