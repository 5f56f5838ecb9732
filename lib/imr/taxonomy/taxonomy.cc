#include "imr/taxonomy/taxonomy.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

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
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
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
      return LineError(name, line_no,
                       absl::StrCat("category '", ToAbsl(rule.category), "' is not a lower-case identifier [a-z][a-z0-9_]*"));
    }
    if (drug_class != "-") {
      if (!IsIdentifier(drug_class)) {
        return LineError(name, line_no,
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

const Taxonomy& Taxonomy::Default() {
  static const Taxonomy* const kDefault = [] {
    absl::StatusOr<Taxonomy> t = Parse(DefaultTaxonomyText(), "data/taxonomy.tsv (built in)");
    if (!t.ok()) {
      // The built-in text is part of the program, not input: a test parses it,
      // so this only fires when a broken data file was built without tests.
      std::fprintf(stderr, "imr: internal error: %s\n", std::string(t.status().message()).c_str());
      std::abort();
    }
    return new Taxonomy(std::move(*t));
  }();
  return *kDefault;
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

void Taxonomy::FindDrugs(std::string_view text, std::vector<DrugMention>* out) const {
  thread_local std::string normalized;
  normalized.clear();
  AppendNormalized(text, &normalized);
  for (char& c : normalized) c = ToLowerAscii(c);
  // Matches arrive by end; the chosen ones are those no earlier-starting or
  // longer match covers, found once all are in.
  struct Match {
    std::size_t begin, end;
    int rule;
  };
  thread_local std::vector<Match> matches;
  matches.clear();
  matcher_.ForEachMatch(normalized, [&](int rule, std::size_t begin, std::size_t end) {
    const std::string& drug_class = rules_[rule].drug_class;
    if (!drug_class.empty() && drug_class != kOtherDrugClass) matches.push_back({begin, end, rule});
  });
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  const std::size_t first_new = out->size();
  std::size_t covered_to = 0;
  for (const Match& m : matches) {
    if (m.begin < covered_to) continue;
    covered_to = m.end;
    const std::string_view written = std::string_view(normalized).substr(m.begin, m.end - m.begin);
    if (std::none_of(written.begin(), written.end(), IsAlpha)) continue;
    const std::vector<std::string>& patterns = rules_[m.rule].patterns;
    const auto pattern = std::find(patterns.begin(), patterns.end(), written);
    if (pattern == patterns.end()) continue;  // never: patterns are stored lower-cased and collapsed, like the text
    const std::string_view name = *pattern;
    const auto seen = [&](const DrugMention& d) { return d.name == name; };
    if (std::none_of(out->begin() + static_cast<std::ptrdiff_t>(first_new), out->end(), seen)) {
      out->push_back({name, rules_[m.rule].drug_class});
    }
  }
}

}  // namespace imr::taxonomy
