// File: imr/split/json_string.h
//
// Decodes the body of a JSON string (the bytes after its opening quote) and
// indexes the decoded text in the same pass: the line ends, form feeds and
// colons that TextIndex::Add would record, found as the bytes are written.
// A letter's line ends are `\n` escapes in JSON, which the decoder has to
// stop at anyway, so a JSON Lines letter is read once, not three times
// (simdjson's structural pass, its unescaping, then the index).
//
// It decodes only what simdjson is sure to read the same way and refuses
// the rest, for the caller to read with simdjson (which then says what it
// means, or which error it is): a raw control byte (below 0x20), an escape
// other than \" \\ \/ \b \f \n \r \t and a \u of four hex digits outside the
// surrogates, or no closing quote before `end`. Bytes from 0x80 up are
// copied as they are and reported, for the caller to check as UTF-8.
//
// Example:
//   DecodedString s;
//   char* out = arena.Room(line.size() + kDecodeSlack);
//   if (DecodeJsonString(body, line_end, out, &index, &s)) text = arena.Keep(s.written);
#pragma once

#include <cstddef>

#include "imr/base/text_index.h"

namespace imr::split {

// Bytes the decoder may write past the decoded text (whole-vector stores),
// and read past `end`.
inline constexpr std::size_t kDecodeSlack = 32;

struct DecodedString {
  std::size_t read = 0;     // bytes of the body, its closing quote included
  std::size_t written = 0;  // bytes of the decoded text
  bool non_ascii = false;   // the body has bytes from 0x80 up
};

// Decodes body[0, end - body) up to its closing quote into `out`, which has
// room for end - body + kDecodeSlack bytes; `body` is readable up to
// kDecodeSlack bytes past `end`, and end - body is under 4 GiB. The text's
// positions (offsets into `out`) are appended to `index`. Returns false,
// with `out` and the positions appended meaningless, where it refuses (see
// above).
bool DecodeJsonString(const char* body, const char* end, char* out, TextIndex* index, DecodedString* decoded);

// The same, a byte at a time: what DecodeJsonString runs without AVX2.
bool DecodeJsonStringScalar(const char* body, const char* end, char* out, TextIndex* index, DecodedString* decoded);

}  // namespace imr::split
