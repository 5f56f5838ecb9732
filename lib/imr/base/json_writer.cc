#include "imr/base/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"

namespace imr {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes that need more than a plain copy inside a JSON string.
constexpr bool NeedsAttention(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }
constexpr std::array<bool, 256> kNeedsAttention = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = NeedsAttention(static_cast<unsigned char>(c));
  return t;
}();

}  // namespace

// Letter text is plain ASCII for long stretches, so it is skipped 16 bytes a
// step and copied in runs.
std::size_t NextAttention(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  const auto attention = [](const char* p) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed, the bytes >= 0x80 are below 0x20 too: one compare for both.
    const __m128i below_space = _mm_cmplt_epi8(b, _mm_set1_epi8(0x20));
    const __m128i quote = _mm_cmpeq_epi8(b, _mm_set1_epi8('"')), backslash = _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(below_space, _mm_or_si128(quote, backslash))));
  };
  if (s.size() >= 16) {
    for (; i + 16 <= s.size(); i += 16) {
      if (const unsigned mask = attention(s.data() + i); mask != 0)
        return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
    // The last bytes through one block that ends at the end (it overlaps
    // bytes already passed, whose bits are dropped).
    if (i < s.size()) {
      const std::size_t last = s.size() - 16;
      const unsigned mask = attention(s.data() + last) >> (i - last);
      return mask != 0 ? i + static_cast<std::size_t>(__builtin_ctz(mask)) : s.size();
    }
    return i;
  }
#endif
  while (i < s.size() && !kNeedsAttention[static_cast<unsigned char>(s[i])]) ++i;
  return i;
}

int Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  int len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (int k = 2; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

void AppendValidUtf8(std::string_view s, std::string* out) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const int len = Utf8SequenceLength(s, i);
    if (len > 0) {
      i += len;
      continue;
    }
    out->append(s.data() + run, i - run);
    out->append(kReplacement);
    run = ++i;
  }
  out->append(s.data() + run, s.size() - run);
}

char* WriteJsonString(std::string_view s, char* out) {
  const auto put = [&out](const char* bytes, std::size_t n) {
    std::memcpy(out, bytes, n);
    out += n;
  };
  *out++ = '"';
  std::size_t run = 0;  // start of the pending plain bytes
  for (std::size_t i = NextAttention(s, 0); i < s.size(); i = NextAttention(s, i)) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const int len = Utf8SequenceLength(s, i);
      if (len > 0) {
        i += len;
        continue;
      }
    }
    put(s.data() + run, i - run);
    switch (c) {
      case '"':
        put("\\\"", 2);
        break;
      case '\\':
        put("\\\\", 2);
        break;
      case '\n':
        put("\\n", 2);
        break;
      case '\r':
        put("\\r", 2);
        break;
      case '\t':
        put("\\t", 2);
        break;
      case '\f':
        put("\\f", 2);
        break;
      case '\b':
        put("\\b", 2);
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          put(esc, 6);
        } else {
          put(kReplacement.data(), kReplacement.size());
        }
    }
    run = ++i;
  }
  put(s.data() + run, s.size() - run);
  *out++ = '"';
  return out;
}

void AppendJsonString(std::string_view s, std::string* out) {
  const std::size_t start = out->size();
  out->resize(start + MaxJsonStringSize(s.size()));
  char* end = WriteJsonString(s, out->data() + start);
  out->resize(static_cast<std::size_t>(end - out->data()));
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  const std::uint64_t bit = std::uint64_t{1} << ((depth_ - 1) & 63);
  if (has_value_ & bit) out_->push_back(',');
  has_value_ |= bit;
}

void JsonWriter::Open(char c) {
  Separate();
  out_->push_back(c);
  ++depth_;
  has_value_ &= ~(std::uint64_t{1} << ((depth_ - 1) & 63));
}

void JsonWriter::Close(char c) {
  out_->push_back(c);
  --depth_;
}

void JsonWriter::Key(std::string_view key) {
  // Keys are mostly our own short field names: when nothing needs escaping,
  // the separator and `"key":` go out in one append instead of five.
  char buf[64];
  if (key.size() + 4 > sizeof buf || NextAttention(key, 0) != key.size()) {
    Separate();
    AppendJsonString(key, out_);
    out_->push_back(':');
    after_key_ = true;
    return;
  }
  std::size_t n = 0;
  if (after_key_) {
    after_key_ = false;
  } else if (depth_ != 0) {  // Separate(), writing its comma into buf
    const std::uint64_t bit = std::uint64_t{1} << ((depth_ - 1) & 63);
    if (has_value_ & bit) buf[n++] = ',';
    has_value_ |= bit;
  }
  buf[n++] = '"';
  std::memcpy(buf + n, key.data(), key.size());
  n += key.size();
  buf[n++] = '"';
  buf[n++] = ':';
  out_->append(buf, n);
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  Separate();
  AppendJsonString(s, out_);
}

void JsonWriter::Int(std::int64_t v) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, end);
}

void JsonWriter::Double(double v) {
  Separate();
  if (!std::isfinite(v)) {
    out_->append("null");
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, end);
}

void JsonWriter::Bool(bool v) {
  Separate();
  out_->append(v ? "true" : "false");
}

void JsonWriter::Null() {
  Separate();
  out_->append("null");
}

void JsonWriter::Raw(std::string_view json) {
  Separate();
  out_->append(json);
}

}  // namespace imr
