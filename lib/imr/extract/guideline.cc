// The citations of a guideline block ("Claims Administrator guideline:" or
// "MAXIMUS guideline:"). A block is a run of statements:
//
//   Decision based on MTUS <part> [<year>][, Section(s): <section>] [<topic>] [Page(s): <pages>]
//       [, and <part> ...]                                 (parts of the MTUS)
//   Decision based on Non-MTUS Citation <free text>        (ODG, ACOEM, anything else)
//
// plus sentences that set the flags ("did not cite any medical evidence",
// "outside of the MTUS", "No guidelines found"). MTUS part names contain
// commas ("Forearm, Wrist, and Hand Complaints"), so parts are recognised by
// name from the table below, never by splitting at commas; each is reported
// under its canonical (2016) name, whatever edition's name the letter used.
// Everything else in a citation is a view into the block.
//
// Every item has two blocks of ~150 bytes, so reading them is a cost of its
// own. The block is read once (BlockIndex): a padded copy, and a bit for
// every byte where a sentence or a source's name can start and for every
// comma and colon (which ends "Page(s):"). The parsers go from one such
// position to the next instead of searching the bytes again for each part,
// and compare phrases 8 bytes at a time (Phrase).
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "imr/base/cpu.h"
#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"
#include "imr/extract/vocab_names.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// IsSpace and ToLowerAscii (imr/base/text.h) for the tables built at compile
// time.
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
constexpr char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// IsSpace and IsWordByte (imr/extract/scan.h) with one lookup a byte, where
// they compare several times: the parsers test a byte at almost every step.
// The punctuation that ParseOdg skips around an ODG chapter has classes too.
enum ByteClass : std::uint8_t { kBlankByte = 1, kWordByte = 2, kOdgPunctuation = 4, kSlashByte = 8 };
constexpr std::array<std::uint8_t, 256> kByteClasses = [] {
  std::array<std::uint8_t, 256> classes{};
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto c = static_cast<char>(i);
    const bool word = (Lower(c) >= 'a' && Lower(c) <= 'z') || (c >= '0' && c <= '9');
    const bool punctuation = c == ',' || c == ':' || c == '-';
    classes[i] = static_cast<std::uint8_t>((IsBlank(c) ? kBlankByte : 0) | (word ? kWordByte : 0) |
                                           (punctuation ? kOdgPunctuation : 0) | (c == '/' ? kSlashByte : 0));
  }
  return classes;
}();
bool IsBlankByte(char c) { return (kByteClasses[static_cast<unsigned char>(c)] & kBlankByte) != 0; }
// Whether c is of any of `classes` (ByteClass bits).
bool IsOfClass(char c, std::uint8_t classes) { return (kByteClasses[static_cast<unsigned char>(c)] & classes) != 0; }
bool IsLetterOrDigit(char c) { return (kByteClasses[static_cast<unsigned char>(c)] & kWordByte) != 0; }

// A phrase as BlockIndex::Match compares it, 8 bytes at a time: in words
// that hold byte i at bits 8 * (i % 8) of word i / 8, with `care` set over
// the phrase's bytes. When case does not count, its letters are lower-cased
// and `fold` holds their case bit (0x20): a byte t matches letter p where
// (t | 0x20) == p, which only p and its capital do. `lead` covers the bytes
// before the first space (at most 8): a difference there fails the match. Its
// spaces are single ' ' (each matches a run of blanks, as in MatchPhraseAt);
// a phrase that breaks this, holds a zero byte or is longer than kMaxSize
// fails to compile.
struct Phrase {
  static constexpr std::size_t kMaxSize = 64;

  constexpr Phrase() = default;
  constexpr explicit Phrase(std::string_view s, Case c = Case::kInsensitive) : text(s), match_case(c) {
    if (s.empty() || s.size() > kMaxSize) std::abort();
    words = (s.size() + 7) / 8;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char ch = s[i];
      if (ch == '\0' || (IsBlank(ch) && (ch != ' ' || (i > 0 && s[i - 1] == ' ')))) std::abort();
      const bool letter = Lower(ch) >= 'a' && Lower(ch) <= 'z';
      const unsigned char case_bit = c == Case::kInsensitive && letter ? 0x20 : 0;
      const std::size_t shift = 8 * (i % 8);
      bytes[i / 8] |= std::uint64_t{static_cast<unsigned char>(ch | case_bit)} << shift;
      fold[i / 8] |= std::uint64_t{case_bit} << shift;
      care[i / 8] |= std::uint64_t{0xff} << shift;
    }
    for (std::size_t i = 0; i < 8 && i < s.size() && s[i] != ' '; ++i) lead |= std::uint64_t{0xff} << (8 * i);
  }

  constexpr std::size_t size() const { return text.size(); }

  std::string_view text;
  Case match_case = Case::kInsensitive;
  std::size_t words = 0;
  std::uint64_t lead = 0;
  std::array<std::uint64_t, kMaxSize / 8> bytes{}, fold{}, care{};
};

// Phrases tried in list order at one position, with the ones that can start
// with each byte (bit i for the i-th), so that most tries cost a lookup.
template <std::size_t N>
class PhraseList {
 public:
  static_assert(N <= 32, "one bit per phrase");

  constexpr explicit PhraseList(const std::array<Phrase, N>& phrases) : phrases_(phrases) {
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t byte = 0; byte < by_first_byte_.size(); ++byte) {
        if (CanStart(phrases[i], static_cast<char>(byte))) by_first_byte_[byte] |= std::uint32_t{1} << i;
        if (CanFollow(phrases[i], static_cast<char>(byte))) by_second_byte_[byte] |= std::uint32_t{1} << i;
      }
    }
  }

  static constexpr std::size_t size() { return N; }
  constexpr const Phrase& operator[](std::size_t i) const { return phrases_[i]; }
  // The phrases whose first byte can be c.
  std::uint32_t StartingWith(char c) const { return by_first_byte_[static_cast<unsigned char>(c)]; }
  // The phrases that can start with c, d: most names that share a first
  // byte differ in the second.
  std::uint32_t StartingWith(char c, char d) const {
    return by_first_byte_[static_cast<unsigned char>(c)] & by_second_byte_[static_cast<unsigned char>(d)];
  }

 private:
  // A space matches any blank; a letter, its capital too when case does not count.
  static constexpr bool CanStart(const Phrase& p, char c) {
    if (p.text[0] == ' ') return IsBlank(c);
    return p.match_case == Case::kInsensitive ? Lower(c) == Lower(p.text[0]) : c == p.text[0];
  }
  // Whether c can be the byte after the first in a match of p: any byte
  // after a leading space (a run of blanks) or where p has one byte.
  static constexpr bool CanFollow(const Phrase& p, char c) {
    if (p.text[0] == ' ' || p.size() < 2) return true;
    if (p.text[1] == ' ') return IsBlank(c);
    return p.match_case == Case::kInsensitive ? Lower(c) == Lower(p.text[1]) : c == p.text[1];
  }

  std::array<Phrase, N> phrases_;
  std::array<std::uint32_t, 256> by_first_byte_{}, by_second_byte_{};
};

// MTUS parts under every name the letters use (vocab::kMtusPartNames, from
// data/vocab/mtus.tsv and mtus_names.tsv, a name before any that begins
// it). The 2014-15 letters name the 2009 guidelines ("Chronic Pain Treatment
// Guidelines"); the 2016-17 ones the 2016 parts.
using vocab::kMtusPartNames;

// The ACOEM Practice Guidelines (2nd ed.) chapters the MTUS adopted: 1-7 are
// its General Approaches, 8-15 one part each. A 2014-15 letter may cite
// "MTUS ACOEM Chapter 12 Low Back Complaints".
constexpr std::array<std::string_view, 8> kChapterParts = {
    "Neck and Upper Back Complaints",      "Shoulder Complaints",      "Elbow Complaints",
    "Forearm, Wrist, and Hand Complaints", "Low Back Complaints",      "Knee Complaints",
    "Ankle and Foot Complaints",           "Stress Related Conditions"};
constexpr std::array<Phrase, 7> kGeneralChapters = {Phrase("Prevention"),
                                                    Phrase("General Approach to Initial Assessment and Documentation"),
                                                    Phrase("Initial Approaches to Treatment"),
                                                    Phrase("Work-Relatedness"),
                                                    Phrase("Cornerstones of Disability Prevention and Management"),
                                                    Phrase("Pain, Suffering, and the Restoration of Function"),
                                                    Phrase("Independent Medical Examinations and Consultations")};

// ODG chapters, reported under the names of the ODG table of contents
// (vocab::kOdgChapterNames, from data/vocab/odg.tsv and odg_names.tsv, a
// name before any that begins it). Letters add "(Acute & Chronic)",
// "(updated 11/22/16)" or "Chapter", which are skipped after the name.
using vocab::kOdgChapterNames;

// The sentences of a block. The letters print them with fixed capitals, as
// they do the labels, so they are matched exactly.
enum Sentence : std::size_t { kNoEvidence, kOutside, kNotOnMtus, kNoGuidelines, kStatement };
constexpr PhraseList<5> kSentences(std::array{
    Phrase("did not cite any medical evidence", Case::kSensitive), Phrase("outside of the MTUS", Case::kSensitive),
    Phrase("did not base their decision on the MTUS", Case::kSensitive),
    Phrase("No guidelines found", Case::kSensitive), Phrase("Decision based on ", Case::kSensitive)});
// BlockIndex marks where a sentence's first two bytes are: they must be
// bytes, not a space that matches any run of blanks.
static_assert([] {
  for (std::size_t i = 0; i < kSentences.size(); ++i) {
    if (kSentences[i].text[0] == ' ' || kSentences[i].text[1] == ' ') return false;
  }
  return true;
}());

constexpr Phrase kPagesLabel("Page(s):");
static_assert(kPagesLabel.text.back() == ':');

// 8 bytes from p, the first in the low byte (so that std::countr_zero of a
// difference finds the first byte that differs).
std::uint64_t Load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// The block, read once: a copy followed by kPadding zero bytes (so phrases
// are compared a word at a time with no bounds checks; no phrase has a zero
// byte) and, for each kind of position the parsers look for, one bit per
// byte of the block.
// Lifetime: views the block. Not copyable: it points into its own storage.
class BlockIndex {
 public:
  enum Mark : std::size_t {
    kSentence,  // the first two bytes of a sentence of kSentences
    kComma,
    kColon,    // ':', which ends every "Page(s):"
    kCapital,  // 'O' or 'A', the first byte of every source's name
    kMarks
  };

  explicit BlockIndex(std::string_view block);
  BlockIndex(const BlockIndex&) = delete;
  BlockIndex& operator=(const BlockIndex&) = delete;

  std::string_view text() const { return text_; }
  // text()[pos], or 0 past the end (pos <= text().size() + 1: in the padding).
  char At(std::size_t pos) const { return copy_[pos]; }

  // The first position at or after pos that is not a blank (pos itself
  // past the end; pos <= text().size() + 1), with no bounds check: the
  // padding's zero bytes are no blanks.
  std::size_t SkipBlanks(std::size_t pos) const {
    while (IsBlankByte(copy_[pos])) ++pos;
    return pos;
  }

  // AtWordEnd(text(), pos), inline: it follows most matches.
  bool WordEndsAt(std::size_t pos) const { return pos >= text_.size() || !IsLetterOrDigit(copy_[pos]); }

  // The `mark` bits of the 64 bytes from 64 * word (word * 64 < text().size()):
  // bit i for byte 64 * word + i, none past the end.
  std::uint64_t Marks(Mark mark, std::size_t word) const { return marks_[word][mark]; }

  // The first `mark` in [from, to), or `to`; to <= text().size().
  std::size_t Next(Mark mark, std::size_t from, std::size_t to) const {
    if (from >= to) return to;
    std::size_t word = from / 64;
    std::uint64_t bits = marks_[word][mark] & (~std::uint64_t{0} << (from % 64));
    while (bits == 0) {
      if (++word * 64 >= to) return to;
      bits = marks_[word][mark];
    }
    return std::min(word * 64 + std::countr_zero(bits), to);
  }

  // Whether the bytes at pos are those of `phrase` (at most 8 bytes), its
  // spaces as they are: StartsWithNoCase (when case does not count), where
  // Match would take a run of blanks for a space.
  bool IsAt(std::size_t pos, const Phrase& phrase) const {
    return (((Load64(copy_ + pos) | phrase.fold[0]) ^ phrase.bytes[0]) & phrase.care[0]) == 0;
  }

  // The first "Page(s):" (any case) that starts at or after `from` and ends
  // by `to`, or `to`. Each ends in a colon, and colons are few.
  std::size_t NextPagesLabel(std::size_t from, std::size_t to) const {
    constexpr std::size_t kColonAt = kPagesLabel.size() - 1;
    for (std::size_t colon = Next(kColon, from + kColonAt, to); colon < to; colon = Next(kColon, colon + 1, to)) {
      if (Match(colon - kColonAt, kPagesLabel) != 0) return colon - kColonAt;
    }
    return to;
  }

  // MatchPhraseAt(text(), pos, phrase.text, phrase.match_case).
  std::size_t Match(std::size_t pos, const Phrase& phrase) const {
    if (pos > text_.size()) return 0;
    const char* t = copy_ + pos;
    // Most tries fail before the first space.
    if (((Load64(t) | phrase.fold[0]) ^ phrase.bytes[0]) & phrase.lead) return 0;
    for (std::size_t k = 0; k < phrase.words; ++k) {
      const std::uint64_t diff = ((Load64(t + 8 * k) | phrase.fold[k]) ^ phrase.bytes[k]) & phrase.care[k];
      if (diff != 0) return MatchFrom(pos, phrase, 8 * k + static_cast<std::size_t>(std::countr_zero(diff)) / 8);
    }
    // A final space takes the whole run of blanks.
    return phrase.text.back() == ' ' ? SkipBlanks(pos + phrase.size()) - pos : phrase.size();
  }

 private:
  // The 8 bytes of one of a Phrase's words arrays that start at byte j, as
  // Load64 would load them (zero past the end).
  static std::uint64_t PhraseWord(const std::array<std::uint64_t, Phrase::kMaxSize / 8>& words, std::size_t j) {
    const std::size_t k = j / 8, shift = 8 * (j % 8);
    if (shift == 0) return words[k];
    const std::uint64_t next = k + 1 < words.size() ? words[k + 1] : 0;
    return words[k] >> shift | next << (64 - shift);
  }

  // Match, from phrase.text[j] and text()[pos + j] on, where the first j
  // bytes are equal and these two differ. They can only differ where a run of
  // blanks stands for a space of the phrase: at the space (a blank other than
  // ' ') or just after it (more blanks after a ' '). The space takes the
  // whole run, as in MatchPhraseAt, and the comparison goes on 8 bytes at a
  // time after it. Reads at most 8 bytes past the block, in the padding
  // (whose zero bytes no phrase holds).
  std::size_t MatchFrom(std::size_t pos, const Phrase& phrase, std::size_t j) const {
    std::size_t at = pos + j;
    while (true) {
      if (!IsBlankByte(copy_[at])) return 0;
      if (phrase.text[j] == ' ') {
        ++j;
      } else if (j == 0 || phrase.text[j - 1] != ' ') {
        return 0;
      }
      at = SkipBlanks(at);
      while (true) {
        if (j >= phrase.size()) return at - pos;
        const std::uint64_t diff = ((Load64(copy_ + at) | PhraseWord(phrase.fold, j)) ^ PhraseWord(phrase.bytes, j)) &
                                   PhraseWord(phrase.care, j);
        if (diff != 0) {
          const auto d = static_cast<std::size_t>(std::countr_zero(diff)) / 8;
          j += d;
          at += d;
          break;
        }
        const std::size_t n = std::min<std::size_t>(8, phrase.size() - j);
        j += n;
        at += n;
        if (j == phrase.size() && phrase.text.back() == ' ') return SkipBlanks(at) - pos;
      }
    }
  }

 private:
  static constexpr std::size_t kPadding = Phrase::kMaxSize;
  // Blocks up to this size (all but malformed ones) are indexed on the stack.
  static constexpr std::size_t kInlineSize = 1024;
  using MarkWord = std::array<std::uint64_t, kMarks>;  // the marks of 64 bytes

  void MarkBytes();
#if defined(__SSE2__)
  void MarkBytesAvx2();
#endif

  std::string_view text_;
  char* copy_;
  MarkWord* marks_;
  std::array<char, kInlineSize + kPadding> inline_bytes_;
  std::array<MarkWord, kInlineSize / 64> inline_marks_;
  std::unique_ptr<char[]> heap_bytes_;
  std::unique_ptr<MarkWord[]> heap_marks_;
};

BlockIndex::BlockIndex(std::string_view block) : text_(block) {
  const std::size_t n = block.size();
  copy_ = inline_bytes_.data();
  marks_ = inline_marks_.data();
  if (n > kInlineSize) {
    heap_bytes_ = std::make_unique_for_overwrite<char[]>(n + kPadding);
    heap_marks_ = std::make_unique_for_overwrite<MarkWord[]>(n / 64 + 1);
    copy_ = heap_bytes_.get();
    marks_ = heap_marks_.get();
  }
  if (n != 0) std::memcpy(copy_, block.data(), n);
  std::memset(copy_ + n, 0, kPadding);
  MarkBytes();
}

// Sets the marks one byte at a time: the definition of the marks.
void BlockIndex::MarkBytes() {
#if defined(__SSE2__)
  if (HasAvx2()) return MarkBytesAvx2();
#endif
  const std::size_t n = text_.size();
  for (std::size_t at = 0; at < n; at += 64) {
    MarkWord word{};
    for (std::size_t k = 0; k < 64 && at + k < n; ++k) {
      const std::uint64_t bit = std::uint64_t{1} << k;
      const char* p = copy_ + at + k;
      for (std::size_t i = 0; i < kSentences.size(); ++i) {
        if (p[0] == kSentences[i].text[0] && p[1] == kSentences[i].text[1]) word[kSentence] |= bit;
      }
      if (p[0] == ',') word[kComma] |= bit;
      if (p[0] == ':') word[kColon] |= bit;
      if (p[0] == 'O' || p[0] == 'A') word[kCapital] |= bit;
    }
    marks_[at / 64] = word;
  }
}

#if defined(__SSE2__)
// The classes of bytes MarkBytesAvx2 looks for, by table lookup on each
// half of a byte (_mm256_shuffle_epi8 looks up 32 at once): bit b of byte
// c's class is low[c & 15] & high[c >> 4]. That is exact when the bytes
// given bit b are every combination of their halves: one byte, or 'O' and
// 'A' (0x4f, 0x41). Bit i < kSentences.size() is sentence i's first byte
// (in kFirstBytes) or its second (in kSecondBytes).
struct NibbleClasses {
  std::array<std::uint8_t, 16> low{}, high{};

  constexpr void Add(char c, std::size_t bit) {
    const auto byte = static_cast<unsigned char>(c);
    low[byte & 15] |= static_cast<std::uint8_t>(1u << bit);
    high[byte >> 4] |= static_cast<std::uint8_t>(1u << bit);
  }
  constexpr std::uint8_t Of(char c) const {
    const auto byte = static_cast<unsigned char>(c);
    return low[byte & 15] & high[byte >> 4];
  }
};
enum : std::size_t { kCommaBit = kSentences.size(), kColonBit, kCapitalBit };
static_assert(kCapitalBit == 7, "MarkBytesAvx2 reads each bit by shifting it to the top of its byte");
constexpr NibbleClasses kFirstBytes = [] {
  NibbleClasses classes;
  for (std::size_t i = 0; i < kSentences.size(); ++i) classes.Add(kSentences[i].text[0], i);
  classes.Add(',', kCommaBit);
  classes.Add(':', kColonBit);
  classes.Add('O', kCapitalBit);
  classes.Add('A', kCapitalBit);
  return classes;
}();
constexpr NibbleClasses kSecondBytes = [] {
  NibbleClasses classes;
  for (std::size_t i = 0; i < kSentences.size(); ++i) classes.Add(kSentences[i].text[1], i);
  return classes;
}();
// The lookups are exact: each byte gets the bits of the marks it can start.
static_assert([] {
  for (std::size_t byte = 0; byte < 256; ++byte) {
    const auto c = static_cast<char>(byte);
    std::uint8_t first = 0, second = 0;
    for (std::size_t i = 0; i < kSentences.size(); ++i) {
      if (c == kSentences[i].text[0]) first |= static_cast<std::uint8_t>(1u << i);
      if (c == kSentences[i].text[1]) second |= static_cast<std::uint8_t>(1u << i);
    }
    if (c == ',') first |= 1u << kCommaBit;
    if (c == ':') first |= 1u << kColonBit;
    if (c == 'O' || c == 'A') first |= 1u << kCapitalBit;
    if (kFirstBytes.Of(c) != first || kSecondBytes.Of(c) != second) return false;
  }
  return true;
}());

// The classes (NibbleClasses) of 32 bytes.
__attribute__((target("avx2"))) __m256i ClassesOf(__m256i bytes, const NibbleClasses& classes) {
  const __m256i low =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(classes.low.data())));
  const __m256i high =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(classes.high.data())));
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  return _mm256_and_si256(_mm256_shuffle_epi8(low, _mm256_and_si256(bytes, nibble)),
                          _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble)));
}

// MarkBytes 32 bytes a step, for machines with AVX2 (Debian's x86-64
// baseline stops at SSE2, so it is chosen at run time), each byte's marks
// by two table lookups (ClassesOf) rather than a comparison per byte value.
// Reads up to 32 bytes past the block, in its padding.
__attribute__((target("avx2"))) void BlockIndex::MarkBytesAvx2() {
  const std::size_t n = text_.size();
  constexpr std::uint8_t kSentenceBits = (1u << kSentences.size()) - 1;
  for (std::size_t at = 0; at < n; at += 64) {
    MarkWord word{};
    for (std::size_t k = 0; k < 64 && at + k < n; k += 32) {
      const char* p = copy_ + at + k;
      const __m256i first = ClassesOf(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), kFirstBytes);
      const __m256i second = ClassesOf(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1)), kSecondBytes);
      const __m256i no_sentence = _mm256_cmpeq_epi8(
          _mm256_and_si256(_mm256_and_si256(first, second), _mm256_set1_epi8(kSentenceBits)), _mm256_setzero_si256());
      // movemask reads the top bit of each byte: a 16-bit shift moves a
      // byte's bit there from within the same byte.
      const std::uint32_t found[kMarks] = {
          ~static_cast<std::uint32_t>(_mm256_movemask_epi8(no_sentence)),
          static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_slli_epi16(first, 7 - kCommaBit))),
          static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_slli_epi16(first, 7 - kColonBit))),
          static_cast<std::uint32_t>(_mm256_movemask_epi8(first))};
      for (std::size_t m = 0; m < kMarks; ++m) word[m] |= std::uint64_t{found[m]} << k;
    }
    marks_[at / 64] = word;
  }
}
#endif

// Names tried in table order, as NameTable, but compared with
// BlockIndex::Match.
template <std::size_t N>
class PhraseTable {
 public:
  constexpr explicit PhraseTable(const std::array<Name, N>& names) : written_(Written(names)) {
    for (std::size_t i = 0; i < N; ++i) canonical_[i] = names[i].canonical;
  }

  // The canonical name of the first name written at text[pos] that ends a
  // word within text[0, end), or "": NameTable::MatchAt on text[0, end).
  // Sets *length.
  std::string_view MatchAt(const BlockIndex& b, std::size_t pos, std::size_t end, std::size_t* length) const {
    if (pos >= end) return {};
    for (std::uint32_t names = written_.StartingWith(b.At(pos), b.At(pos + 1)); names != 0; names &= names - 1) {
      const auto i = static_cast<std::size_t>(std::countr_zero(names));
      const std::size_t n = b.Match(pos, written_[i]);
      if (n != 0 && pos + n <= end && (pos + n == end || b.WordEndsAt(pos + n))) {
        *length = n;
        return canonical_[i];
      }
    }
    return {};
  }

 private:
  static constexpr PhraseList<N> Written(const std::array<Name, N>& names) {
    std::array<Phrase, N> written;
    for (std::size_t i = 0; i < N; ++i) written[i] = Phrase(names[i].written);
    return PhraseList<N>(written);
  }

  PhraseList<N> written_;
  std::array<std::string_view, N> canonical_{};
};

constexpr PhraseTable kMtusParts(kMtusPartNames);
constexpr PhraseTable kOdgChapters(kOdgChapterNames);

// text[from, to) without surrounding blanks, a final period and trailing
// connectives ("..., and", "... and the") that belong to the next citation.
// (With from > to, text[from, end of text).)
std::string_view Trimmed(const BlockIndex& b, std::size_t from, std::size_t to) {
  static constexpr Phrase kAnd("and"), kSpaceAnd(" and"), kSpaceAndThe(" and the");
  const std::string_view s = b.text();
  std::size_t end = from > to ? s.size() : std::min(to, s.size());
  std::size_t begin = std::min(b.SkipBlanks(from), end);
  // Each tail ends in its own byte, so at most one can be cut at a time.
  for (std::size_t cut = 1; cut != 0; end -= cut) {
    while (end > begin && IsBlankByte(s[end - 1])) --end;
    const std::size_t size = end - begin;
    const char last = size == 0 ? '\0' : s[end - 1];
    cut = last == '.' || last == ',' || last == ';' ? 1 : 0;
    if ((last | 0x20) == 'e' && size >= 8 && b.IsAt(end - 8, kSpaceAndThe)) cut = 8;
    if ((last | 0x20) == 'd' && size >= 4 && b.IsAt(end - 4, kSpaceAnd)) cut = 4;
  }
  if (end - begin == kAnd.size() && b.IsAt(begin, kAnd)) return {};
  return s.substr(begin, end - begin);
}

// A 4-digit edition year at s[pos] (1990-2039), as a whole word.
int YearAt(const BlockIndex& b, std::size_t pos) {
  const std::string_view s = b.text();
  if (pos + 4 > s.size() || !b.WordEndsAt(pos + 4)) return 0;
  int year = 0;
  for (std::size_t k = pos; k < pos + 4; ++k) {
    if (!IsDigit(s[k])) return 0;
    year = year * 10 + (s[k] - '0');
  }
  return year >= 1990 && year < 2040 ? year : 0;
}

// "Chapter 12 " (optionally after "ACOEM "): the chapter number, or 0.
int ChapterAt(const BlockIndex& b, std::size_t pos, std::size_t* end) {
  static constexpr Phrase kAcoem("ACOEM "), kChapter("Chapter ");
  const std::string_view s = b.text();
  if (std::size_t n = b.Match(pos, kAcoem); n != 0) pos = b.SkipBlanks(pos + n);
  const std::size_t n = b.Match(pos, kChapter);
  if (n == 0) return 0;
  pos = b.SkipBlanks(pos + n);
  int chapter = 0;
  while (pos < s.size() && IsDigit(s[pos]) && chapter < 100) chapter = chapter * 10 + (s[pos++] - '0');
  if (chapter == 0 || !b.WordEndsAt(pos)) return 0;
  *end = b.SkipBlanks(pos);
  return chapter;
}

// Where the MTUS part at s[pos] is named: a table name or an ACOEM chapter.
struct PartMatch {
  std::string_view canonical;
  std::size_t end = 0;            // after the name
  std::string_view chapter_name;  // a general-approaches chapter's name
};

bool MatchMtusPart(const BlockIndex& b, std::size_t pos, PartMatch* m);

// MatchMtusPart where no name of the table is written at s[pos]: an ACOEM
// chapter. Apart, so that the names the table finds (most parts) cost no
// more than the table lookup.
[[gnu::noinline]] bool MatchMtusChapter(const BlockIndex& b, std::size_t pos, PartMatch* m) {
  const std::string_view s = b.text();
  std::size_t after = 0;
  const int chapter = ChapterAt(b, pos, &after);
  if (chapter == 0) return false;
  if (chapter >= 1 && chapter <= 7) {
    // The chapter's own name becomes its section; when it is not the one we
    // know, it runs to the next comma or Page(s).
    std::size_t len = b.Match(after, kGeneralChapters[chapter - 1]);
    if (len == 0) {
      len = std::min(b.Next(BlockIndex::kComma, after, s.size()), b.NextPagesLabel(after, s.size())) - after;
    }
    *m = {"General Approaches", after + len, Trimmed(b, after, after + len)};
    return true;
  }
  if (chapter >= 8 && chapter < 8 + static_cast<int>(kChapterParts.size())) {
    const std::string_view part = kChapterParts[chapter - 8];
    PartMatch named;
    std::size_t end = after;
    if (MatchMtusPart(b, after, &named)) end = named.end;  // the chapter's name, when written
    *m = {part, end, {}};
    return true;
  }
  return false;
}

inline bool MatchMtusPart(const BlockIndex& b, std::size_t pos, PartMatch* m) {
  std::size_t n = 0;
  if (const std::string_view part = kMtusParts.MatchAt(b, pos, b.text().size(), &n); !part.empty()) {
    *m = {part, pos + n, {}};
    return true;
  }
  // A chapter is written "ACOEM Chapter" or "Chapter", in any case.
  const char first = static_cast<char>(b.At(pos) | 0x20);
  return (first == 'a' || first == 'c') && MatchMtusChapter(b, pos, m);
}

// The start of the next part in an MTUS statement: a comma (", and", ",")
// followed by a part name, with *next_part where the name starts and *part
// its MatchMtusPart. Returns `end` (and *next_part = end) when none follows.
std::size_t NextPartBoundary(const BlockIndex& b, std::size_t pos, std::size_t end, std::size_t* next_part,
                             PartMatch* part) {
  static constexpr Phrase kAnd("and ");
  for (std::size_t p = b.Next(BlockIndex::kComma, pos, end); p < end; p = b.Next(BlockIndex::kComma, p + 1, end)) {
    std::size_t q = b.SkipBlanks(p + 1);
    if (std::size_t n = b.Match(q, kAnd); n != 0) q = b.SkipBlanks(q + n);
    PartMatch m;
    if (q < end && MatchMtusPart(b, q, &m)) {
      *next_part = q;
      *part = m;
      return p;
    }
  }
  *next_part = end;
  return end;
}

// "43, 49, 83-84 of 127, 92" -> {"43", "49", "83-84", "92"}; stops at the
// first thing that is not a page.
void ParsePages(const BlockIndex& b, std::size_t pos, std::size_t end, std::vector<std::string_view>* pages) {
  static constexpr Phrase kOf("of ");
  const std::string_view s = b.text();
  while (true) {
    pos = b.SkipBlanks(pos);
    const std::size_t begin = pos;
    while (pos < end) {
      if (IsDigit(s[pos])) {
        ++pos;
        continue;
      }
      if (s[pos] != '-' || pos == begin) break;
      const std::size_t next = b.SkipBlanks(pos + 1);
      if (next >= end || !IsDigit(s[next])) break;
      pos = next;  // "46-47", or "8-" at a line end and "10" on the next
    }
    if (pos == begin) return;
    pages->push_back(s.substr(begin, pos - begin));
    pos = b.SkipBlanks(pos);
    if (std::size_t n = b.Match(pos, kOf); n != 0) {  // "46-47 of 127"
      pos = b.SkipBlanks(pos + n);
      while (pos < end && IsDigit(s[pos])) ++pos;
      pos = b.SkipBlanks(pos);
    }
    if (pos >= end || s[pos] != ',') return;
    ++pos;
  }
}

// A new citation of `source`, on storage kept from an earlier letter.
Citation& AddCitation(CitationSource source, Guideline* g, Letter* storage) {
  Citation& c = storage->AddCitation(g);
  c.source = source;
  return c;
}

// The citation to add to: the last one when it is the same MTUS part cited
// again, else a new one.
Citation& CitationFor(std::string_view canonical, Guideline* g, Letter* storage) {
  if (!g->citations.empty() && g->citations.back().source == CitationSource::kMtus &&
      g->citations.back().part == canonical) {
    return g->citations.back();
  }
  Citation& c = AddCitation(CitationSource::kMtus, g, storage);
  c.part = canonical;
  return c;
}

// One "Decision based on MTUS ..." statement, s[pos, end).
void ParseMtusStatement(const BlockIndex& b, std::size_t pos, std::size_t end, Guideline* g, Letter* storage) {
  static constexpr Phrase kSectionLabel("Section(s):");
  const std::string_view s = b.text();
  pos = b.SkipBlanks(pos);
  PartMatch m;
  bool matched = false;  // whether m is the part at pos already (NextPartBoundary found it)
  while (pos < end) {
    std::size_t next = end;
    if (!matched && !MatchMtusPart(b, pos, &m)) {
      // A part we do not know: keep its words as written, up to the next
      // known part.
      const std::size_t stop = NextPartBoundary(b, pos, end, &next, &m);
      const std::size_t page = b.NextPagesLabel(pos, stop);  // or stop
      Citation& c = AddCitation(CitationSource::kMtus, g, storage);
      c.part = Trimmed(b, pos, page);
      if (c.part.size() > 5 && c.part[c.part.size() - 5] == ' ') {  // "<part> 2011"
        const std::size_t year_at = static_cast<std::size_t>(c.part.data() - s.data()) + c.part.size() - 4;
        if ((c.year = YearAt(b, year_at)) != 0) c.part = TrimRightSpace(c.part.substr(0, c.part.size() - 4));
      }
      if (page != stop) ParsePages(b, page + kPagesLabel.size(), stop, &c.pages);
      pos = next;
      matched = next < end;
      continue;
    }
    Citation& c = CitationFor(m.canonical, g, storage);
    if (!m.chapter_name.empty()) c.sections.push_back(m.chapter_name);
    std::size_t p = b.SkipBlanks(m.end);
    if (const int year = YearAt(b, p); year != 0) {
      c.year = year;
      p += 4;
    }
    const std::size_t stop = NextPartBoundary(b, p, end, &next, &m);
    const std::size_t page = b.NextPagesLabel(p, stop);  // or stop: where the text ends
    // 2016: ", Section(s): X"; 2014: the topic between the name and Page(s).
    std::size_t q = b.SkipBlanks(p);
    if (q < page && s[q] == ',') q = b.SkipBlanks(q + 1);
    if (std::size_t n = b.Match(q, kSectionLabel); n != 0) q += n;
    if (std::string_view section = Trimmed(b, q, page); !section.empty()) c.sections.push_back(section);
    if (page != stop) ParsePages(b, page + kPagesLabel.size(), stop, &c.pages);
    pos = next;
    matched = next < end;
  }
}

// The source named at s[pos] in free text: "Official Disability Guidelines"
// (with its "(ODG)"), "ODG" or "ACOEM" as whole words, with their capitals.
// Returns the length of the name, 0 if none.
std::size_t SourceNameAt(const BlockIndex& b, std::size_t pos, CitationSource* source) {
  static constexpr Phrase kOfficial("Official Disability Guidelines", Case::kSensitive), kInitials("(ODG)");
  static constexpr std::array<std::pair<Phrase, CitationSource>, 2> kShortNames = {
      {{Phrase("ODG", Case::kSensitive), CitationSource::kOdg},
       {Phrase("ACOEM", Case::kSensitive), CitationSource::kAcoem}}};
  const std::string_view s = b.text();
  if (pos != 0 && IsLetterOrDigit(s[pos - 1])) return 0;  // AtWordStart
  if (std::size_t n = b.Match(pos, kOfficial); n != 0) {
    *source = CitationSource::kOdg;
    if (std::size_t m = b.Match(b.SkipBlanks(pos + n), kInitials); m != 0) n = b.SkipBlanks(pos + n) + m - pos;
    return n;
  }
  for (const auto& [name, src] : kShortNames) {
    if (b.Match(pos, name) != 0 && b.WordEndsAt(pos + name.size())) {
      *source = src;
      return name.size();
    }
  }
  return 0;
}

// An ODG citation's chapter and topic, s[pos, end) after the ODG name.
void ParseOdg(const BlockIndex& b, std::size_t pos, std::size_t end, Citation* c) {
  static constexpr PhraseList<3> kFillers(
      std::array{Phrase("Guidelines"), Phrase("Web Version"), Phrase("Online Version")});
  static constexpr Phrase kEdition("Edition"), kUpdated("(updated ");
  static constexpr PhraseList<5> kQualifiers(std::array{Phrase("(Acute & Chronic)"), Phrase("(Acute and Chronic)"),
                                                        Phrase("(Online Version)"), Phrase("Chapter"),
                                                        Phrase("section")});
  const std::string_view s = b.text();
  // Skip what stands between the name and the chapter: punctuation,
  // "Guidelines", an edition, a year, "Web Version". A round that skips
  // only punctuation ends it: another would find nothing more there.
  for (std::size_t words = kNone; words != pos;) {
    while (pos < end && IsOfClass(s[pos], kBlankByte | kOdgPunctuation)) ++pos;
    words = pos;
    for (std::size_t i = 0; i < kFillers.size(); ++i) {  // in turn, each where the one before ended
      if ((kFillers.StartingWith(b.At(pos), b.At(pos + 1)) >> i & 1) == 0) continue;
      if (std::size_t n = b.Match(pos, kFillers[i]); n != 0 && b.WordEndsAt(pos + n)) pos += n;
    }
    if (YearAt(b, pos) != 0) pos += 4;
    if (pos < end && IsDigit(s[pos])) {  // "14th Edition"
      std::size_t q = pos;
      while (q < end && !IsBlankByte(s[q])) ++q;
      if (std::size_t n = b.Match(b.SkipBlanks(q), kEdition); n != 0) pos = b.SkipBlanks(q) + n;
    }
  }
  std::size_t n = 0;
  if (const std::string_view chapter = kOdgChapters.MatchAt(b, pos, end, &n); !chapter.empty()) {
    c->part = chapter;
    pos += n;
    // Qualifiers of the chapter name, then the separator before the topic.
    for (std::size_t before = kNone; before != pos;) {
      before = pos;
      const std::size_t q = b.SkipBlanks(pos);
      for (std::uint32_t tries = kQualifiers.StartingWith(b.At(q), b.At(q + 1)); tries != 0; tries &= tries - 1) {
        const Phrase& qualifier = kQualifiers[static_cast<std::size_t>(std::countr_zero(tries))];
        if (std::size_t m = b.Match(q, qualifier); m != 0 && (s[q + m - 1] == ')' || b.WordEndsAt(q + m))) {
          pos = q + m;
        }
      }
      if (b.Match(q, kUpdated) != 0) {
        const std::size_t close = s.substr(0, end).find(')', q);
        if (close != kNone) pos = close + 1;
      }
    }
    while (pos < end && IsOfClass(s[pos], kBlankByte | kOdgPunctuation | kSlashByte)) ++pos;
  }
  if (std::string_view topic = Trimmed(b, pos, end); !topic.empty()) c->sections.push_back(topic);
}

// One "Decision based on Non-MTUS Citation ..." statement, s[pos, end): one
// citation per source named, each running to the next one; text before the
// first source (or with none) is one citation of source "other".
void ParseNonMtusStatement(const BlockIndex& b, std::size_t pos, std::size_t end, Guideline* g, Letter* storage) {
  // "Other Medical Treatment Guidelines" introduces a citation of its own.
  static constexpr Phrase kOther("Other Medical Treatment Guideline", Case::kSensitive),
      kOrEvidence(" or Medical Evidence:"), kNothingFound("No guidelines found");
  const std::string_view s = b.text();
  struct Mention {
    std::size_t at, name_end;
    CitationSource source;
  };
  std::array<Mention, 8> mentions;
  std::size_t count = 0;
  // Every name above starts with a capital 'O' or 'A'.
  for (std::size_t p = b.Next(BlockIndex::kCapital, pos, end); p < end && count < mentions.size();
       p = b.Next(BlockIndex::kCapital, p + 1, end)) {
    CitationSource source;
    if (std::size_t n = SourceNameAt(b, p, &source); n != 0 && p + n <= end) {
      mentions[count++] = {p, p + n, source};
      p += n - 1;
    } else if (std::size_t m = b.Match(p, kOther); m != 0) {
      std::size_t q = p + m;
      if (q < end && s[q] == 's') ++q;
      if (std::size_t e = b.Match(q, kOrEvidence); e != 0) q += e;
      mentions[count++] = {p, q, CitationSource::kOther};
      p = q - 1;
    }
  }
  auto add = [&](CitationSource source, std::size_t begin, std::size_t name_end, std::size_t e) {
    // After "Other Medical Treatment Guidelines" the citation is what follows
    // the words; after a source's name, it is the whole text.
    const std::string_view body = Trimmed(b, name_end, e);
    const bool named = source != CitationSource::kOther || name_end > begin;
    // (body is a view into s: Match there stops where MatchPhraseAt in body would.)
    if ((source == CitationSource::kOther && body.empty()) ||
        (!body.empty() && b.Match(static_cast<std::size_t>(body.data() - s.data()), kNothingFound) == body.size())) {
      return;
    }
    Citation& c = AddCitation(source, g, storage);
    if (source == CitationSource::kOdg) {
      ParseOdg(b, name_end, e, &c);
    } else {
      c.part = source == CitationSource::kOther && named ? body : Trimmed(b, begin, e);
    }
  };
  std::size_t first = 0;
  if (count == 0 || !Trimmed(b, pos, mentions[0].at).empty()) {
    std::size_t n = 0;
    if (count != 0 && mentions[0].source == CitationSource::kOdg &&
        !kOdgChapters.MatchAt(b, b.SkipBlanks(pos), s.size(), &n).empty()) {
      // "Shoulder (Acute & Chronic), Physical Therapy, ODG Preface": an ODG
      // chapter named before the ODG itself.
      add(CitationSource::kOdg, pos, pos, count > 1 ? mentions[1].at : end);
      first = 1;
    } else {
      add(CitationSource::kOther, pos, pos, count == 0 ? end : mentions[0].at);
    }
  }
  for (std::size_t k = first; k < count; ++k) {
    const std::size_t e = k + 1 < count ? mentions[k + 1].at : end;
    add(mentions[k].source, mentions[k].at, mentions[k].name_end, e);
  }
}

// "Non-MTUS Citation" at s[pos], also broken at its hyphen: "Non-" at a line
// end (layout and raw modes) or "NonMTUS" (plain pdftotext joins the line).
std::size_t NonMtusCitationAt(const BlockIndex& b, std::size_t pos) {
  static constexpr Phrase kNon("Non"), kMtusCitation("MTUS Citation");
  const std::string_view s = b.text();
  std::size_t p = pos + b.Match(pos, kNon);
  if (p == pos) return 0;
  if (p < s.size() && s[p] == '-') p = b.SkipBlanks(p + 1);
  const std::size_t n = b.Match(p, kMtusCitation);
  return n == 0 ? 0 : p + n - pos;
}

// A statement's words after "Decision based on ", s[body, end).
void ParseStatement(const BlockIndex& b, std::size_t body, std::size_t end, Guideline* g, Letter* storage) {
  static constexpr Phrase kMtus("MTUS");
  if (std::size_t n = NonMtusCitationAt(b, body); n != 0) {
    ParseNonMtusStatement(b, body + n, end, g, storage);
  } else if (std::size_t m = b.Match(body, kMtus); m != 0 && b.WordEndsAt(body + m)) {
    ParseMtusStatement(b, body + m, end, g, storage);
  }
}

}  // namespace

void ParseGuideline(std::string_view block, Guideline* g, Letter* storage) {
  g->no_evidence_cited = g->outside_mtus = g->no_guidelines_found = false;
  const BlockIndex b(block);
  // Every sentence is matched, overlapping ones too. A statement runs to the
  // next one, so it is parsed when the next is found (or the block ends).
  std::size_t body = kNone;  // where the words of the statement being read start
  for (std::size_t word = 0; word * 64 < block.size(); ++word) {
    for (std::uint64_t starts = b.Marks(BlockIndex::kSentence, word); starts != 0; starts &= starts - 1) {
      const std::size_t at = word * 64 + static_cast<std::size_t>(std::countr_zero(starts));
      for (std::uint32_t sentences = kSentences.StartingWith(block[at]); sentences != 0; sentences &= sentences - 1) {
        const auto sentence = static_cast<std::size_t>(std::countr_zero(sentences));
        const std::size_t length = b.Match(at, kSentences[sentence]);
        if (length == 0) continue;
        switch (sentence) {
          case kNoEvidence:
            g->no_evidence_cited = true;
            break;
          case kOutside:
          case kNotOnMtus:
            g->outside_mtus = true;
            break;
          case kNoGuidelines:
            g->no_guidelines_found = true;
            break;
          case kStatement:
            if (body != kNone) ParseStatement(b, body, at, g, storage);
            body = at + length;
            break;
        }
      }
    }
  }
  if (body != kNone) ParseStatement(b, body, block.size(), g, storage);
}

}  // namespace imr::extract
