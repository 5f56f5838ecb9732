#include "imr/taxonomy/taxonomy.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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
  // 16 bytes a step while the only bytes up to ' ' are spaces, none next to
  // another: a title's whole length in a few steps (a byte loop was a third
  // of Classify). Any other such byte leaves the rest to the byte loop.
  const __m128i space = _mm_set1_epi8(' ');
  unsigned previous_space = 0;  // the last block's last byte was a space
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const auto low = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, space), x)));
    const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, space)));
    if (low != spaces) break;
    if ((spaces & (spaces >> 1)) != 0 || (previous_space & spaces) != 0) return false;
    previous_space = spaces >> 15;
  }
  if (i > 0) --i;  // the byte loop checks the pair that spans the step's end
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
  t.matcher_ = matcher.Build();
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

// The key's bit in the filter (a Bloom filter of one hash).
std::uint32_t FilterBit(std::uint32_t key) { return (key * 0x9E3779B1u) >> 16; }

// Calls on_word(at, WordKey(text, at)) for every position where a run of
// letters or a run of digits starts: where the matcher's boundary rule lets
// a phrase that starts with a letter or digit begin.
template <typename OnWord>
void ForEachWordStart(std::string_view text, OnWord on_word) {
  std::size_t at = 0;
  unsigned previous_letter = 0, previous_digit = 0;  // the last block's top bits
#if defined(__SSE2__)
  const __m128i a = _mm_set1_epi8('a'), zero = _mm_set1_epi8('0'), case_bit = _mm_set1_epi8(0x20);
  const __m128i letters = _mm_set1_epi8(25), digits = _mm_set1_epi8(9);
  for (; at + 16 <= text.size(); at += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    // b - lo <= span, unsigned: min(b - lo, span) == b - lo.
    const __m128i l = _mm_sub_epi8(_mm_or_si128(x, case_bit), a), d = _mm_sub_epi8(x, zero);
    const auto letter = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(l, letters), l)));
    const auto digit = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, digits), d)));
    unsigned starts = (letter & ~(letter << 1 | previous_letter)) | (digit & ~(digit << 1 | previous_digit));
    previous_letter = letter >> 15;
    previous_digit = digit >> 15;
    const unsigned word = letter | digit;
    for (; starts != 0; starts &= starts - 1) {
      const auto bit = static_cast<unsigned>(__builtin_ctz(starts));
      if (bit > 12) {  // the key's bytes run past the block
        on_word(at + bit, WordKey(text, at + bit));
        continue;
      }
      // The key from the block: four bytes, letters lower-cased by their
      // case bit (digits have it already), cut where the word ends.
      static constexpr std::uint32_t kKeep[] = {0, 0xff, 0xffff, 0xffffff, 0xffffffff};
      const auto length = std::min(4u, static_cast<unsigned>(__builtin_ctz(~(word >> bit))));
      std::uint32_t bytes;
      std::memcpy(&bytes, text.data() + at + bit, 4);
      on_word(at + bit, (bytes | 0x20202020u) & kKeep[length]);
    }
  }
#endif
  for (; at < text.size(); ++at) {
    const char c = text[at];
    const unsigned letter = IsAlpha(c), digit = IsDigit(c);
    if ((letter && !previous_letter) || (digit && !previous_digit)) on_word(at, WordKey(text, at));
    previous_letter = letter;
    previous_digit = digit;
  }
}

}  // namespace

void Taxonomy::IndexDrugNames() {
  std::size_t patterns = 0;
  for (const Rule& rule : rules_) patterns += rule.patterns.size();
  drug_entries_.clear();
  drug_entries_.reserve(patterns);
  drug_words_.assign(65536 / 64, 0);
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    const bool drug = !rule.drug_class.empty() && rule.drug_class != kOtherDrugClass;
    for (std::size_t k = 0; k < rule.patterns.size(); ++k) {
      const std::string& pattern = rule.patterns[k];
      if (!drug || std::none_of(pattern.begin(), pattern.end(), IsAlpha)) {
        drug_entries_.emplace_back(-1, -1);
        continue;
      }
      drug_entries_.emplace_back(static_cast<int>(r), static_cast<int>(k));
      drugs_start_words_ = drugs_start_words_ && kWordByte[static_cast<unsigned char>(pattern[0])] != 0;
      const std::uint32_t bit = FilterBit(WordKey(pattern, 0));
      drug_words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
}

void Taxonomy::FindDrugs(std::string_view text, std::vector<DrugMention>* out) const {
  // A drug name starts a word (the matcher's boundary rule), so only words
  // whose first four bytes begin some name are tried, each with the matcher
  // anchored at its start: the rest of the text is passed over 16 bytes a
  // step. Of names that overlap, the one that starts first and then the
  // longest is kept.
  const std::size_t first_new = out->size();
  std::size_t covered_to = 0;
  const auto try_at = [&](std::size_t at) {
    if (at < covered_to) return;
    int longest = -1;
    std::size_t end = 0;
    matcher_.ForEachMatchAt(text, at, [&](int entry, int, std::size_t match_end) {
      if (drug_entries_[static_cast<std::size_t>(entry)].first >= 0) {
        longest = entry;
        end = match_end;
      }
    });
    if (longest < 0) return;
    covered_to = end;
    const auto [rule, pattern] = drug_entries_[static_cast<std::size_t>(longest)];
    const std::string_view name = rules_[static_cast<std::size_t>(rule)].patterns[static_cast<std::size_t>(pattern)];
    const auto seen = [&](const DrugMention& d) { return d.name == name; };
    if (std::none_of(out->begin() + static_cast<std::ptrdiff_t>(first_new), out->end(), seen)) {
      out->push_back({name, rules_[static_cast<std::size_t>(rule)].drug_class});
    }
  };
  if (!drugs_start_words_) {  // an edited taxonomy with a name like "(R)-x": every position
    for (std::size_t at = 0; at < text.size(); ++at) try_at(at);
    return;
  }
  ForEachWordStart(text, [&](std::size_t at, std::uint32_t key) {
    const std::uint32_t bit = FilterBit(key);
    if ((drug_words_[bit / 64] >> (bit % 64) & 1) != 0) try_at(at);
  });
}

}  // namespace imr::taxonomy
