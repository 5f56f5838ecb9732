// The header table in its three arrangements:
//   layout/raw:  "Date Assigned:  11/18/2016     Date of Injury:  10/10/2016"
//   default:     a block of labels, then a block of values, in the same order
//   all:         "Application" ... value ... "Received:" around the value
// One rule reads all of them: walk the header in text order; each label joins
// a queue of labels awaiting a value of its kind, and each value goes to the
// oldest waiting label of its kind.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"
#include "imr/extract/dates.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

enum class ValueKind { kCaseNumber, kDate, kPriority };

struct Label {
  std::string_view phrase;
  ValueKind kind;
  Date Letter::*date;  // for kDate
};

// "Application Received:" comes first so the whole label wins over "Application".
constexpr std::array<Label, 8> kLabels = {{
    {"Case Number:", ValueKind::kCaseNumber, nullptr},
    {"Date Assigned:", ValueKind::kDate, &Letter::date_assigned},
    {"Date of Injury:", ValueKind::kDate, &Letter::date_of_injury},
    {"Decision Date:", ValueKind::kDate, &Letter::decision_date},
    {"UR Denial Date:", ValueKind::kDate, &Letter::ur_denial_date},
    {"Priority:", ValueKind::kPriority, nullptr},
    {"Application Received:", ValueKind::kDate, &Letter::application_received},
    {"Application", ValueKind::kDate, &Letter::application_received},
}};

static_assert(std::ranges::all_of(kLabels, [](const Label& l) { return l.phrase.size() > 1 && l.phrase[1] != ' '; }),
              "ExtractHeader rules labels out by their second byte");

// A case number: two capital letters, two digits, '-', at least five digits,
// at s[pos], a word start (the walk below tries nothing else).
std::size_t CaseNumberLength(std::string_view s, std::size_t pos) {
  if (pos + 8 > s.size()) return 0;
  if (!IsUpper(s[pos]) || !IsUpper(s[pos + 1]) || !IsDigit(s[pos + 2]) || !IsDigit(s[pos + 3]) || s[pos + 4] != '-') {
    return 0;
  }
  std::size_t p = pos + 5;
  while (p < s.size() && IsDigit(s[p])) ++p;
  return p - pos >= 10 && AtWordEnd(s, p) ? p - pos : 0;
}

// What the walk does at a byte: word bytes are where tokens start, and
// among them only labels' first bytes, capitals (case numbers), digits
// (dates) and the priorities' first letters in either case start one. Every
// other word of the header is passed over whole.
enum ByteClass : std::uint8_t { kNotWord, kWord, kTokenStart };
constexpr std::array<ByteClass, 256> kByteClass = [] {
  std::array<ByteClass, 256> t{};
  for (char ch = 'a'; ch <= 'z'; ++ch) t[static_cast<unsigned char>(ch)] = kWord;
  for (char ch = 'A'; ch <= 'Z'; ++ch) t[static_cast<unsigned char>(ch)] = kWord;
  for (const Label& label : kLabels) t[static_cast<unsigned char>(label.phrase[0])] = kTokenStart;
  for (char ch = 'A'; ch <= 'Z'; ++ch) t[static_cast<unsigned char>(ch)] = kTokenStart;
  for (char ch = '0'; ch <= '9'; ++ch) t[static_cast<unsigned char>(ch)] = kTokenStart;
  for (char ch : {'s', 'e', 'S', 'E'}) t[static_cast<unsigned char>(ch)] = kTokenStart;
  return t;
}();

// The next word byte at or after `pos`, or s.size(). Layout-mode headers
// are mostly runs of spaces, passed 16 bytes a step. Between a header's
// words stand mostly whitespace, and after it mostly a word: the bytes above
// ' ' (one signed compare; those from 0x80 are below it) are the candidates,
// each told by kByteClass.
std::size_t NextWordByte(std::string_view s, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  for (; pos + 16 <= s.size(); pos += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(b, space))); mask != 0;
         mask &= mask - 1) {
      const std::size_t at = pos + static_cast<std::size_t>(__builtin_ctz(mask));
      if (kByteClass[static_cast<unsigned char>(s[at])] != kNotWord) return at;
    }
  }
#endif
  while (pos < s.size() && kByteClass[static_cast<unsigned char>(s[pos])] == kNotWord) ++pos;
  return pos;
}

// The end of the word (letters and digits) at or after `pos`.
std::size_t WordEndFrom(std::string_view s, std::size_t pos) {
  while (pos < s.size() && kByteClass[static_cast<unsigned char>(s[pos])] != kNotWord) ++pos;
  return pos;
}

// Length of the match of `phrase` at s[pos] as MatchPhraseAt finds it
// (case-sensitive), or 0. Labels are mostly written as listed: the bytes
// are compared as they stand, eight at a time, and only where they first
// differ at whitespace (a wider gap, a line break inside the label) is the
// general match needed, from the phrase's space where they part. Up to that
// byte both agree: each space of the phrase has met one space followed by
// the phrase's next, non-space byte.
std::size_t LabelLengthAt(std::string_view s, std::size_t pos, std::string_view phrase) {
  const std::size_t same = std::min(phrase.size(), s.size() - pos);
  std::size_t i = 0;
  for (; i + 8 <= same; i += 8) {
    std::uint64_t a, b;
    std::memcpy(&a, s.data() + pos + i, 8);
    std::memcpy(&b, phrase.data() + i, 8);
    if (a != b) {
      i += static_cast<std::size_t>(__builtin_ctzll(a ^ b)) / 8;  // little-endian: the first byte is lowest
      break;
    }
  }
  if (i + 8 > same && same == phrase.size() && same >= 8 && i < same) {
    // The last eight bytes at once, overlapping those already compared.
    std::uint64_t a, b;
    std::memcpy(&a, s.data() + pos + same - 8, 8);
    std::memcpy(&b, phrase.data() + same - 8, 8);
    i = a == b ? same : same - 8 + static_cast<std::size_t>(__builtin_ctzll(a ^ b)) / 8;
  }
  while (i < same && s[pos + i] == phrase[i]) ++i;
  if (i == phrase.size()) return i;
  if (i == same || !IsSpace(s[pos + i])) return 0;
  // A space of the phrase meets a longer or other whitespace run here, or
  // the run its previous byte began goes on: the run is passed, and the
  // phrase goes on after its space (a non-space byte) where the run ends.
  const std::size_t space = phrase[i] == ' ' ? i : i > 0 && phrase[i - 1] == ' ' ? i - 1 : std::string_view::npos;
  if (space == std::string_view::npos) return 0;
  std::size_t t = pos + i;
  while (t < s.size() && IsSpace(s[t])) ++t;
  if (t == s.size() || s[t] != phrase[space + 1]) return 0;
  const std::size_t rest = MatchPhraseAt(s, t, phrase.substr(space + 1), Case::kSensitive);
  return rest == 0 ? 0 : t - pos + rest;
}

// Whether `word` (lowercase letters) stands at s[pos] in either case. With
// 0x20 set in every byte, only a letter's two cases give its lowercase byte,
// so eight bytes are compared at once.
bool WordAtNoCase(std::string_view s, std::size_t pos, std::string_view word) {
  if (s.size() - pos < word.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= word.size(); i += 8) {
    std::uint64_t a, b;
    std::memcpy(&a, s.data() + pos + i, 8);
    std::memcpy(&b, word.data() + i, 8);
    if ((a | 0x2020202020202020) != b) return false;
  }
  for (; i < word.size(); ++i) {
    if ((s[pos + i] | 0x20) != word[i]) return false;
  }
  return true;
}

// The labels that start with each byte: kLabels lists them grouped by first
// byte, so each group is a range [begin, end) of it.
struct LabelRange {
  std::uint8_t begin = 0, end = 0;
};
constexpr std::array<LabelRange, 256> kLabelsByFirstByte = [] {
  std::array<LabelRange, 256> t{};
  for (std::size_t i = kLabels.size(); i-- > 0;) {
    LabelRange& r = t[static_cast<unsigned char>(kLabels[i].phrase[0])];
    if (r.end == 0) r.end = static_cast<std::uint8_t>(i + 1);
    r.begin = static_cast<std::uint8_t>(i);
  }
  return t;
}();

class LabelQueue {
 public:
  void Push(const Label* label) {
    if (size_ < pending_.size()) pending_[size_++] = label;
  }
  // Removes and returns the oldest waiting label of `kind`, or null.
  const Label* Pop(ValueKind kind) {
    for (std::size_t i = 0; i < size_; ++i) {
      if (pending_[i]->kind != kind) continue;
      const Label* label = pending_[i];
      for (std::size_t j = i + 1; j < size_; ++j) pending_[j - 1] = pending_[j];
      --size_;
      return label;
    }
    return nullptr;
  }
  // How many different labels of `kind` still wait (a label may wait twice).
  int DistinctWaiting(ValueKind kind) const {
    static_assert(kLabels.size() <= 32);
    std::uint32_t waiting = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      if (pending_[i]->kind == kind) waiting |= std::uint32_t{1} << (pending_[i] - kLabels.data());
    }
    return std::popcount(waiting);
  }

 private:
  std::array<const Label*, 16> pending_;  // the first size_ are set: no letter pays to zero the rest
  std::size_t size_ = 0;
};

}  // namespace

void ExtractHeader(std::string_view header, Letter* letter) {
  LabelQueue queue;
  bool saw_label = false;
  // Tokens start only at word starts; a token read may end inside a word,
  // whose rest is then passed over.
  for (std::size_t pos = NextWordByte(header, 0); pos < header.size(); pos = NextWordByte(header, pos)) {
    const char c = header[pos];
    // A word start: kByteClass tells a word byte by one load where
    // AtWordStart tests three ranges.
    if ((pos > 0 && kByteClass[static_cast<unsigned char>(header[pos - 1])] != kNotWord) ||
        kByteClass[static_cast<unsigned char>(c)] != kTokenStart) {
      pos = WordEndFrom(header, pos);
      continue;
    }
    const Label* matched = nullptr;
    std::size_t n = 0;
    const LabelRange labels = kLabelsByFirstByte[static_cast<unsigned char>(c)];
    // No label's second byte is a space, so LabelLengthAt matches none whose
    // second byte differs from the text's: most labels are ruled out by it.
    const char second = pos + 1 < header.size() ? header[pos + 1] : '\0';
    for (std::size_t i = labels.begin; i < labels.end; ++i) {
      if (kLabels[i].phrase[1] == second && (n = LabelLengthAt(header, pos, kLabels[i].phrase)) != 0) {
        matched = &kLabels[i];
        break;
      }
    }
    if (matched != nullptr) {
      saw_label = true;
      queue.Push(matched);
      pos += n;
      continue;
    }
    if (const std::size_t len = IsUpper(c) ? CaseNumberLength(header, pos) : 0) {
      if (queue.Pop(ValueKind::kCaseNumber) != nullptr) letter->case_number = header.substr(pos, len);
      pos += len;
      continue;
    }
    if (IsDigit(c)) {
      std::size_t len = 0;
      if (std::optional<Date> d = ParseNumericDate(header, pos, &len)) {
        if (const Label* label = queue.Pop(ValueKind::kDate)) letter->*(label->date) = *d;
        pos += len;
        continue;
      }
      // A date-shaped token that is no calendar date still answers its label.
      if (queue.Pop(ValueKind::kDate) != nullptr) letter->Warn(WarningCode::kBadDate);
      while (pos < header.size() && !IsSpace(header[pos])) ++pos;
      continue;
    }
    const char lower = ToLowerAscii(c);  // the priorities' first letters, in either case
    // The priorities hold no spaces: MatchPhraseAt would compare them byte for byte.
    if (lower == 's' && WordAtNoCase(header, pos, "standard") && AtWordEnd(header, pos + 8)) {
      if (queue.Pop(ValueKind::kPriority)) letter->priority = Priority::kStandard;
      pos += 8;
      continue;
    }
    if (lower == 'e' && WordAtNoCase(header, pos, "expedited") && AtWordEnd(header, pos + 9)) {
      if (queue.Pop(ValueKind::kPriority)) letter->priority = Priority::kExpedited;
      pos += 9;
      continue;
    }
    pos = WordEndFrom(header, pos);
  }
  if (!saw_label) return;
  // One warning for each date label left without a value: the queue is
  // read once, not once for each label.
  for (int n = queue.DistinctWaiting(ValueKind::kDate); n > 0; --n) letter->Warn(WarningCode::kMissingHeaderDate);
}

}  // namespace imr::extract
