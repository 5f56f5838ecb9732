#include "imr/taxonomy/taxonomy.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/cpu.h"
#include "imr/base/strings.h"
#include "imr/base/text.h"

namespace imr::taxonomy {
namespace {

constexpr std::size_t kMaxPatternBytes = 200;

bool IsIdentifier(std::string_view s) {
  if (s.empty() || !IsLower(s.front())) return false;
  for (char c : s) {
    if (!IsLower(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

// True when AppendNormalized() would give `s` back unchanged: no whitespace
// at either end, and none inside but single spaces. Nearly every item title
// is (all but 20 of 3,624 in 2,000 generated letters), and so is every
// pattern of the built-in rules: checking costs less than copying.
bool IsNormalized(std::string_view s) {
  if (s.empty()) return true;
  if (IsSpace(s.front()) || IsSpace(s.back())) return false;
  std::size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes a step, the last step the text's last 16 bytes (a byte looked
  // at twice passes the same way), while the only bytes up to ' ' are
  // spaces, none next to another: a title's whole length in a few steps (a
  // byte loop was a third of Classify). Any other such byte leaves the rest
  // to the byte loop, as does a text shorter than a step.
  const __m128i space = _mm_set1_epi8(' ');
  for (std::size_t next = 0; s.size() >= 16 && next < s.size(); next += 16) {
    const std::size_t at = std::min(next, s.size() - 16);
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + at));
    const auto low = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, space), x)));
    const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, space)));
    if (low != spaces) {
      i = at > 0 ? at - 1 : 0;  // the byte loop checks the pair that spans the step's start
      break;
    }
    const unsigned space_before = at > 0 && s[at - 1] == ' ' ? 1 : 0;
    if ((spaces & (spaces >> 1)) != 0 || (space_before & spaces) != 0) return false;
    if (at + 16 == s.size()) return true;
  }
#endif
  for (; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) > ' ') continue;  // most bytes: one test
    if (IsSpace(s[i]) && (s[i] != ' ' || IsSpace(s[i + 1]))) return false;
  }
  return true;
}

// Lower-cases ASCII letters and collapses whitespace, as Classify() sees text.
std::string CanonicalPattern(std::string_view raw) {
  std::string out;
  if (IsNormalized(raw)) {
    out = raw;
  } else {
    AppendNormalized(raw, &out);
  }
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

// Splits a line at runs of tabs.
std::vector<std::string_view> TabColumns(std::string_view line) {
  std::vector<std::string_view> columns;
  std::size_t pos = 0;
  while (pos <= line.size()) {
    std::size_t tab = line.find('\t', pos);
    if (tab == std::string_view::npos) tab = line.size();
    columns.push_back(line.substr(pos, tab - pos));
    pos = tab;
    while (pos < line.size() && line[pos] == '\t') ++pos;
    if (pos == line.size()) break;
  }
  return columns;
}

absl::Status LineError(std::string_view name, int line, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(name), ":", line, ": ", what));
}

std::uint64_t Fnv1a(std::uint64_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

absl::StatusOr<Taxonomy> Taxonomy::Parse(std::string_view text, std::string_view name) {
  Taxonomy t;
  // The matcher's trie also finds duplicate patterns: no set of its own.
  PhraseMatcher::Builder matcher;
  int line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // files edited on Windows
    const std::string_view trimmed = TrimSpace(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;

    const std::vector<std::string_view> columns = TabColumns(TrimSpace(line));
    if (columns.size() != 3) {
      return LineError(name, line_no,
                       absl::StrCat("expected 3 tab-separated columns (category, drug class or -, patterns), found ",
                                    columns.size()));
    }
    const int rule_index = static_cast<int>(t.rules_.size());
    // In place from the start, so that a duplicate within this rule finds its line.
    Rule& rule = t.rules_.emplace_back();
    rule.line = line_no;
    rule.category = std::string(TrimSpace(columns[0]));
    const std::string_view drug_class = TrimSpace(columns[1]);
    if (!IsIdentifier(rule.category)) {
      return LineError(
          name, line_no,
          absl::StrCat("category '", ToAbsl(rule.category), "' is not a lower-case identifier [a-z][a-z0-9_]*"));
    }
    if (drug_class != "-") {
      if (!IsIdentifier(drug_class)) {
        return LineError(
            name, line_no,
            absl::StrCat("drug class '", ToAbsl(drug_class), "' is neither '-' nor a lower-case identifier"));
      }
      rule.drug_class = std::string(drug_class);
    }
    std::string_view patterns = columns[2];
    for (std::size_t p = 0; p <= patterns.size();) {
      std::size_t bar = patterns.find('|', p);
      if (bar == std::string_view::npos) bar = patterns.size();
      std::string pattern = CanonicalPattern(patterns.substr(p, bar - p));
      p = bar + 1;
      if (pattern.empty()) return LineError(name, line_no, "empty pattern (two '|' in a row, or one at an end)");
      if (pattern.size() > kMaxPatternBytes) {
        return LineError(name, line_no, absl::StrCat("pattern longer than ", kMaxPatternBytes, " bytes"));
      }
      const int earlier = matcher.Add(pattern, rule_index);
      if (earlier >= 0) {
        return LineError(name, line_no,
                         absl::StrCat("pattern '", pattern, "' already appears at line ", t.rules_[earlier].line,
                                      " (a pattern may appear once: the first rule would always win)"));
      }
      rule.patterns.push_back(std::move(pattern));
    }
  }
  t.matcher_ = matcher.Build(PhraseMatcher::kFirstRule);
  t.drug_matcher_ = t.BuildDrugMatcher();
  t.IndexDrugNames();

  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const Rule& r : t.rules_) {
    h = Fnv1a(h, r.category);
    h = Fnv1a(h, "\t");
    h = Fnv1a(h, r.drug_class);
    for (const std::string& p : r.patterns) {
      h = Fnv1a(h, "\t");
      h = Fnv1a(h, p);
    }
    h = Fnv1a(h, "\n");
  }
  t.fingerprint_ = absl::StrFormat("fnv1a64:%016x", h);
  return t;
}

absl::StatusOr<Taxonomy> Taxonomy::FromFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    const std::string message = absl::StrCat(path, ": ", std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(message);
    if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(message);
    return absl::DataLossError(message);
  }
  std::string text;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return Parse(text, path);
}

Classification Taxonomy::Classify(std::string_view service) const {
  std::string_view text = service;
  if (!IsNormalized(service)) {
    // One buffer per thread: no allocation per item once warm.
    thread_local std::string normalized;
    normalized.clear();
    AppendNormalized(service, &normalized);
    text = normalized;
  }
  Classification c;
  const int rule = matcher_.FirstRule(text);
  if (rule < 0) return c;
  c.rule = rule;
  c.category = rules_[rule].category;
  c.drug_class = rules_[rule].drug_class;
  return c;
}

namespace {

// Letters and digits, lower-cased; 0 for every other byte.
constexpr std::array<unsigned char, 256> kWordByte = [] {
  std::array<unsigned char, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<unsigned char>(c);
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 32] = static_cast<unsigned char>(c);
  return t;
}();

// The drug-name filter's key of the word at text[at]: its first four bytes
// (fewer when it is shorter), lower-cased.
std::uint32_t WordKey(std::string_view text, std::size_t at) {
  std::uint32_t key = 0;
  for (int k = 0; k < 4 && at < text.size(); ++k, ++at) {
    const unsigned char b = kWordByte[static_cast<unsigned char>(text[at])];
    if (b == 0) break;
    key |= std::uint32_t{b} << (8 * k);
  }
  return key;
}

// The drug-name filter's key of a word in folded text (see FoldBlockBaseline): its
// first four bytes, cut at the first zero byte (the word's end).
std::uint32_t FoldedKey(const char* folded) {
  std::uint32_t key;
  std::memcpy(&key, folded, 4);
  // The high bit of each zero byte, then of each byte from the first zero on.
  std::uint32_t zero = ~(((key & 0x7f7f7f7fu) + 0x7f7f7f7fu) | key) & 0x80808080u;
  zero |= zero << 8;
  zero |= zero << 16;
  return key & ~((zero >> 7) * 0xffu);
}

// The second filter's key of a word in folded text: its first eight bytes,
// cut at the first zero byte and where letters turn to digits or back. A
// drug name that matches at a word start has the same key as the text there
// (the text starts with the name, and where the name ends within eight
// bytes the matcher's boundary rule wants a byte of another kind), so the
// filter passes every match; it rejects words that merely share the first
// four bytes with a name ("complete", "compound").
std::uint64_t FoldedRunKey(const char* folded) {
  constexpr std::uint64_t kHigh = 0x8080808080808080u, kLow7 = 0x7f7f7f7f7f7f7f7fu;
  std::uint64_t key;
  std::memcpy(&key, folded, 8);
  const std::uint64_t zero = ~(((key & kLow7) + kLow7) | key) & kHigh;
  // Bit 6 is set in lower-case letters and clear in digits: moved to bit 7,
  // compared with the first byte's.
  const std::uint64_t letter = key << 1 & kHigh;
  std::uint64_t stop = zero | (letter ^ (letter & 0x80u) * 0x0101010101010101u);
  stop |= stop << 8;
  stop |= stop << 16;
  stop |= stop << 32;
  return key & ~((stop >> 7) * 0xffu);
}

// Which bytes of a 64-byte block are ASCII letters and which digits, one
// bit each.
struct WordBits {
  std::uint64_t letter = 0;
  std::uint64_t digit = 0;
};

// Classifies the 64 bytes at `block` and writes them to `folded` as the
// filter's keys read them: ASCII letters lower-cased, digits kept, every
// other byte 0.
WordBits FoldBlockBaseline(const char* block, char* folded) {
  WordBits w;
#if defined(__SSE2__)
  const __m128i a = _mm_set1_epi8('a'), zero = _mm_set1_epi8('0'), case_bit = _mm_set1_epi8(0x20);
  const __m128i letters = _mm_set1_epi8(25), digits = _mm_set1_epi8(9);
  for (int k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * k));
    const __m128i lower = _mm_or_si128(x, case_bit);
    // b - lo <= span, unsigned: min(b - lo, span) == b - lo.
    const __m128i l = _mm_sub_epi8(lower, a), d = _mm_sub_epi8(x, zero);
    const __m128i is_letter = _mm_cmpeq_epi8(_mm_min_epu8(l, letters), l);
    const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(d, digits), d);
    // Digits have the case bit already.
    _mm_storeu_si128(reinterpret_cast<__m128i*>(folded + 16 * k),
                     _mm_and_si128(lower, _mm_or_si128(is_letter, is_digit)));
    w.letter |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(is_letter))} << (16 * k);
    w.digit |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(is_digit))} << (16 * k);
  }
#else
  for (int i = 0; i < 64; ++i) {
    const char c = block[i];
    w.letter |= std::uint64_t{IsAlpha(c)} << i;
    w.digit |= std::uint64_t{IsDigit(c)} << i;
    folded[i] = IsAlpha(c) || IsDigit(c) ? static_cast<char>(c | 0x20) : '\0';
  }
#endif
  return w;
}

#if defined(__x86_64__) || defined(__i386__)
// FoldBlockBaseline 32 bytes a step.
__attribute__((target("avx2"))) inline WordBits FoldBlockAvx2(const char* block, char* folded) {
  const __m256i a = _mm256_set1_epi8('a'), zero = _mm256_set1_epi8('0'), case_bit = _mm256_set1_epi8(0x20);
  const __m256i letters = _mm256_set1_epi8(25), digits = _mm256_set1_epi8(9);
  WordBits w;
  for (int k = 0; k < 2; ++k) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32 * k));
    const __m256i lower = _mm256_or_si256(x, case_bit);
    const __m256i l = _mm256_sub_epi8(lower, a), d = _mm256_sub_epi8(x, zero);
    const __m256i is_letter = _mm256_cmpeq_epi8(_mm256_min_epu8(l, letters), l);
    const __m256i is_digit = _mm256_cmpeq_epi8(_mm256_min_epu8(d, digits), d);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(folded + 32 * k),
                        _mm256_and_si256(lower, _mm256_or_si256(is_letter, is_digit)));
    w.letter |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(is_letter))} << (32 * k);
    w.digit |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(is_digit))} << (32 * k);
  }
  return w;
}
#endif

// Appends to starts[n, ...) at + i for each bit i of `begins`, in order;
// returns the new n. One bit a step.
std::size_t AppendStarts(std::uint64_t begins, std::size_t at, std::uint32_t* starts, std::size_t n) {
  for (; begins != 0; begins &= begins - 1) {
    starts[n++] = static_cast<std::uint32_t>(at + static_cast<std::size_t>(__builtin_ctzll(begins)));
  }
  return n;
}

#if defined(__x86_64__)
// AppendStarts four bits a round, written whether or not there are four
// (POPCNT says how many are real; BMI's TZCNT gives 64 where no bit is
// left): no test per bit. Blocks of letter text have ten starts or so;
// rounds of four waste fewer writes than rounds of eight (measured). Writes
// up to starts[n + count rounded up to 4), positions at most at + 64.
__attribute__((target("bmi,popcnt"))) inline std::size_t AppendStartsBmi(std::uint64_t begins, std::size_t at,
                                                                         std::uint32_t* starts, std::size_t n) {
  const auto count = static_cast<std::size_t>(_mm_popcnt_u64(begins));
  for (std::uint32_t* out = starts + n; out < starts + n + count; out += 4) {
    for (int k = 0; k < 4; ++k) {
      out[k] = static_cast<std::uint32_t>(at + _tzcnt_u64(begins));
      begins = _blsr_u64(begins);
    }
  }
  return n + count;
}
#endif

// Folds `text` a block of 64 bytes at a time (the last bytes from a
// zero-padded copy) into folded[0, blocks * 64), with eight zero bytes after
// it so that a key may be read at every position, and writes to starts[0, n)
// every position where a run of letters, or with `digit_starts` a run of
// digits, begins (where the matcher's boundary rule lets a phrase that
// starts with a letter or digit begin), in order. Returns n. `folded` has room for the blocks and
// eight bytes, `starts` for a start at every byte of the blocks. A template
// over the block's kernels, so that each is inlined in the loop.
template <WordBits (*kFold)(const char*, char*),
          std::size_t (*kAppend)(std::uint64_t, std::size_t, std::uint32_t*, std::size_t)>
[[gnu::always_inline]] inline std::size_t FoldWordsWith(std::string_view text, bool digit_starts, char* folded,
                                                        std::uint32_t* starts) {
  // Without digit starts, no digit counts as one: every digit bit cleared.
  const std::uint64_t digit_mask = digit_starts ? ~std::uint64_t{0} : 0;
  std::size_t n = 0;
  std::uint64_t previous_letter = 0, previous_digit = 0;  // of the byte before the block
  char last[64];
  for (std::size_t at = 0; at < text.size(); at += 64) {
    const char* block = text.data() + at;
    if (text.size() - at < 64) {
      std::memset(last, 0, sizeof last);
      std::memcpy(last, block, text.size() - at);
      block = last;
    }
    const auto [letter, digit] = kFold(block, folded + at);
    n = kAppend((letter & ~(letter << 1 | previous_letter)) | (digit & ~(digit << 1 | previous_digit) & digit_mask), at,
                starts, n);
    previous_letter = letter >> 63;
    previous_digit = digit >> 63;
  }
  std::memset(folded + (text.size() + 63) / 64 * 64, 0, 8);
  return n;
}

std::size_t FoldWordsBaseline(std::string_view text, bool digit_starts, char* folded, std::uint32_t* starts) {
  return FoldWordsWith<FoldBlockBaseline, AppendStarts>(text, digit_starts, folded, starts);
}

#if defined(__x86_64__)
__attribute__((target("avx2,bmi,popcnt"))) std::size_t FoldWordsAvx2(std::string_view text, bool digit_starts,
                                                                     char* folded, std::uint32_t* starts) {
  return FoldWordsWith<FoldBlockAvx2, AppendStartsBmi>(text, digit_starts, folded, starts);
}

// FoldWordsAvx2's processor: every one with AVX2 has BMI and POPCNT too,
// but it is asked all the same.
bool HasAvx2Bmi() {
  static const bool kHas = HasAvx2() && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
  return kHas;
}
#endif

// FoldWordsWith the processor's kernels.
std::size_t FoldWords(std::string_view text, bool digit_starts, char* folded, std::uint32_t* starts) {
#if defined(__x86_64__)
  if (HasAvx2Bmi()) return FoldWordsAvx2(text, digit_starts, folded, starts);
#endif
  return FoldWordsBaseline(text, digit_starts, folded, starts);
}

// The key's bit in the filter (a Bloom filter of one hash).
std::uint32_t FilterBit(std::uint32_t key) { return (key * 0x9E3779B1u) >> 16; }

std::uint32_t RunFilterBit(std::uint64_t key) { return static_cast<std::uint32_t>((key * 0x9E3779B97F4A7C15u) >> 48); }

bool InFilter(const std::uint64_t* filter, std::uint32_t bit) { return (filter[bit / 64] >> (bit % 64) & 1) != 0; }

// Keeps, of starts[0, n), those whose key passes the filter, in order, at
// the front of `starts`; returns how many.
std::size_t FilterStarts(const char* folded, const std::uint64_t* filter, std::uint32_t* starts, std::size_t n) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    starts[kept] = starts[i];
    kept += InFilter(filter, FilterBit(FoldedKey(folded + starts[i]))) ? 1 : 0;
  }
  return kept;
}

#if defined(__x86_64__) || defined(__i386__)
// FilterStarts eight starts a step: their keys loaded and their filter
// words gathered at once. Reads starts[0, n rounded up to 8): the positions past n
// must lie within `folded` too.
__attribute__((target("avx2"))) std::size_t FilterStartsAvx2(const char* folded, const std::uint64_t* filter,
                                                             std::uint32_t* starts, std::size_t n) {
  const __m256i zero = _mm256_setzero_si256(), hash = _mm256_set1_epi32(static_cast<int>(0x9E3779B1u));
  const __m256i low5 = _mm256_set1_epi32(31);
  // The filter's 64-bit words as twice as many 32-bit ones (little-endian):
  // bit b lies in 32-bit word b / 32.
  const auto* filter32 = reinterpret_cast<const int*>(filter);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; i += 8) {
    // The keys by scalar loads, not a gather: FoldWords has just written
    // `folded` and `starts`, and a load can take its bytes from a store not
    // yet in the cache where a gather waits for it (a gather here was twice
    // this function's time).
    const auto key_at = [&](std::size_t k) {
      std::uint32_t key;
      std::memcpy(&key, folded + starts[i + k], 4);
      return static_cast<int>(key);
    };
    const __m256i bytes =
        _mm256_setr_epi32(key_at(0), key_at(1), key_at(2), key_at(3), key_at(4), key_at(5), key_at(6), key_at(7));
    // FoldedKey: every byte from the first zero byte on cleared.
    __m256i cut = _mm256_cmpeq_epi8(bytes, zero);
    cut = _mm256_or_si256(cut, _mm256_slli_epi32(cut, 8));
    cut = _mm256_or_si256(cut, _mm256_slli_epi32(cut, 16));
    const __m256i bit = _mm256_srli_epi32(_mm256_mullo_epi32(_mm256_andnot_si256(cut, bytes), hash), 16);
    const __m256i words = _mm256_i32gather_epi32(filter32, _mm256_srli_epi32(bit, 5), 4);
    const __m256i in = _mm256_slli_epi32(_mm256_srlv_epi32(words, _mm256_and_si256(bit, low5)), 31);
    auto passed = static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(in)));
    if (n - i < 8) passed &= (1u << (n - i)) - 1;
    for (; passed != 0; passed &= passed - 1) starts[kept++] = starts[i + static_cast<unsigned>(__builtin_ctz(passed))];
  }
  return kept;
}
#endif

}  // namespace

template <typename Visit>
void Taxonomy::ForEachDrugName(Visit visit) const {
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    if (rule.drug_class.empty() || rule.drug_class == kOtherDrugClass) continue;
    for (std::size_t k = 0; k < rule.patterns.size(); ++k) {
      const std::string& pattern = rule.patterns[k];
      if (std::any_of(pattern.begin(), pattern.end(), IsAlpha)) visit(r, k);
    }
  }
}

PhraseMatcher Taxonomy::BuildDrugMatcher() const {
  PhraseMatcher::Builder names;
  ForEachDrugName([&](std::size_t r, std::size_t k) { names.Add(rules_[r].patterns[k], static_cast<int>(r)); });
  return names.Build(PhraseMatcher::kMatchesAt);
}

void Taxonomy::IndexDrugNames() {
  drug_names_.clear();
  drug_words_.assign(65536 / 64, 0);
  drug_runs_.assign(65536 / 64, 0);
  ForEachDrugName([&](std::size_t r, std::size_t k) {
    const std::string& pattern = rules_[r].patterns[k];
    drug_names_.emplace_back(static_cast<int>(r), static_cast<int>(k));
    drugs_start_words_ = drugs_start_words_ && kWordByte[static_cast<unsigned char>(pattern[0])] != 0;
    drugs_start_digits_ = drugs_start_digits_ || IsDigit(pattern[0]);
    const std::uint32_t bit = FilterBit(WordKey(pattern, 0));
    drug_words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    char folded[16] = {};  // the name as FoldBlockBaseline writes text, and zeros
    for (std::size_t i = 0; i < 8 && i < pattern.size() && kWordByte[static_cast<unsigned char>(pattern[i])] != 0;
         ++i) {
      folded[i] = static_cast<char>(kWordByte[static_cast<unsigned char>(pattern[i])]);
    }
    const std::uint32_t run_bit = RunFilterBit(FoldedRunKey(folded));
    drug_runs_[run_bit / 64] |= std::uint64_t{1} << (run_bit % 64);
  });
}

void Taxonomy::FindDrugs(std::string_view text, std::vector<DrugMention>* out) const {
  // A drug name starts a word (the matcher's boundary rule), so only words
  // whose first four bytes begin some name, and whose first run of letters
  // or digits (up to eight bytes) does too, are tried, each with the matcher
  // anchored at its start. The words are found 64 bytes a step and their
  // keys looked up in the filter eight at a time where AVX2 allows. Of names
  // that overlap, the one that starts first and then the longest is kept.
  const std::size_t first_new = out->size();
  std::size_t covered_to = 0;
  const auto try_at = [&](std::size_t at) {
    if (at < covered_to) return;
    int longest = -1;
    std::size_t end = 0;
    // Shortest first: the last is the longest.
    drug_matcher_.ForEachMatchAt(text, at, [&](int entry, int, std::size_t match_end) {
      longest = entry;
      end = match_end;
    });
    if (longest < 0) return;
    covered_to = end;
    const auto [rule, pattern] = drug_names_[static_cast<std::size_t>(longest)];
    const std::string_view name = rules_[static_cast<std::size_t>(rule)].patterns[static_cast<std::size_t>(pattern)];
    const auto seen = [&](const DrugMention& d) { return d.name == name; };
    if (std::none_of(out->begin() + static_cast<std::ptrdiff_t>(first_new), out->end(), seen)) {
      out->push_back({name, rules_[static_cast<std::size_t>(rule)].drug_class});
    }
  };
  // Positions are 32-bit; no letter comes near (the splitter cuts at 1 MiB).
  if (!drugs_start_words_ || text.size() > std::numeric_limits<std::uint32_t>::max() - 128) {
    // An edited taxonomy with a name like "(R)-x": every position.
    for (std::size_t at = 0; at < text.size(); ++at) try_at(at);
    return;
  }
  // One buffer of each per thread: no allocation per text once warm. Both
  // only grow, so positions left from a longer text lie within `folded`.
  thread_local std::vector<char> folded;
  thread_local std::vector<std::uint32_t> starts;
  const std::size_t blocks = (text.size() + 63) / 64;
  if (folded.size() < blocks * 64 + 8) folded.resize(blocks * 64 + 8);
  if (starts.size() < blocks * 64 + 8) starts.resize(blocks * 64 + 8);
#if defined(__x86_64__) || defined(__i386__)
  std::size_t n = FoldWords(text, drugs_start_digits_, folded.data(), starts.data());
  n = HasAvx2() ? FilterStartsAvx2(folded.data(), drug_words_.data(), starts.data(), n)
                : FilterStarts(folded.data(), drug_words_.data(), starts.data(), n);
#else
  std::size_t n = FoldWords(text, drugs_start_digits_, folded.data(), starts.data());
  n = FilterStarts(folded.data(), drug_words_.data(), starts.data(), n);
#endif
  for (std::size_t i = 0; i < n; ++i) {
    if (InFilter(drug_runs_.data(), RunFilterBit(FoldedRunKey(folded.data() + starts[i])))) try_at(starts[i]);
  }
}

}  // namespace imr::taxonomy
