// File: imr/output/json_cursor.h
//
// Appends JSON to a std::string through a raw pointer. Each value asks for
// room for its largest form once (Reserve), then writes without the
// per-append capacity checks of std::string; keys are fixed-size constants
// (JsonKey) copied whole. The string is grown in steps and trimmed to what
// was written when the cursor goes, so a record is written in place, with no
// copy.
//
// Example:
//   std::string out;
//   {
//     JsonCursor cursor(&out);
//     cursor.Open('{');
//     cursor.Key(JsonKey("age"), /*first=*/true);
//     cursor.Int(47);
//     cursor.Close('}');
//   }   // out == R"({"age":47})"
//
// Thread-safety: none; one cursor per string, and nothing else may touch the
// string while the cursor lives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "imr/base/json_writer.h"
#include "imr/extract/letter.h"

namespace imr::output {

// A field's name and its JSON key `,"name":`, built at compile time and
// padded to a fixed size so that writing a key is one fixed-size copy.
class JsonKey {
 public:
  static constexpr std::size_t kBytes = 48;

  // Implicit, so that tables can say .name = "title". A name too long for
  // the padding does not compile (std::abort is not constexpr).
  constexpr JsonKey(const char* name) {  // NOLINT(google-explicit-constructor)
    std::size_t n = 0;
    while (name[n] != '\0') ++n;
    if (n + 4 > kBytes) std::abort();
    bytes_[0] = ',';
    bytes_[1] = '"';
    for (std::size_t i = 0; i < n; ++i) bytes_[2 + i] = name[i];
    bytes_[2 + n] = '"';
    bytes_[3 + n] = ':';
    size_ = static_cast<std::uint8_t>(n + 4);
  }

  std::string_view name() const { return {bytes_ + 2, size_ - 4u}; }
  // `,"name":` (after another field) or `"name":` (first in its object).
  const char* bytes() const { return bytes_; }
  std::size_t size() const { return size_; }

 private:
  char bytes_[kBytes] = {};
  std::uint8_t size_ = 0;
};

class JsonCursor {
 public:
  explicit JsonCursor(std::string* out) : out_(out), p_(out->data() + out->size()), end_(p_) {}
  ~JsonCursor() { out_->resize(static_cast<std::size_t>(p_ - out_->data())); }
  JsonCursor(const JsonCursor&) = delete;
  JsonCursor& operator=(const JsonCursor&) = delete;

  // Guarantees room for `n` more bytes.
  void Reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) Grow(n);
  }

  void Open(char c) { Put(c); }
  void Close(char c) { Put(c); }
  void Comma() { Put(','); }
  void EndLine() { Put('\n'); }
  // The key of a field; `first` leaves out the comma.
  void Key(const JsonKey& key, bool first) {
    Reserve(JsonKey::kBytes);
    std::memcpy(p_, key.bytes() + first, JsonKey::kBytes - 1);
    p_ += key.size() - first;
  }
  void String(std::string_view s) {
    Reserve(MaxJsonStringSize(s.size()));
    p_ = WriteJsonString(s, p_);
  }
  // A span of letter text, whitespace-normalised (imr::AppendNormalized),
  // as a JSON string.
  void Text(std::string_view raw);
  void Int(std::int64_t v);
  // Five bytes copied either way (a copy of constant size, no call); "true"
  // then leaves its terminating NUL past the end, in room already made.
  void Bool(bool v) {
    Reserve(5);
    std::memcpy(p_, v ? "true" : "false", 5);
    p_ += v ? 4 : 5;
  }
  void Null() { Literal("null"); }
  // A present date as "YYYY-MM-DD" (what extract::IsoDate gives).
  void Date(const extract::Date& d);

  // Where the next byte goes, as an offset (the string moves when it
  // grows); Rewind(mark) drops what was written since.
  std::size_t mark() const { return static_cast<std::size_t>(p_ - out_->data()); }
  void Rewind(std::size_t mark) { p_ = out_->data() + mark; }

 private:
  void Put(char c) {
    Reserve(1);
    *p_++ = c;
  }
  void Literal(std::string_view s) {
    Reserve(s.size());
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  // `plain` between quotes: text that needs no escape (see Text).
  void Quoted(std::string_view plain);
  // Out of line, about once per kilobyte written.
  void Grow(std::size_t n);

  std::string* out_;
  char* p_;
  char* end_;
};

}  // namespace imr::output
