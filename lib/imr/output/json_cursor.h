// File: imr/output/json_cursor.h
//
// Writes one JSON record into a reused buffer through a raw pointer. Each
// value asks for room for its largest form once (Reserve), then writes
// without the per-append capacity checks of std::string; keys are fixed-size
// constants (JsonKey) copied whole. The record writers (letter_json.cc) build
// a record here and append it to the output in one piece.
//
// Example:
//   std::string buffer;   // kept between records: no allocation once warm
//   JsonCursor out(&buffer);
//   out.Open('{');
//   out.Key(JsonKey("age"), /*first=*/true);
//   out.Int(47);
//   out.Close('}');
//   result.append(out.written());   // {"age":47}
//
// Thread-safety: none; one cursor per buffer.
// Lifetime: written() views the buffer, valid until the next write.
#pragma once

#include <array>
#include <charconv>
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
  explicit JsonCursor(std::string* buffer) : buffer_(buffer) {
    buffer_->resize(buffer_->capacity());
    p_ = buffer_->data();
    end_ = p_ + buffer_->size();
  }

  // Guarantees room for `n` more bytes.
  void Reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) Grow(n);
  }

  void Open(char c) { Put(c); }
  void Close(char c) { Put(c); }
  void Comma() { Put(','); }
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
  void Int(std::int64_t v) {
    Reserve(24);
    p_ = std::to_chars(p_, p_ + 24, v).ptr;
  }
  void Bool(bool v) { Literal(v ? std::string_view("true") : std::string_view("false")); }
  void Null() { Literal("null"); }
  // A present date as "YYYY-MM-DD".
  void Date(const extract::Date& d) {
    Reserve(12);
    std::array<char, 10> iso;
    *p_++ = '"';
    std::memcpy(p_, extract::IsoDate(d, &iso).data(), iso.size());
    p_ += iso.size();
    *p_++ = '"';
  }

  // Where the next byte goes; Rewind(mark) drops what was written since.
  char* mark() const { return p_; }
  void Rewind(char* mark) { p_ = mark; }

  std::string_view written() const { return {buffer_->data(), static_cast<std::size_t>(p_ - buffer_->data())}; }

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
  // Out of line: once warm, the buffer holds any record.
  void Grow(std::size_t n);

  std::string* buffer_;
  char* p_;
  char* end_;
};

}  // namespace imr::output
