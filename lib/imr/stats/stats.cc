#include "imr/stats/stats.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "imr/base/text.h"
#include "imr/extract/layout.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::stats {
namespace {

using extract::Citation;
using extract::CitationSource;
using extract::Date;
using extract::Guideline;
using extract::Item;
using extract::Letter;

void Bump(Counter& c, std::string_view key, std::uint64_t n = 1) { c[key] += n; }

template <typename Table>
void MergeTable(Table& into, const Table& from) {
  for (const auto& [key, value] : from) {
    if constexpr (std::is_integral_v<std::decay_t<decltype(value)>>) {
      into[key] += value;
    } else {
      into[key].Merge(value);
    }
  }
}

// Whitespace-normalised copy of raw letter text, in a per-thread buffer.
const std::string& Normalize(std::string_view raw, std::string* scratch) {
  scratch->clear();
  AppendNormalized(raw, scratch);
  return *scratch;
}

// "2016" / "2016-Q4" (or "unknown") in a small buffer: no allocation.
struct DateKey {
  char buf[16];
  std::size_t size = 0;  // 0: the date is absent
  std::string_view view() const { return size == 0 ? kUnknown : std::string_view(buf, size); }
};
DateKey YearKey(const Date& d) {
  DateKey k;
  if (d.present()) k.size = static_cast<std::size_t>(std::to_chars(k.buf, k.buf + sizeof k.buf, d.year).ptr - k.buf);
  return k;
}
DateKey QuarterKey(const Date& d) {
  DateKey k = YearKey(d);
  if (k.size == 0) return k;
  k.buf[k.size++] = '-';
  k.buf[k.size++] = 'Q';
  k.buf[k.size++] = static_cast<char>('0' + (d.month - 1) / 3 + 1);
  return k;
}

// A small sorted set of strings rebuilt for every letter or item. Its strings
// keep their capacity between uses, so once warm it allocates nothing (the
// statistics pass used to allocate several strings per item here).
class ScratchSet {
 public:
  void Clear() { size_ = 0; }
  // A new, empty member to fill in place.
  std::string& Add() {
    if (size_ == strings_.size()) strings_.emplace_back();
    std::string& s = strings_[size_++];
    s.clear();
    return s;
  }
  void Add(std::string_view v) { Add().assign(v.data(), v.size()); }
  void Drop() { --size_; }  // the member added last
  // Sorts and drops duplicates (moves swap buffers, so capacity is kept).
  void SortUnique() {
    const auto begin = strings_.begin(), end = begin + static_cast<std::ptrdiff_t>(size_);
    std::sort(begin, end);
    size_ = static_cast<std::size_t>(std::unique(begin, end) - begin);
  }
  bool empty() const { return size_ == 0; }
  const std::string* begin() const { return strings_.data(); }
  const std::string* end() const { return strings_.data() + size_; }
  friend bool operator==(const ScratchSet& a, const ScratchSet& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

 private:
  std::vector<std::string> strings_;
  std::size_t size_ = 0;
};

// A guideline block as sets: its sources, and its sources with their part.
struct CitedSet {
  ScratchSet sources;
  ScratchSet guidelines;
};

void Cited(const Guideline& g, CitedSet* s, std::string* scratch) {
  s->sources.Clear();
  s->guidelines.Clear();
  for (const Citation& c : g.citations) {
    const std::string_view source = extract::CitationSourceName(c.source);
    s->sources.Add(source);
    std::string& guideline = s->guidelines.Add();  // "MTUS: Low Back Complaints"
    guideline.append(source);
    guideline.append(": ");
    guideline.append(Normalize(c.part, scratch));
  }
  s->sources.SortUnique();
  s->guidelines.SortUnique();
}

// "same", "overlapping" or "different" for two sorted, non-empty sets.
std::string_view Agreement(const ScratchSet& a, const ScratchSet& b) {
  if (a == b) return "same";
  for (const std::string *x = a.begin(), *y = b.begin(); x != a.end() && y != b.end();) {
    if (*x == *y) return "overlapping";
    if (*x < *y) {
      ++x;
    } else {
      ++y;
    }
  }
  return "different";
}

// Per-thread buffers of AddLetter and AddGuideline.
struct Scratch {
  std::string text;   // a normalised span
  std::string part;   // a normalised MTUS part
  std::string topic;  // "part: section"
  ScratchSet specialties, parts;
  CitedSet claims_administrator, maximus;
};

void AddGuideline(const Guideline& g, const CitedSet& cited, GuidelineStats* s, Scratch* scratch) {
  if (g.text.data() == nullptr) {
    ++s->missing;
    return;
  }
  ++s->blocks;
  s->no_evidence_cited += g.no_evidence_cited;
  s->outside_mtus += g.outside_mtus;
  s->no_guidelines_found += g.no_guidelines_found;
  if (cited.sources.empty()) Bump(s->items_by_source, kNone);
  for (const std::string& source : cited.sources) Bump(s->items_by_source, source);
  for (const Citation& c : g.citations) {
    Bump(s->citations_by_source, extract::CitationSourceName(c.source));
    if (c.source != CitationSource::kMtus) continue;
    std::string& part = scratch->part;
    if (Normalize(c.part, &part).empty()) part.assign(kUnknown);
    Bump(s->mtus_parts, part);
    std::string& topic = scratch->topic;
    for (std::string_view section : c.sections) {
      topic.assign(part).append(": ");
      AppendNormalized(section, &topic);
      Bump(s->mtus_topics, topic);
    }
    if (c.sections.empty()) {
      for (std::string_view pages : c.pages) {
        topic.assign(part).append(": page(s) ");
        AppendNormalized(pages, &topic);
        Bump(s->mtus_topics, topic);
      }
    }
  }
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), so intervals cross months and leap years exactly.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::int64_t DaysBetween(const Date& from, const Date& to) {
  return DaysFromCivil(to.year, static_cast<unsigned>(to.month), static_cast<unsigned>(to.day)) -
         DaysFromCivil(from.year, static_cast<unsigned>(from.month), static_cast<unsigned>(from.day));
}

std::string_view AgeBand(int age) {
  if (age < 25) return "under 25";
  if (age < 35) return "25-34";
  if (age < 45) return "35-44";
  if (age < 55) return "45-54";
  if (age < 65) return "55-64";
  return "65 and over";
}

void Accounting::Merge(const Accounting& o) {
  files += o.files;
  files_failed += o.files_failed;
  bytes_read += o.bytes_read;
  bytes_skipped += o.bytes_skipped;
  bytes_blank += o.bytes_blank;
  skipped_ranges += o.skipped_ranges;
  records_failed += o.records_failed;
  letters_truncated += o.letters_truncated;
}

void GuidelineStats::Merge(const GuidelineStats& o) {
  blocks += o.blocks;
  missing += o.missing;
  no_evidence_cited += o.no_evidence_cited;
  outside_mtus += o.outside_mtus;
  no_guidelines_found += o.no_guidelines_found;
  MergeTable(items_by_source, o.items_by_source);
  MergeTable(citations_by_source, o.citations_by_source);
  MergeTable(mtus_parts, o.mtus_parts);
  MergeTable(mtus_topics, o.mtus_topics);
}

void Stats::AddLetter(const Letter& letter) {
  thread_local Scratch scratch;

  // Volumes and quality of the letter as a whole.
  ++letters;
  if (!letter.warnings.empty()) ++letters_with_warnings;
  for (const extract::Warning& w : letter.warnings) {
    ++warnings_by_code[static_cast<int>(w.code)];
    if (w.code == extract::WarningCode::kUnknownLayout || w.code == extract::WarningCode::kUnsupportedLayout) {
      ++letters_rejected;
    }
  }
  Bump(letters_by_layout, letter.layout != nullptr ? letter.layout->name : extract::UnknownLayout().name);
  items_per_letter.Add(static_cast<std::int64_t>(letter.items.size()));
  const Date& decided = letter.decision_date;
  const DateKey year_key = YearKey(decided), quarter_key = QuarterKey(decided);
  const std::string_view year = year_key.view(), quarter = quarter_key.view();
  Bump(letters_by_decision_year, year);
  Bump(letters_by_decision_quarter, quarter);
  Bump(letters_by_accident_year, YearKey(letter.date_of_injury).view());

  // Timing: only intervals whose both ends are known; a negative one is a
  // misread date (or a misprinted letter) and is counted, not averaged in.
  const auto interval = [&](const Date& from, Histogram* all, HistogramTable* by_quarter) {
    if (!from.present() || !decided.present()) return;
    const std::int64_t days = DaysBetween(from, decided);
    if (days < 0) {
      ++dates_out_of_order;
      return;
    }
    all->Add(days);
    if (by_quarter != nullptr) (*by_quarter)[quarter].Add(days);
  };
  interval(letter.application_received, &received_to_decision, &received_to_decision_by_quarter);
  interval(letter.ur_denial_date, &ur_denial_to_decision, &ur_denial_to_decision_by_quarter);
  interval(letter.date_of_injury, &injury_to_decision, nullptr);

  // Patients.
  const std::string_view age_band = letter.age ? AgeBand(*letter.age) : kUnknown;
  const std::string_view sex = letter.sex == extract::Sex::kUnknown ? kUnknown : extract::SexName(letter.sex);
  Bump(letters_by_age_band, age_band);
  Bump(letters_by_sex, sex);

  // Reviewer specialties, normalised once per letter.
  ScratchSet& specialties = scratch.specialties;
  specialties.Clear();
  for (std::string_view s : letter.specialties) {
    std::string& name = specialties.Add();
    AppendNormalized(s, &name);
    if (name.empty()) specialties.Drop();
  }
  specialties.SortUnique();
  if (specialties.empty()) specialties.Add(kUnknown);

  for (const Item& item : letter.items) {
    ++items;
    const extract::Outcome outcome = item.outcome;
    outcomes.Add(outcome);
    by_decision_year[year].Add(outcome);
    by_age_band[age_band].Add(outcome);
    by_sex[sex].Add(outcome);
    for (const std::string& s : specialties) by_specialty[s].Add(outcome);
    by_body_region[item.body_region.empty() ? kUnknown : item.body_region].Add(outcome);

    // Taxonomy: an item nobody classified counts as "other".
    const std::string_view category = item.category.empty() ? taxonomy::kOtherCategory : item.category;
    by_category[category].Add(outcome);
    if (!item.drug_class.empty()) by_drug_class[item.drug_class].Add(outcome);
    if (category == taxonomy::kOtherCategory) {
      ++items_unclassified;
      std::string& title = scratch.text;
      Normalize(item.disputed.empty() ? item.title : item.disputed, &title);
      for (char& c : title) c = ToLowerAscii(c);
      Bump(unclassified_titles, title);
    }

    // Guidelines, and the MAXIMUS reviewer's as an outcome breakdown.
    CitedSet& ca = scratch.claims_administrator;
    CitedSet& mx = scratch.maximus;
    Cited(item.claims_administrator, &ca, &scratch.text);
    Cited(item.maximus, &mx, &scratch.text);
    AddGuideline(item.claims_administrator, ca, &claims_administrator, &scratch);
    AddGuideline(item.maximus, mx, &maximus, &scratch);
    if (mx.sources.empty()) by_maximus_source[kNone].Add(outcome);
    for (const std::string& source : mx.sources) by_maximus_source[source].Add(outcome);
    ScratchSet& parts = scratch.parts;
    parts.Clear();
    for (const Citation& c : item.maximus.citations) {
      if (c.source != CitationSource::kMtus) continue;
      std::string& part = parts.Add();
      AppendNormalized(c.part, &part);
      if (part.empty()) part.assign(kUnknown);
    }
    parts.SortUnique();
    for (const std::string& part : parts) by_mtus_part[part].Add(outcome);

    if (ca.sources.empty() && mx.sources.empty()) {
      Bump(guideline_agreement, "neither_cites");
    } else if (mx.sources.empty()) {
      Bump(guideline_agreement, "only_claims_administrator_cites");
    } else if (ca.sources.empty()) {
      Bump(guideline_agreement, "only_maximus_cites");
    } else {
      std::string& key = scratch.text;
      key.assign(Agreement(ca.sources, mx.sources)).append("_sources");
      Bump(guideline_agreement, key);
      key.assign(Agreement(ca.guidelines, mx.guidelines)).append("_guidelines");
      Bump(guideline_agreement, key);
    }

    // Does the rationale's conclusion match the outcome? Upheld means the
    // service was found not medically necessary.
    if (!item.medically_necessary) {
      ++rationale_no_conclusion;
    } else if (*item.medically_necessary == (outcome == extract::Outcome::kOverturned)) {
      ++rationale_agrees;
    } else {
      ++rationale_disagrees;
    }
  }
}

void Stats::Merge(const Stats& o) {
  letters += o.letters;
  letters_with_warnings += o.letters_with_warnings;
  letters_rejected += o.letters_rejected;
  items += o.items;
  items_per_letter.Merge(o.items_per_letter);
  MergeTable(letters_by_decision_year, o.letters_by_decision_year);
  MergeTable(letters_by_decision_quarter, o.letters_by_decision_quarter);

  outcomes.Merge(o.outcomes);
  for (auto [into, from] : {std::pair{&by_category, &o.by_category}, {&by_drug_class, &o.by_drug_class},
                            {&by_decision_year, &o.by_decision_year}, {&by_specialty, &o.by_specialty},
                            {&by_maximus_source, &o.by_maximus_source}, {&by_mtus_part, &o.by_mtus_part},
                            {&by_body_region, &o.by_body_region}, {&by_age_band, &o.by_age_band},
                            {&by_sex, &o.by_sex}}) {
    MergeTable(*into, *from);
  }

  claims_administrator.Merge(o.claims_administrator);
  maximus.Merge(o.maximus);
  MergeTable(guideline_agreement, o.guideline_agreement);

  received_to_decision.Merge(o.received_to_decision);
  ur_denial_to_decision.Merge(o.ur_denial_to_decision);
  injury_to_decision.Merge(o.injury_to_decision);
  MergeTable(received_to_decision_by_quarter, o.received_to_decision_by_quarter);
  MergeTable(ur_denial_to_decision_by_quarter, o.ur_denial_to_decision_by_quarter);
  dates_out_of_order += o.dates_out_of_order;
  MergeTable(letters_by_accident_year, o.letters_by_accident_year);

  MergeTable(letters_by_age_band, o.letters_by_age_band);
  MergeTable(letters_by_sex, o.letters_by_sex);

  MergeTable(letters_by_layout, o.letters_by_layout);
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) warnings_by_code[i] += o.warnings_by_code[i];
  rationale_agrees += o.rationale_agrees;
  rationale_disagrees += o.rationale_disagrees;
  rationale_no_conclusion += o.rationale_no_conclusion;
  items_unclassified += o.items_unclassified;
  MergeTable(unclassified_titles, o.unclassified_titles);
  taxonomies.insert(o.taxonomies.begin(), o.taxonomies.end());
  accounting.Merge(o.accounting);
}

}  // namespace imr::stats
