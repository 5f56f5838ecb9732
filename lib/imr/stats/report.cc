#include "imr/stats/report.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/json_writer.h"
#include "imr/base/strings.h"
#include "imr/stats/rows.h"

namespace imr::stats {
namespace {

// ---------------------------------------------------------------------------
// Markdown.

std::string Rate(std::uint64_t n, std::uint64_t d) {
  if (d == 0) return "-";
  return absl::StrFormat("%.1f%% (%d/%d)", 100.0 * Ratio(n, d), n, d);
}

std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out.push_back(c);
  }
  return out;
}

class Table {
 public:
  // The first `left` columns (names) are left-aligned, the rest (numbers) right.
  explicit Table(std::vector<std::string> header, std::size_t left = 1) : header_(std::move(header)), left_(left) {}
  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }

  void AppendTo(std::string* out) const {
    if (rows_.empty()) {
      out->append("(none)\n\n");
      return;
    }
    const auto line = [&](const std::vector<std::string>& cells) {
      out->push_back('|');
      for (const std::string& c : cells) absl::StrAppend(out, " ", Cell(c), " |");
      out->push_back('\n');
    };
    line(header_);
    out->push_back('|');
    for (std::size_t i = 0; i < header_.size(); ++i) out->append(i < left_ ? "---|" : "---:|");
    out->push_back('\n');
    for (const auto& r : rows_) line(r);
    out->push_back('\n');
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t left_;
};

std::string Num(std::uint64_t n) { return absl::StrCat(n); }

void Heading(std::string* out, std::string_view level, std::string_view title) {
  absl::StrAppend(out, ToAbsl(level), " ", ToAbsl(title), "\n\n");
}

void OutcomeRows(Table* t, const OutcomeTable& m, const std::vector<std::string>& keys, std::size_t limit) {
  std::size_t shown = 0;
  for (const std::string& k : keys) {
    if (shown++ == limit) {
      t->Row({absl::StrCat("(", keys.size() - limit, " more rows in --format json)"), "", "", "", ""});
      break;
    }
    const OutcomeCounts& c = m.find(k)->second;
    t->Row({k, Num(c.total()), Num(c.upheld), Num(c.overturned), Rate(c.upheld, c.total())});
  }
}

void OutcomeTableMd(std::string* out, std::string_view title, std::string_view key_name, const OutcomeTable& m,
                    const std::vector<std::string>& keys, std::size_t limit = SIZE_MAX) {
  Heading(out, "###", title);
  Table t({std::string(key_name), "Items", "Upheld", "Overturned", "Uphold rate"});
  OutcomeRows(&t, m, keys, limit);
  t.AppendTo(out);
}

void ShareTableMd(std::string* out, std::string_view title, std::string_view key_name, std::string_view count_name,
                  const Rows& rows, std::uint64_t total) {
  Heading(out, "###", title);
  Table t({std::string(key_name), std::string(count_name), "Share"});
  for (const auto& [k, n] : rows) t.Row({k, Num(n), Rate(n, total)});
  t.AppendTo(out);
}

// The tables of `section` that tables.h declares: tables of counts (shares
// of letters), then tables of outcomes.
constexpr bool SectionCountsAreSharesOfLetters() {
  for (const TableSpec<Counts>& spec : kCountTables) {
    if (spec.section != Section::kOwnCode && spec.share != Share::kOfLetters) return false;
  }
  return true;
}
static_assert(SectionCountsAreSharesOfLetters());

void TablesMd(std::string* out, const Stats& s, Section section) {
  for (const TableSpec<Counts>& spec : kCountTables) {
    if (spec.section != section) continue;
    const Counter& m = s.table(spec.id);
    ShareTableMd(out, spec.title, spec.key_header, "Letters", RowsOf(m, Ordered(m, spec.order)), s.letters);
  }
  for (const TableSpec<Outcomes>& spec : kOutcomeTables) {
    if (spec.section != section) continue;
    const OutcomeTable& m = s.table(spec.id);
    OutcomeTableMd(out, spec.title, spec.key_header, m, Ordered(m, spec.order), spec.markdown_rows);
  }
}

void VolumesMd(std::string* out, const Stats& s) {
  Heading(out, "##", "Volumes");
  Table v({"Measure", "Count"});
  v.Row({"letters", Num(s.letters)});
  v.Row({"letters with warnings", Rate(s.letters_with_warnings, s.letters)});
  v.Row({"letters rejected (layout not parsed)", Rate(s.letters_rejected, s.letters)});
  v.Row({"items", Num(s.items)});
  v.Row({"items per letter (mean)",
         s.letters == 0 ? "-" : absl::StrFormat("%.2f (%d/%d)", Ratio(s.items, s.letters), s.items, s.letters)});
  v.Row({"letters with more than one item", Rate(s.letters - LettersWithOneItemOrNone(s.items_per_letter), s.letters)});
  v.AppendTo(out);
  ShareTableMd(out, "Items per letter", "Items", "Letters", ItemsPerLetter(s.items_per_letter), s.letters);
  TablesMd(out, s, Section::kVolumes);
}

void OutcomesMd(std::string* out, const Stats& s) {
  Heading(out, "##", "Outcomes");
  Heading(out, "###", "All items");
  Table all({"Items", "Upheld", "Overturned", "Uphold rate"});
  all.Row({Num(s.outcomes.total()), Num(s.outcomes.upheld), Num(s.outcomes.overturned),
           Rate(s.outcomes.upheld, s.outcomes.total())});
  all.AppendTo(out);
  TablesMd(out, s, Section::kOutcomes);
}

void GuidelineBlocksMd(std::string* out, const Stats& s) {
  const GuidelineStats& ca = s.claims_administrator;
  const GuidelineStats& mx = s.maximus;
  Heading(out, "###", "Guideline blocks (items)");
  Table blocks({"Measure", "Claims administrator", "MAXIMUS"});
  blocks.Row({"block present", Rate(ca.blocks, s.items), Rate(mx.blocks, s.items)});
  blocks.Row({"block missing", Rate(ca.missing, s.items), Rate(mx.missing, s.items)});
  blocks.Row(
      {"no medical evidence cited", Rate(ca.no_evidence_cited, ca.blocks), Rate(mx.no_evidence_cited, mx.blocks)});
  blocks.Row({"outside the MTUS", Rate(ca.outside_mtus, ca.blocks), Rate(mx.outside_mtus, mx.blocks)});
  blocks.Row({"no guidelines found", Rate(ca.no_guidelines_found, ca.blocks), Rate(mx.no_guidelines_found, mx.blocks)});
  blocks.AppendTo(out);
}

// One table of both guideline blocks, a column each, over the keys of both.
void GuidelineTableMd(std::string* out, const TableSpec<GuidelineCounts>& spec, const GuidelineStats& ca,
                      const GuidelineStats& mx) {
  const Counter& a = ca.table(spec.id);
  const Counter& b = mx.table(spec.id);
  const bool rates = spec.share == Share::kOfBlocks;
  Counter sum = a;
  for (const auto& [k, n] : b) sum[k] += n;
  Heading(out, "###", spec.title);
  Table t({std::string(spec.key_header), "Claims administrator", "MAXIMUS"});
  const std::vector<std::string> keys = Ordered(sum, spec.order);
  std::size_t shown = 0;
  for (const std::string& k : keys) {
    if (shown++ == spec.markdown_rows) {
      t.Row({absl::StrCat("(", keys.size() - spec.markdown_rows, " more rows in --format json)"), "", ""});
      break;
    }
    const auto ia = a.find(k);
    const auto ib = b.find(k);
    const std::uint64_t na = ia == a.end() ? 0 : ia->second;
    const std::uint64_t nb = ib == b.end() ? 0 : ib->second;
    t.Row({k, rates ? Rate(na, ca.blocks) : Num(na), rates ? Rate(nb, mx.blocks) : Num(nb)});
  }
  t.AppendTo(out);
}

// Claims administrator vs MAXIMUS (rows.h: kAgreementOfAllItems, kAgreementOfBothCiting).
void AgreementMd(std::string* out, const Counter& agreement) {
  const AgreementTotals totals = TotalsOf(agreement);
  Heading(out, "###", "Claims administrator and MAXIMUS agreement (items)");
  Table t({"Comparison", "Items", "Share"});
  for (std::string_view k : kAgreementOfAllItems) {
    t.Row({std::string(k), Num(CountIn(agreement, k)), Rate(CountIn(agreement, k), totals.items)});
  }
  for (std::string_view k : kAgreementOfBothCiting) {
    t.Row({absl::StrCat(ToAbsl(k), " (of items both cite)"), Num(CountIn(agreement, k)),
           Rate(CountIn(agreement, k), totals.both_citing)});
  }
  t.AppendTo(out);
}

void GuidelinesMd(std::string* out, const Stats& s) {
  Heading(out, "##", "Guidelines");
  GuidelineBlocksMd(out, s);
  for (const TableSpec<GuidelineCounts>& spec : kGuidelineTables) {
    GuidelineTableMd(out, spec, s.claims_administrator, s.maximus);
  }
  AgreementMd(out, s.table(Counts::kGuidelineAgreement));
}

// Letters, median, p90 and max of a histogram of days.
std::vector<std::string> DaysCells(const Histogram& h) {
  if (h.empty()) return {"0", "-", "-", "-"};
  return {Num(h.count()), absl::StrCat(h.Percentile(50)), absl::StrCat(h.Percentile(90)), absl::StrCat(h.Max())};
}

void IntervalsMd(std::string* out, const Stats& s) {
  Heading(out, "###", "Days between dates (letters with both dates)");
  Table t({"Interval", "Letters", "Median days", "p90 days", "Max days"});
  for (auto [name, h] : {std::pair{"application received -> decision", &s.received_to_decision},
                         {"UR denial -> decision", &s.ur_denial_to_decision},
                         {"injury -> decision", &s.injury_to_decision}}) {
    std::vector<std::string> row{name};
    for (std::string& cell : DaysCells(*h)) row.push_back(std::move(cell));
    t.Row(std::move(row));
  }
  t.AppendTo(out);
  absl::StrAppend(out, "Intervals left out because the dates are out of order: ", s.dates_out_of_order, "\n\n");
}

// The interval tables side by side, a row per quarter any of them has.
void IntervalsByQuarterMd(std::string* out, const Stats& s) {
  Heading(out, "###", "Days to decision by decision quarter");
  Counter quarters;
  std::vector<std::string> header{"Quarter"};
  for (const TableSpec<Intervals>& spec : kIntervalTables) {
    for (const auto& [k, h] : s.table(spec.id)) quarters[k] += h.count();
    header.insert(header.end(), {absl::StrCat(ToAbsl(spec.title), ": letters"), "median", "p90", "max"});
  }
  Table q(std::move(header));
  const Histogram none;
  for (const std::string& k : KeyOrder(quarters)) {
    std::vector<std::string> row{k};
    for (const TableSpec<Intervals>& spec : kIntervalTables) {
      const HistogramTable& table = s.table(spec.id);
      const auto it = table.find(k);
      for (std::string& cell : DaysCells(it == table.end() ? none : it->second)) row.push_back(std::move(cell));
    }
    q.Row(std::move(row));
  }
  q.AppendTo(out);
}

void TimingMd(std::string* out, const Stats& s) {
  Heading(out, "##", "Timing");
  IntervalsMd(out, s);
  IntervalsByQuarterMd(out, s);
  TablesMd(out, s, Section::kTiming);
  ShareTableMd(out, "Injury to decision lag (whole years)", "Years", "Letters", LagYears(s.injury_to_decision),
               s.injury_to_decision.count());
}

void PatientsMd(std::string* out, const Stats& s) {
  Heading(out, "##", "Patients");
  TablesMd(out, s, Section::kPatientsByAge);
  TablesMd(out, s, Section::kPatientsBySex);
}

void WarningsMd(std::string* out, const Stats& s) {
  Heading(out, "###", "Warnings by code");
  Table w({"Warning", "Meaning", "Count"}, 2);
  for (const auto& [name, n] : WarningCounts(s)) {
    std::string meaning;
    for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) {
      const auto code = static_cast<extract::WarningCode>(i);
      if (extract::WarningName(code) == name) meaning = std::string(extract::WarningDescription(code));
    }
    w.Row({name, meaning, Num(n)});
  }
  w.AppendTo(out);
}

void RationaleMd(std::string* out, const Stats& s) {
  Heading(out, "###", "Rationale and outcome (items)");
  Table r({"Rationale", "Items", "Share"});
  r.Row({"conclusion agrees with the outcome", Num(s.rationale_agrees), Rate(s.rationale_agrees, s.items)});
  r.Row({"conclusion disagrees with the outcome", Num(s.rationale_disagrees), Rate(s.rationale_disagrees, s.items)});
  r.Row({"no conclusion found", Num(s.rationale_no_conclusion), Rate(s.rationale_no_conclusion, s.items)});
  r.AppendTo(out);
}

void UnclassifiedMd(std::string* out, const Stats& s) {
  const Counter& titles = s.table(Counts::kUnclassifiedTitles);
  Heading(out, "###", absl::StrCat("Unclassified titles (top ", kTopUnclassified, ")"));
  absl::StrAppend(out, "Items in category `other`: ", Rate(s.items_unclassified, s.items),
                  "; distinct titles: ", titles.size(), "\n\n");
  Table u({"Disputed service", "Items"});
  std::size_t shown = 0;
  for (const std::string& k : CountOrder(titles)) {
    if (shown++ == kTopUnclassified) break;
    u.Row({k, Num(titles.find(k)->second)});
  }
  u.AppendTo(out);
}

void InputMd(std::string* out, const Stats& s) {
  Heading(out, "###", "Input");
  const Accounting& a = s.accounting;
  Table in({"Measure", "Count"});
  in.Row({"files read", Num(a.files)});
  in.Row({"files that could not be read", Num(a.files_failed)});
  in.Row({"bytes read", Num(a.bytes_read)});
  in.Row({"bytes skipped (outside every letter)", Num(a.bytes_skipped)});
  in.Row({"skipped ranges", Num(a.skipped_ranges)});
  in.Row({"blank bytes outside letters", Num(a.bytes_blank)});
  in.Row({"JSON Lines records that failed", Num(a.records_failed)});
  in.Row({"letters truncated", Num(a.letters_truncated)});
  in.Row({"letters rejected (layout not parsed)", Num(s.letters_rejected)});
  std::string taxonomies;
  for (const std::string& t : s.taxonomies) absl::StrAppend(&taxonomies, taxonomies.empty() ? "" : ", ", t);
  in.Row({"taxonomy", taxonomies.empty() ? "-" : taxonomies});
  in.AppendTo(out);
}

void QualityMd(std::string* out, const Stats& s) {
  Heading(out, "##", "Quality");
  TablesMd(out, s, Section::kQuality);
  WarningsMd(out, s);
  RationaleMd(out, s);
  UnclassifiedMd(out, s);
  InputMd(out, s);
}

// ---------------------------------------------------------------------------
// JSON.

void CountField(JsonWriter& w, std::string_view key, std::uint64_t n) {
  w.Key(key);
  w.Int(static_cast<std::int64_t>(n));
}

void OutcomeObject(JsonWriter& w, const OutcomeCounts& c) {
  CountField(w, "items", c.total());
  CountField(w, "upheld", c.upheld);
  CountField(w, "overturned", c.overturned);
  w.Key("uphold_rate");
  c.total() == 0 ? w.Null() : w.Double(Ratio(c.upheld, c.total()));
}

void OutcomeArray(JsonWriter& w, std::string_view key, const OutcomeTable& m, const std::vector<std::string>& keys) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& k : keys) {
    w.BeginObject();
    w.Key("key");
    w.String(k);
    OutcomeObject(w, m.find(k)->second);
    w.EndObject();
  }
  w.EndArray();
}

void ShareArray(JsonWriter& w, std::string_view key, std::string_view count_name, const Rows& rows, std::uint64_t total,
                std::size_t limit = SIZE_MAX) {
  w.Key(key);
  w.BeginArray();
  std::size_t shown = 0;
  for (const auto& [k, n] : rows) {
    if (shown++ == limit) break;
    w.BeginObject();
    w.Key("key");
    w.String(k);
    CountField(w, count_name, n);
    CountField(w, "of", total);
    w.Key("share");
    total == 0 ? w.Null() : w.Double(Ratio(n, total));
    w.EndObject();
  }
  w.EndArray();
}

void CountObject(JsonWriter& w, std::string_view key, const Counter& m, RowOrder order) {
  w.Key(key);
  w.BeginObject();
  for (const std::string& k : Ordered(m, order)) CountField(w, k, m.find(k)->second);
  w.EndObject();
}

void SummaryObject(JsonWriter& w, const Histogram& h) {
  w.BeginObject();
  CountField(w, "letters", h.count());
  for (auto [name, p] : {std::pair{"median_days", 50}, {"p90_days", 90}}) {
    w.Key(name);
    h.empty() ? w.Null() : w.Int(h.Percentile(p));
  }
  w.Key("max_days");
  h.empty() ? w.Null() : w.Int(h.Max());
  w.EndObject();
}

// The tables of `section` that tables.h declares, as in TablesMd.
void TablesJson(JsonWriter& w, const Stats& s, Section section) {
  for (const TableSpec<Counts>& spec : kCountTables) {
    if (spec.section != section) continue;
    const Counter& m = s.table(spec.id);
    ShareArray(w, spec.report_key(), "letters", RowsOf(m, Ordered(m, spec.order)), s.letters);
  }
  for (const TableSpec<Outcomes>& spec : kOutcomeTables) {
    if (spec.section != section) continue;
    const OutcomeTable& m = s.table(spec.id);
    OutcomeArray(w, spec.report_key(), m, Ordered(m, spec.order));
  }
}

void VolumesJson(JsonWriter& w, const Stats& s) {
  w.Key("volumes");
  w.BeginObject();
  CountField(w, "letters", s.letters);
  CountField(w, "letters_with_warnings", s.letters_with_warnings);
  CountField(w, "letters_rejected", s.letters_rejected);
  CountField(w, "items", s.items);
  w.Key("items_per_letter_mean");
  s.letters == 0 ? w.Null() : w.Double(Ratio(s.items, s.letters));
  w.Key("items_per_letter");
  w.BeginArray();
  s.items_per_letter.ForEach([&](std::int64_t n, std::uint64_t c) {
    w.BeginObject();
    CountField(w, "items", static_cast<std::uint64_t>(n));
    CountField(w, "letters", c);
    w.EndObject();
  });
  w.EndArray();
  TablesJson(w, s, Section::kVolumes);
  w.EndObject();
}

void OutcomesJson(JsonWriter& w, const Stats& s) {
  w.Key("outcomes");
  w.BeginObject();
  w.Key("all");
  w.BeginObject();
  OutcomeObject(w, s.outcomes);
  w.EndObject();
  TablesJson(w, s, Section::kOutcomes);
  w.EndObject();
}

void GuidelineJson(JsonWriter& w, std::string_view key, const GuidelineStats& g) {
  w.Key(key);
  w.BeginObject();
  for (const NamedCount<GuidelineStats>& c : kGuidelineCounts) CountField(w, c.name, g.*c.count);
  for (const TableSpec<GuidelineCounts>& spec : kGuidelineTables) {
    const Counter& m = g.table(spec.id);
    if (spec.share == Share::kOfBlocks) {
      ShareArray(w, spec.report_key(), "items", RowsOf(m, Ordered(m, spec.order)), g.blocks);
    } else {
      CountObject(w, spec.report_key(), m, spec.order);
    }
  }
  w.EndObject();
}

void GuidelinesJson(JsonWriter& w, const Stats& s) {
  w.Key("guidelines");
  w.BeginObject();
  GuidelineJson(w, "claims_administrator", s.claims_administrator);
  GuidelineJson(w, "maximus", s.maximus);
  CountObject(w, "agreement", s.table(Counts::kGuidelineAgreement), RowOrder::kByCount);
  w.EndObject();
}

void TimingJson(JsonWriter& w, const Stats& s) {
  w.Key("timing");
  w.BeginObject();
  w.Key("received_to_decision");
  SummaryObject(w, s.received_to_decision);
  w.Key("ur_denial_to_decision");
  SummaryObject(w, s.ur_denial_to_decision);
  w.Key("injury_to_decision");
  SummaryObject(w, s.injury_to_decision);
  for (const TableSpec<Intervals>& spec : kIntervalTables) {
    const HistogramTable& table = s.table(spec.id);
    w.Key(spec.report_key());
    w.BeginArray();
    for (const std::string& k : KeyOrder(table)) {
      w.BeginObject();
      w.Key("quarter");
      w.String(k);
      w.Key("days");
      SummaryObject(w, table.find(k)->second);
      w.EndObject();
    }
    w.EndArray();
  }
  CountField(w, "dates_out_of_order", s.dates_out_of_order);
  TablesJson(w, s, Section::kTiming);
  ShareArray(w, "injury_to_decision_years", "letters", LagYears(s.injury_to_decision), s.injury_to_decision.count());
  w.EndObject();
}

void PatientsJson(JsonWriter& w, const Stats& s) {
  w.Key("patients");
  w.BeginObject();
  TablesJson(w, s, Section::kPatientsByAge);
  TablesJson(w, s, Section::kPatientsBySex);
  w.EndObject();
}

void QualityJson(JsonWriter& w, const Stats& s) {
  w.Key("quality");
  w.BeginObject();
  TablesJson(w, s, Section::kQuality);
  w.Key("warnings");
  w.BeginObject();
  for (const auto& [name, n] : WarningCounts(s)) CountField(w, name, n);
  w.EndObject();
  w.Key("rationale");
  w.BeginObject();
  CountField(w, "agrees", s.rationale_agrees);
  CountField(w, "disagrees", s.rationale_disagrees);
  CountField(w, "no_conclusion", s.rationale_no_conclusion);
  CountField(w, "of", s.items);
  w.EndObject();
  const Counter& titles = s.table(Counts::kUnclassifiedTitles);
  CountField(w, "items_unclassified", s.items_unclassified);
  w.Key("unclassified_share");
  s.items == 0 ? w.Null() : w.Double(Ratio(s.items_unclassified, s.items));
  CountField(w, "distinct_unclassified_titles", titles.size());
  ShareArray(w, "top_unclassified_titles", "items", RowsOf(titles, CountOrder(titles)), s.items_unclassified,
             kTopUnclassified);
  w.Key("taxonomies");
  w.BeginArray();
  for (const std::string& t : s.taxonomies) w.String(t);
  w.EndArray();
  w.EndObject();
}

void AccountingJson(JsonWriter& w, const Accounting& a) {
  w.Key("accounting");
  w.BeginObject();
  for (const NamedCount<Accounting>& c : kAccountingCounts) CountField(w, c.name, a.*c.count);
  w.EndObject();
}

}  // namespace

std::string FormatStatsMarkdown(const Stats& s) {
  if (!s.settled()) return FormatStatsMarkdown(s.Settled());  // letters added, not yet in the tables
  std::string out;
  Heading(&out, "#", "IMR statistics");
  VolumesMd(&out, s);
  OutcomesMd(&out, s);
  GuidelinesMd(&out, s);
  TimingMd(&out, s);
  PatientsMd(&out, s);
  QualityMd(&out, s);
  return out;
}

std::string FormatStatsJson(const Stats& s) {
  if (!s.settled()) return FormatStatsJson(s.Settled());  // letters added, not yet in the tables
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  VolumesJson(w, s);
  OutcomesJson(w, s);
  GuidelinesJson(w, s);
  TimingJson(w, s);
  PatientsJson(w, s);
  QualityJson(w, s);
  AccountingJson(w, s.accounting);
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace imr::stats
