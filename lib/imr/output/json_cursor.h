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

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "imr/base/json_writer.h"
#include "imr/extract/letter.h"
#include "imr/output/short_string.h"

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
  // How many bytes a copy of the key takes: whole vectors of 16 bytes where
  // they hold it, else all the padding but the byte a first key skips.
  constexpr std::size_t copy_size() const { return size_ <= 16 ? 16 : size_ <= 32 ? 32 : kBytes - 1; }
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
    if (!HasRoom(n)) Grow(n);
  }

  void Open(char c) { Put(c); }
  void Close(char c) { Put(c); }
  void Comma() { Put(','); }
  void EndLine() { Put('\n'); }
  // The key of a field; `first` leaves out the comma. kCopy: the key's
  // copy_size() where the key is a constant (a table's field), so that a
  // short key is one vector copy.
  template <std::size_t kCopy = JsonKey::kBytes - 1>
  void Key(const JsonKey& key, bool first) {
    static_assert(kCopy < JsonKey::kBytes);
    Reserve(kCopy);
    char* p = p_;
    std::memcpy(p, key.bytes() + first, kCopy);
    p_ = p + key.size() - first;
  }
  // Short strings, nearly every field (names, titles, pages), are scanned as
  // they are copied, inline, where the room is there already; the rest are
  // escaped out of line, which makes room. With no call but the last on the
  // way, the short path saves no registers.
  void String(std::string_view s) {
    const std::size_t n = s.size();
    if (n - 1 < kShortBytes && HasRoom(n + 2)) {
      char* p = p_;
      if (CopyShort</*kSpaces=*/false>(s.data(), n, p + 1).escaped == 0) {
        QuoteCopied(p, n);
        return;
      }
    }
    EscapedString(s);
  }
  // A span of letter text, whitespace-normalised (imr::AppendNormalized),
  // as a JSON string. Short plain text as in String.
  void Text(std::string_view raw) {
    const std::size_t n = raw.size();
    if (n - 1 < kShortBytes && HasRoom(n + 2)) {
      char* p = p_;
      if (IsPlain(CopyShort</*kSpaces=*/true>(raw.data(), n, p + 1), n)) {
        QuoteCopied(p, n);
        return;
      }
    }
    TextNotShortAndPlain(raw);
  }
  // Inline, with no loop: a record has a few dozen (offsets, lengths).
  void Int(std::int64_t v) {
    Reserve(24);
    if (v < 0 || static_cast<std::uint64_t>(v) >= kTenToThe16) {
      LongInt(v);  // never in a record; kept exact
      return;
    }
    const auto u = static_cast<std::uint64_t>(v);
    if (u < kTenToThe8) {
      p_ = PutDigits(u, p_);
      return;
    }
    char* p = PutDigits(u / kTenToThe8, p_);
    const std::uint64_t low = DigitBytes(Halves(static_cast<std::uint32_t>(u % kTenToThe8))) + kZeros;
    std::memcpy(p, &low, 8);
    p_ = p + 8;
  }
  // Five bytes copied either way (a copy of constant size, no call); "true"
  // then leaves its terminating NUL past the end, in room already made.
  void Bool(bool v) {
    Reserve(5);
    char* p = p_;
    std::memcpy(p, v ? "true" : "false", 5);
    p_ = p + (v ? 4 : 5);
  }
  void Null() { Literal("null"); }
  // A present date as "YYYY-MM-DD" (what extract::IsoDate gives; its year
  // is validated, 1900 to 2100): the eight digits made at once, as in Int.
  void Date(const extract::Date& d) {
    Reserve(16);
    const std::uint64_t digits = DigitBytes(static_cast<std::uint64_t>(d.year) |
                                            std::uint64_t{static_cast<std::uint32_t>(d.month * 100 + d.day)} << 32) +
                                 kZeros;
    // "YYYY-MM-DD": the digits' bytes 0-3, 4-5 and 6-7 with the marks between.
    const std::uint64_t head =
        (digits & 0xFFFFFFFF) << 8 | '"' | std::uint64_t{'-'} << 40 | (digits >> 32 & 0xFFFF) << 48;
    const std::uint32_t tail = '-' | static_cast<std::uint32_t>(digits >> 48) << 8 | std::uint32_t{'"'} << 24;
    char* p = p_;
    std::memcpy(p, &head, 8);
    std::memcpy(p + 8, &tail, 4);
    p_ = p + 12;
  }

  // Where the next byte goes, as an offset (the string moves when it
  // grows); Rewind(mark) drops what was written since.
  std::size_t mark() const { return static_cast<std::size_t>(p_ - out_->data()); }
  void Rewind(std::size_t mark) { p_ = out_->data() + mark; }

 private:
  bool HasRoom(std::size_t n) const { return static_cast<std::size_t>(end_ - p_) >= n; }
  void Put(char c) {
    Reserve(1);
    char* p = p_;
    *p = c;
    p_ = p + 1;
  }
  void Literal(std::string_view s) {
    Reserve(s.size());
    char* p = p_;
    std::memcpy(p, s.data(), s.size());
    p_ = p + s.size();
  }
  static constexpr std::uint64_t kTenToThe8 = 100000000, kTenToThe16 = kTenToThe8 * kTenToThe8;
  static constexpr std::uint64_t kZeros = 0x3030303030303030;  // '0' in every byte
  static_assert(std::endian::native == std::endian::little, "digits are stored as the bytes of a word");

  // v < 10^8 as two halves of four digits: the high digits in the low word.
  static std::uint64_t Halves(std::uint32_t v) { return v / 10000 | std::uint64_t{v % 10000} << 32; }
  // The eight digits of two halves of four (each below 10^4), one byte each
  // (values 0 to 9) in memory order, most significant first: each half split
  // into pairs and each pair into digits by multiplying with a reciprocal,
  // all lanes at once.
  static std::uint64_t DigitBytes(std::uint64_t halves) {
    const std::uint64_t hundreds = (halves * 10486 >> 20) & 0x0000007F0000007F;  // x / 100 for x < 10^4
    const std::uint64_t pairs = (halves - 100 * hundreds) << 16 | hundreds;
    const std::uint64_t tens = (pairs * 103 >> 10) & 0x000F000F000F000F;  // x / 10 for x < 100
    return (pairs - 10 * tens) << 8 | tens;
  }
  // Writes v < 10^8 without leading zeros (0 as "0"); returns the end. Eight
  // bytes are stored: the room past the end is made and written over.
  static char* PutDigits(std::uint64_t v, char* at) {
    const std::uint64_t digits = DigitBytes(Halves(static_cast<std::uint32_t>(v)));
    // The leading zeros are the low zero bytes; the last digit always counts.
    const int zeros = __builtin_ctzll(digits | std::uint64_t{1} << 56) / 8;
    const std::uint64_t text = (digits + kZeros) >> (8 * zeros);
    std::memcpy(at, &text, 8);
    return at + (8 - zeros);
  }
  void LongInt(std::int64_t v);
  // Puts the quotes around the n bytes copied at p + 1, p_ on entry.
  void QuoteCopied(char* p, std::size_t n) {
    *p = '"';
    p[n + 1] = '"';
    p_ = p + n + 2;
  }
  void EscapedString(std::string_view s);
  // Text that is long, or short and not plain, or short with no room yet.
  void TextNotShortAndPlain(std::string_view raw);
  // Short text plain but for whitespace between its words (a title or a
  // section the PDF wrapped: "Special \n\nStudies"): written with each run
  // of whitespace made one space, as normalising does, without the
  // normalised copy. False, with nothing kept, for other text.
  bool ShortWrappedText(std::string_view raw);
  // `plain` between quotes: text that needs no escape (see Text).
  void Quoted(std::string_view plain);
  // Out of line, about once per kilobyte written.
  void Grow(std::size_t n);

  std::string* out_;
  // Each method reads p_ into a local once and stores it back last: a store
  // through a char* may alias p_ itself, so writing through the member would
  // reload it after every store, lengthening the chain from field to field.
  char* p_;
  char* end_;
};

}  // namespace imr::output
