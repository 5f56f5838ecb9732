// File: imr/base/json_writer.h
//
// A small streaming JSON writer (simdjson 3.0.1 has none). It appends to a
// caller-owned std::string, inserts commas itself, escapes strings per RFC
// 8259 and always emits valid UTF-8: each byte of an invalid or truncated
// UTF-8 sequence becomes U+FFFD, so corrupt input never yields corrupt output.
//
// Example:
//   std::string out;
//   JsonWriter w(&out);
//   w.BeginObject();
//   w.Key("case_number"); w.String("CM16-0219557");
//   w.Key("items"); w.BeginArray(); w.Int(3); w.EndArray();
//   w.EndObject();   // {"case_number":"CM16-0219557","items":[3]}
//
// Thread-safety: none; one writer per output string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imr {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(std::int64_t v);
  void Double(double v);  // finite values only; shortest round-trip form
  void Bool(bool v);
  void Null();

  // Splices an already-serialised JSON value.
  void Raw(std::string_view json);

 private:
  void Open(char c);
  void Close(char c);
  void Separate();

  std::string* out_;
  // One bit per nesting level (up to 64): does the level already hold a value?
  std::uint64_t has_value_ = 0;
  int depth_ = 0;
  bool after_key_ = false;
};

// Appends `s` as a quoted, escaped JSON string (see JsonWriter).
void AppendJsonString(std::string_view s, std::string* out);
// The most bytes a JSON string of `n` input bytes can take: every byte may
// become a six-byte \u00XX escape, and the two quotes.
constexpr std::size_t MaxJsonStringSize(std::size_t n) { return 6 * n + 2; }
// Writes what AppendJsonString appends at `out`, which must have room for
// MaxJsonStringSize(s.size()) bytes, and returns the end of what it wrote.
// For writers that reserve once and write through a pointer.
char* WriteJsonString(std::string_view s, char* out);
// The first position at or after `i` whose byte JSON escapes or that is not
// ASCII (where WriteJsonString stops copying), or s.size(). 16 bytes a step.
std::size_t NextAttention(std::string_view s, std::size_t i);
// Appends `s` with invalid UTF-8 replaced by U+FFFD and nothing else changed.
void AppendValidUtf8(std::string_view s, std::string* out);
// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
int Utf8SequenceLength(std::string_view s, std::size_t i);

}  // namespace imr
