#include "imr/split/json_string.h"

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define IMR_JSON_STRING_X86 1
#endif

#include "imr/base/cpu.h"

namespace imr::split {
namespace {

// The index gets room for a stretch of output at a time (a position per
// byte at most); a step writes at most kStep bytes: a 32-byte block, or the
// bytes before an escape and the escape's three, or up to kLineEndRun line
// ends in a row.
constexpr std::size_t kStretch = 4096;
constexpr int kLineEndRun = 8;
constexpr std::size_t kStep = 32 + kLineEndRun;

void IndexByte(char c, std::uint32_t at, TextIndex* index) {
  if (const TextIndex::Class k = TextIndex::ClassOf(c); k != TextIndex::kClasses) index->Append(k, at);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The \u escape at `in` (its backslash), written at `out` as UTF-8: the
// bytes read (0: refused) and, in *written, the bytes written. A surrogate
// is refused: whether simdjson pairs it, and how, is its own to say.
std::size_t DecodeUnicodeEscape(const char* in, const char* end, char* out, std::size_t* written) {
  if (end - in < 6) return 0;
  std::uint32_t code = 0;
  for (int i = 2; i < 6; ++i) {
    const int digit = HexDigit(in[i]);
    if (digit < 0) return 0;
    code = code << 4 | static_cast<std::uint32_t>(digit);
  }
  if (code >= 0xD800 && code <= 0xDFFF) return 0;
  if (code < 0x80) {
    out[0] = static_cast<char>(code);
    *written = 1;
  } else if (code < 0x800) {
    out[0] = static_cast<char>(0xC0 | code >> 6);
    out[1] = static_cast<char>(0x80 | (code & 0x3F));
    *written = 2;
  } else {
    out[0] = static_cast<char>(0xE0 | code >> 12);
    out[1] = static_cast<char>(0x80 | (code >> 6 & 0x3F));
    out[2] = static_cast<char>(0x80 | (code & 0x3F));
    *written = 3;
  }
  return 6;
}

// The escape at `in` (its backslash), written at `out`, position `at` of
// the text: the bytes read (0: refused); *written is set to those written.
std::size_t DecodeEscape(const char* in, const char* end, char* out, std::uint32_t at, TextIndex* index,
                         std::size_t* written) {
  if (end - in < 2) return 0;
  char c;
  std::size_t read = 2;
  switch (in[1]) {
    case '"':
    case '\\':
    case '/':
      c = in[1];
      break;
    case 'b':
      c = '\b';
      break;
    case 'f':
      c = '\f';
      break;
    case 'n':
      c = '\n';
      break;
    case 'r':
      c = '\r';
      break;
    case 't':
      c = '\t';
      break;
    case 'u':
      read = DecodeUnicodeEscape(in, end, out, written);
      if (read != 0 && *written == 1) IndexByte(out[0], at, index);
      return read;
    default:
      return 0;
  }
  out[0] = c;
  *written = 1;
  IndexByte(c, at, index);
  return read;
}

bool Finish(const char* body, const char* in, const char* out_begin, const char* out, bool non_ascii,
            DecodedString* decoded) {
  decoded->read = static_cast<std::size_t>(in + 1 - body);
  decoded->written = static_cast<std::size_t>(out - out_begin);
  decoded->non_ascii = non_ascii;
  return true;
}

#if IMR_JSON_STRING_X86
__attribute__((target("avx2"))) inline std::uint32_t Bits(__m256i mask) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(mask));
}

// 32 bytes a step, each block stored whole before it is looked at: up to
// the first quote, backslash or control byte it is the text, and its colons
// are positions as they stand. A `\n` (a letter's line end, every fifty
// bytes or so) is decoded here; the other escapes by DecodeEscape.
__attribute__((target("avx2"))) bool DecodeAvx2(const char* body, const char* end, char* out, TextIndex* index,
                                                DecodedString* decoded) {
  const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), colon = _mm256_set1_epi8(':');
  const __m256i last_control = _mm256_set1_epi8(0x1F);
  const char* in = body;
  char* o = out;
  std::size_t room_end = 0;               // output offset up to which the index has room
  __m256i seen = _mm256_setzero_si256();  // the bytes of whole blocks, or-ed: their high bits
  std::uint32_t non_ascii = 0;            // and those of partial blocks
  for (;;) {
    const auto at = static_cast<std::uint32_t>(o - out);
    if (at + kStep > room_end) {
      index->Reserve(kStretch);
      room_end = at + kStretch;
    }
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o), v);
    const __m256i control = _mm256_cmpeq_epi8(_mm256_min_epu8(v, last_control), v);
    const std::uint32_t stop =
        Bits(_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash)), control));
    const std::uint32_t colons = Bits(_mm256_cmpeq_epi8(v, colon));
    if (stop == 0) {
      seen = _mm256_or_si256(seen, v);
      if (colons != 0) index->AppendBits(TextIndex::kColon, at, colons);
      in += 32;
      o += 32;
      if (in >= end) return false;
      continue;
    }
    const int k = __builtin_ctz(stop);
    const std::uint32_t before = (std::uint32_t{1} << k) - 1;
    non_ascii |= Bits(v) & before;
    if ((colons & before) != 0) index->AppendBits(TextIndex::kColon, at, colons & before);
    in += k;
    o += k;
    if (in >= end) return false;
    if (*in == '"') return Finish(body, in, out, o, (non_ascii | Bits(seen)) != 0, decoded);
    if (*in != '\\') return false;
    if (in + 1 < end && in[1] == 'n') {
      // A line end, and the blank lines right after it (a third of the
      // escapes of a letter) without another block each.
      int run = 0;
      do {
        index->Append(TextIndex::kNewline, static_cast<std::uint32_t>(o - out));
        *o++ = '\n';
        in += 2;
      } while (++run < kLineEndRun && in + 1 < end && in[0] == '\\' && in[1] == 'n');
      continue;
    }
    std::size_t written = 0;
    const std::size_t read = DecodeEscape(in, end, o, at + static_cast<std::uint32_t>(k), index, &written);
    if (read == 0) return false;
    in += read;
    o += written;
  }
}
#endif

}  // namespace

bool DecodeJsonStringScalar(const char* body, const char* end, char* out, TextIndex* index, DecodedString* decoded) {
  const char* in = body;
  char* o = out;
  std::size_t room_end = 0;
  bool non_ascii = false;
  while (in < end) {
    const auto at = static_cast<std::uint32_t>(o - out);
    if (at + kStep > room_end) {
      index->Reserve(kStretch);
      room_end = at + kStretch;
    }
    const char c = *in;
    if (c == '"') return Finish(body, in, out, o, non_ascii, decoded);
    if (c == '\\') {
      std::size_t written = 0;
      const std::size_t read = DecodeEscape(in, end, o, at, index, &written);
      if (read == 0) return false;
      in += read;
      o += written;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20) return false;
    non_ascii |= byte >= 0x80;
    *o++ = c;
    ++in;
    IndexByte(c, at, index);
  }
  return false;
}

bool DecodeJsonString(const char* body, const char* end, char* out, TextIndex* index, DecodedString* decoded) {
#if IMR_JSON_STRING_X86
  if (HasAvx2()) return DecodeAvx2(body, end, out, index, decoded);
#endif
  return DecodeJsonStringScalar(body, end, out, index, decoded);
}

}  // namespace imr::split
