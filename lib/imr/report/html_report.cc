#include "imr/report/html_report.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/strings.h"
#include "imr/report/html_table.h"
#include "imr/report/html_text.h"
#include "imr/report/svg_chart.h"
#include "imr/stats/report.h"
#include "imr/stats/rows.h"

namespace imr::report {
namespace {

using stats::Counter;
using stats::OutcomeCounts;
using stats::OutcomeTable;
using stats::Ratio;
using stats::Section;
using stats::Stats;
using stats::TableSpec;

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
// Horizontal bar charts show this many rows at most (the rows with the most
// items); their tables list every row.
constexpr std::size_t kChartRows = 25;

// The inline style sheet: screen, then print (no navigation, charts and
// tables kept whole on a page, colours printed as they are).
constexpr std::string_view kStyle = R"(
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a;
  background: #fff; margin: 0 auto; max-width: 960px; padding: 0 16px 48px; }
h1 { font-size: 1.7em; margin: 24px 0 4px; }
h2 { font-size: 1.35em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
h3 { font-size: 1.08em; margin: 26px 0 6px; }
p.lead { color: #444; margin-top: 0; }
nav ol { columns: 3; padding-left: 20px; margin: 8px 0 0; }
nav a { color: #00558a; }
figure { margin: 8px 0 20px; }
figcaption { color: #333; font-size: 0.93em; margin: 4px 0 8px; max-width: 760px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; fill: #1a1a1a; }
svg.chart text.value { fill: #1a1a1a; font-size: 11.5px; }
svg.chart text.axis-title, svg.chart text.note { fill: #444; }
svg.chart .grid { stroke: #d9d9d9; stroke-width: 1; }
svg.chart .baseline { stroke: #555; stroke-width: 1; }
svg.chart .whisker line { stroke: #1a1a1a; stroke-width: 1.5; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; }
thead th { border-bottom: 2px solid #888; text-align: right; font-weight: 600; }
thead th:first-child, tbody th { text-align: left; font-weight: normal; }
td { text-align: right; white-space: nowrap; }
td.words { text-align: left; white-space: normal; }
tbody tr:nth-child(even) { background: #f6f8fa; }
p.none { color: #666; font-style: italic; }
.figures { font-variant-numeric: tabular-nums; }
@media print {
  body { max-width: none; font-size: 10.5pt; padding: 0; }
  nav { display: none; }
  h2 { break-before: auto; break-after: avoid; border-bottom-color: #000; }
  h3 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
)";

// Where the JSON report puts the tables of a section.
std::string_view JsonObjectOf(Section section) {
  switch (section) {
    case Section::kVolumes:
      return "volumes";
    case Section::kOutcomes:
      return "outcomes";
    case Section::kTiming:
      return "timing";
    case Section::kPatientsByAge:
    case Section::kPatientsBySex:
      return "patients";
    case Section::kQuality:
    case Section::kOwnCode:
      break;
  }
  return "quality";
}

// What each chart counts, by its table's key; a table without one gets a
// sentence built from its title.
struct Caption {
  std::string_view key;
  std::string_view text;
};
constexpr Caption kCaptions[] = {
    {"letters_by_decision_year", "Letters by the year of their decision date; unknown: no decision date was read."},
    {"letters_by_decision_quarter",
     "Letters by the calendar quarter of their decision date; unknown: no decision date was read."},
    {"letters_by_accident_year",
     "Letters by the year of the date of injury (from the header, else from the summary); unknown: none was read."},
    {"letters_by_age_band", "Letters by the patient's age as the case summary states it."},
    {"letters_by_sex", "Letters by the patient's sex as the case summary states it."},
    {"letters_by_layout",
     "Letters by the template recognised. Letters of a template that is recognised but not parsed are counted, "
     "their fields not read."},
    {"by_category",
     "Items by the service category the taxonomy assigns to the disputed service. Uphold rate: the share of items "
     "whose denial was upheld; whiskers: 95% Wilson interval, so a rate over few items shows as uncertain."},
    {"by_drug_class",
     "Pharmaceutical items by the drug class of the disputed drug. Uphold rate with its 95% Wilson interval."},
    {"by_decision_year",
     "Items by the year of their letter's decision date. Uphold rate with its 95% Wilson interval."},
    {"by_specialty",
     "Items by the reviewer's specialty; an item whose reviewer lists two specialties counts under both. Uphold rate "
     "with its 95% Wilson interval."},
    {"by_maximus_source",
     "Items by the guideline sources MAXIMUS cites; an item citing two sources counts under both; none: citing "
     "nothing. Uphold rate with its 95% Wilson interval."},
    {"by_mtus_part", "Items by the MTUS parts MAXIMUS cites. Uphold rate with its 95% Wilson interval."},
    {"by_body_region", "Items by the body region of the disputed service. Uphold rate with its 95% Wilson interval."},
    {"outcomes_by_age_band", "Items by the patient's age band. Uphold rate with its 95% Wilson interval."},
    {"outcomes_by_sex", "Items by the patient's sex. Uphold rate with its 95% Wilson interval."},
};

std::string CaptionFor(std::string_view key, std::string_view title) {
  for (const Caption& c : kCaptions) {
    if (c.key == key) return std::string(c.text);
  }
  return absl::StrCat(ToAbsl(title), ".");
}

// "Drug class" -> "drug class"; "MTUS part" stays.
std::string LowerFirst(std::string_view s) {
  std::string out(s);
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (!out.empty() && upper(out[0]) && !(out.size() > 1 && upper(out[1])))
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

// "By service category" and "Outcomes by sex" -> "Uphold rate by ...".
std::string UpholdRateTitle(std::string_view title) {
  for (std::string_view prefix : {std::string_view("By "), std::string_view("Outcomes by ")}) {
    if (title.starts_with(prefix)) return absl::StrCat("Uphold rate by ", ToAbsl(title.substr(prefix.size())));
  }
  return absl::StrCat("Uphold rate: ", ToAbsl(title));
}

std::string Heading(std::string_view level, std::string_view text, std::string_view id = {}) {
  return absl::StrCat("<", ToAbsl(level), id.empty() ? "" : absl::StrCat(" id=\"", ToAbsl(id), "\""), ">", Escape(text),
                      "</", ToAbsl(level), ">\n");
}

// A chart, its caption, then the table of its numbers; `lead_html` (markup)
// between the heading and the chart.
std::string Figure(std::string_view title, const std::string& svg, std::string_view caption, const HtmlTable& table,
                   std::string_view lead_html = {}) {
  return absl::StrCat(Heading("h3", title), ToAbsl(lead_html), "<figure>\n", svg, "<figcaption>", Escape(caption),
                      "</figcaption>\n", table.Render(), "</figure>\n");
}

ChartSpec NewChart(std::string id, std::string title, std::string value_axis, Scale scale,
                   std::initializer_list<const char*> series) {
  ChartSpec chart;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.value_axis = std::move(value_axis);
  chart.scale = scale;
  for (const char* name : series) chart.series.emplace_back().name = name;
  return chart;
}

// A category of a chart of counts, with its count written on its mark.
void AddCount(ChartSpec* chart, std::string key, std::uint64_t n) {
  chart->categories.push_back(std::move(key));
  chart->series[0].values.push_back(static_cast<double>(n));
  chart->series[0].labels.push_back(Thousands(n));
}

std::string ChartId(std::string_view key) {
  std::string id = "chart-";
  for (char c : key) id.push_back(c == '_' ? '-' : c);
  return id;
}

// "89.5% of 1,234".
std::string RateLabel(std::uint64_t n, std::uint64_t of) {
  return absl::StrCat(Percent(Ratio(n, of)), " of ", Thousands(of));
}

// ---------------------------------------------------------------------------
// The tables tables.h declares: counts of letters, and outcomes of items.

// Letters by key. Years and quarters as columns (an ordered axis), other
// keys as bars.
std::string LetterCountFigure(const Stats& s, const TableSpec<stats::Counts>& spec) {
  const Counter& m = s.table(spec.id);
  const stats::Rows rows = stats::RowsOf(m, stats::Ordered(m, spec.order));
  const JsonPath base({JsonObjectOf(spec.section), spec.report_key()});
  ChartSpec chart =
      NewChart(ChartId(spec.report_key()), std::string(spec.title), "letters", Scale::kCount, {"letters"});
  HtmlTable table({std::string(spec.key_header), "Letters", "Share"});
  for (const auto& [k, n] : rows) {
    AddCount(&chart, k, n);
    const JsonPath row = base.Element("key", k);
    table.Row(k, {CountCell(n, row.Member("letters")), ShareCell(n, s.letters, row.Member("share"))});
  }
  chart.description =
      absl::StrCat(ToAbsl(spec.title), ": ", rows.size(), spec.order == stats::RowOrder::kByKey ? " columns" : " bars",
                   ", one per ", LowerFirst(spec.key_header), ", height the number of letters.");
  const bool columns = spec.order == stats::RowOrder::kByKey;
  return Figure(spec.title, columns ? ColumnChart(chart) : HorizontalBarChart(chart),
                CaptionFor(spec.report_key(), spec.title), table);
}

// Uphold rate by key, with Wilson whiskers.
std::string OutcomeFigure(const Stats& s, const TableSpec<stats::Outcomes>& spec) {
  const OutcomeTable& m = s.table(spec.id);
  const std::vector<std::string> keys = stats::Ordered(m, spec.order);
  const JsonPath base({JsonObjectOf(spec.section), spec.report_key()});
  ChartSpec chart = NewChart(ChartId(spec.report_key()), UpholdRateTitle(spec.title),
                             "uphold rate (95% Wilson interval)", Scale::kShare, {"uphold rate"});
  HtmlTable table({std::string(spec.key_header), "Items", "Upheld", "Overturned", "Uphold rate", "95% interval"});
  for (const std::string& k : keys) {
    const OutcomeCounts& c = m.at(k);
    if (chart.categories.size() < kChartRows) {
      chart.categories.push_back(k);
      chart.series[0].values.push_back(Ratio(c.upheld, c.total()));
      chart.series[0].whiskers.push_back(WilsonInterval(c.upheld, c.total()));
      chart.series[0].labels.push_back(RateLabel(c.upheld, c.total()));
    }
    const JsonPath row = base.Element("key", k);
    table.Row(k, {CountCell(c.total(), row.Member("items")), CountCell(c.upheld, row.Member("upheld")),
                  CountCell(c.overturned, row.Member("overturned")),
                  ShareCell(c.upheld, c.total(), row.Member("uphold_rate")), IntervalCell(c.upheld, c.total())});
  }
  chart.description = absl::StrCat("Horizontal bars, one per ", LowerFirst(spec.key_header),
                                   ": the share of items upheld, with a whisker for the 95% Wilson interval and the "
                                   "rate and item count written beside each bar.",
                                   keys.size() > kChartRows ? " Only the rows with the most items are drawn." : "");
  std::string caption = CaptionFor(spec.report_key(), spec.title);
  if (keys.size() > kChartRows) {
    absl::StrAppend(&caption, " The chart shows the ", kChartRows, " with the most items; the table all ", keys.size(),
                    ".");
  }
  return Figure(chart.title, HorizontalBarChart(chart), caption, table);
}

std::string SectionTables(const Stats& s, Section section) {
  std::string out;
  for (const TableSpec<stats::Counts>& spec : stats::kCountTables) {
    if (spec.section == section) out += LetterCountFigure(s, spec);
  }
  for (const TableSpec<stats::Outcomes>& spec : stats::kOutcomeTables) {
    if (spec.section == section) out += OutcomeFigure(s, spec);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Sections.

std::string Summary(const Stats& s) {
  const JsonPath volumes({"volumes"});
  const JsonPath all({"outcomes", "all"});
  const stats::Accounting& a = s.accounting;
  return absl::StrCat("<p class=\"lead figures\">", Tagged("span", CountCell(s.letters, volumes.Member("letters"))),
                      " letters, ", Tagged("span", CountCell(s.items, volumes.Member("items"))), " disputed items; ",
                      Tagged("span", ShareCell(s.outcomes.upheld, s.outcomes.total(), all.Member("uphold_rate"))),
                      " of items upheld (95% interval ", IntervalCell(s.outcomes.upheld, s.outcomes.total()).text,
                      "). Read from ", Tagged("span", CountCell(a.files, JsonPath({"accounting", "files"}))),
                      a.files == 1 ? " file, " : " files, ",
                      Tagged("span", CountCell(a.bytes_read, JsonPath({"accounting", "bytes_read"}))), " bytes.</p>\n");
}

// A share the JSON report does not hold, from the counts beside it.
Cell PlainShare(std::uint64_t n, std::uint64_t of) { return TextCell(of == 0 ? "-" : Percent(Ratio(n, of))); }

std::string VolumesSection(const Stats& s) {
  const JsonPath v({"volumes"});
  std::string out = Heading("h2", "Volumes", "volumes");
  HtmlTable t({"Measure", "Count", "Share of letters"});
  t.Row("letters", {CountCell(s.letters, v.Member("letters")), TextCell("")});
  t.Row("letters with warnings", {CountCell(s.letters_with_warnings, v.Member("letters_with_warnings")),
                                  PlainShare(s.letters_with_warnings, s.letters)});
  t.Row("letters rejected (layout not parsed)",
        {CountCell(s.letters_rejected, v.Member("letters_rejected")), PlainShare(s.letters_rejected, s.letters)});
  t.Row("items", {CountCell(s.items, v.Member("items")), TextCell("")});
  t.Row("items per letter (mean)", {Cell{s.letters == 0 ? "-" : absl::StrFormat("%.2f", Ratio(s.items, s.letters)),
                                         v.Member("items_per_letter_mean").json() + "]"},
                                    TextCell("")});
  out += t.Render();

  ChartSpec chart =
      NewChart("chart-items-per-letter", "Letters by number of disputed items", "letters", Scale::kCount, {"letters"});
  HtmlTable items({"Items", "Letters", "Share"});
  // The chart's axis is the item count, so counts no letter has get an
  // empty column (the table lists the counts that occur).
  std::int64_t next = s.items_per_letter.empty() ? 0 : s.items_per_letter.Min();
  for (const auto& [n, letters] : s.items_per_letter.counts()) {
    for (; n - next <= kChartRows && next < n; ++next) AddCount(&chart, absl::StrCat(next), 0);
    next = n + 1;
    const std::string key = absl::StrCat(n);
    AddCount(&chart, key, letters);
    items.Row(key, {CountCell(letters, v.Member("items_per_letter").Element("items", n).Member("letters")),
                    PlainShare(letters, s.letters)});
  }
  chart.description = chart.categories.empty() ? "No letters."
                                               : absl::StrCat("Columns, one per number of items in a letter from ",
                                                              chart.categories.front(), " to ", chart.categories.back(),
                                                              ", height the number of letters with that many items.");
  out += Figure("Items per letter", ColumnChart(chart),
                "Letters by how many disputed items (services or drugs) their determination decides. A rejected "
                "letter counts under 0.",
                items);
  return out + SectionTables(s, Section::kVolumes);
}

std::string OutcomesSection(const Stats& s) {
  const JsonPath all({"outcomes", "all"});
  std::string out = Heading("h2", "Outcomes", "outcomes");
  HtmlTable t({"", "Items", "Upheld", "Overturned", "Uphold rate", "95% interval"});
  const OutcomeCounts& c = s.outcomes;
  t.Row("all items", {CountCell(c.total(), all.Member("items")), CountCell(c.upheld, all.Member("upheld")),
                      CountCell(c.overturned, all.Member("overturned")),
                      ShareCell(c.upheld, c.total(), all.Member("uphold_rate")), IntervalCell(c.upheld, c.total())});
  out += t.Render();
  return out + SectionTables(s, Section::kOutcomes);
}

// A chart of one table of both guideline blocks, a series each, over the
// keys of both, in report order.
std::string GuidelineFigure(const Stats& s, const TableSpec<stats::GuidelineCounts>& spec, std::size_t rows_limit) {
  const Counter& ca = s.claims_administrator.table(spec.id);
  const Counter& mx = s.maximus.table(spec.id);
  Counter sum = ca;
  for (const auto& [k, n] : mx) sum[k] += n;
  const std::vector<std::string> keys = stats::Ordered(sum, spec.order);
  const bool shares = spec.share == stats::Share::kOfBlocks;
  const JsonPath ca_path({"guidelines", "claims_administrator", spec.report_key()});
  const JsonPath mx_path({"guidelines", "maximus", spec.report_key()});
  ChartSpec chart = NewChart(ChartId(spec.report_key()), std::string(spec.title),
                             shares ? "share of the items with the block" : "citations",
                             shares ? Scale::kShare : Scale::kCount, {"claims administrator", "MAXIMUS"});
  HtmlTable table(shares ? std::vector<std::string>{std::string(spec.key_header), "Claims administrator: items",
                                                    "share", "MAXIMUS: items", "share"}
                         : std::vector<std::string>{std::string(spec.key_header), "Claims administrator", "MAXIMUS"});
  std::size_t shown = 0;
  for (const std::string& k : keys) {
    if (shown++ == rows_limit) break;
    const std::uint64_t a = stats::CountIn(ca, k), b = stats::CountIn(mx, k);
    if (chart.categories.size() < kChartRows) {
      chart.categories.push_back(k);
      const std::uint64_t blocks[] = {s.claims_administrator.blocks, s.maximus.blocks};
      const std::uint64_t counts[] = {a, b};
      for (int i = 0; i < 2; ++i) {
        chart.series[i].values.push_back(shares ? Ratio(counts[i], blocks[i]) : static_cast<double>(counts[i]));
        chart.series[i].labels.push_back(shares ? RateLabel(counts[i], blocks[i]) : Thousands(counts[i]));
      }
    }
    // Share tables are arrays of rows; a key one block lacks is not there.
    const auto share_cells = [&](const JsonPath& p, const Counter& m, std::uint64_t n, std::uint64_t blocks) {
      const JsonPath row = p.Element("key", k);
      if (m.find(k) == m.end()) return std::vector<Cell>{AbsentCell(row), PlainShare(0, blocks)};
      return std::vector<Cell>{CountCell(n, row.Member("items")), ShareCell(n, blocks, row.Member("share"))};
    };
    const auto count_cell = [&](const JsonPath& p, const Counter& m, std::uint64_t n) {
      return m.find(k) == m.end() ? AbsentCell(p.Member(k)) : CountCell(n, p.Member(k));
    };
    if (shares) {
      std::vector<Cell> cells = share_cells(ca_path, ca, a, s.claims_administrator.blocks);
      for (Cell& cell : share_cells(mx_path, mx, b, s.maximus.blocks)) cells.push_back(std::move(cell));
      table.Row(k, std::move(cells));
    } else {
      table.Row(k, {count_cell(ca_path, ca, a), count_cell(mx_path, mx, b)});
    }
  }
  chart.description =
      absl::StrCat(ToAbsl(spec.title), ": pairs of horizontal bars, one pair per ", LowerFirst(spec.key_header),
                   "; the solid bar is the claims administrator's block, the hatched bar MAXIMUS's, each labelled.");
  std::string caption =
      shares ? "Items whose guideline block cites each source at least once, as a share of the items that have the "
               "block; none: the block cites nothing. Claims administrator (solid) beside MAXIMUS (hatched)."
             : absl::StrCat(ToAbsl(spec.title),
                            " in the claims administrator's block (solid) and in MAXIMUS's (hatched).");
  if (keys.size() > std::min(rows_limit, kChartRows)) {
    absl::StrAppend(&caption, " The chart shows the first ", std::min(rows_limit, kChartRows), " rows of ", keys.size(),
                    keys.size() > rows_limit ? "; all are in imr stats --format json." : ".");
  }
  return Figure(spec.title, HorizontalBarChart(chart), caption, table);
}

std::string AgreementFigure(const Stats& s) {
  const Counter& agreement = s.table(stats::Counts::kGuidelineAgreement);
  const stats::AgreementTotals totals = stats::TotalsOf(agreement);
  const JsonPath base({"guidelines", "agreement"});
  ChartSpec chart = NewChart("chart-agreement", "How often the claims administrator and MAXIMUS cite alike",
                             "share of items", Scale::kShare, {"items"});
  chart.description =
      "Horizontal bars, one per comparison of the two guideline blocks of an item; the "
      "first three are shares of all items, the others of the items both blocks cite in.";
  HtmlTable table({"Comparison", "Items", "Share", "Of"});
  const auto add = [&](std::string_view key, std::uint64_t of, std::string_view of_name) {
    const std::uint64_t n = stats::CountIn(agreement, key);
    // "only_maximus_cites" -> "only MAXIMUS cites"; "both cite: same sources".
    std::string label = absl::StrCat(of_name == "all items" ? "" : "both cite: ", ToAbsl(key));
    std::replace(label.begin(), label.end(), '_', ' ');
    if (const std::size_t at = label.find("maximus"); at != std::string::npos) label.replace(at, 7, "MAXIMUS");
    chart.categories.push_back(label);
    chart.series[0].values.push_back(Ratio(n, of));
    chart.series[0].labels.push_back(absl::StrCat(Percent(Ratio(n, of)), " (", Thousands(n), ")"));
    table.Row(key,
              {agreement.find(key) == agreement.end() ? AbsentCell(base.Member(key)) : CountCell(n, base.Member(key)),
               PlainShare(n, of), WordsCell(std::string(of_name))});
  };
  for (std::string_view k : stats::kAgreementOfAllItems) add(k, totals.items, "all items");
  for (std::string_view k : stats::kAgreementOfBothCiting) add(k, totals.both_citing, "items both cite");
  if (totals.items == 0) chart.categories.clear();
  return Figure("Guideline agreement", HorizontalBarChart(chart),
                "Each item compared across its two guideline blocks: whether either cites anything, then, for items "
                "both cite in, whether they cite the same sources (MTUS, ODG, ACOEM, other) and the same guidelines "
                "(source and part).",
                table);
}

std::string GuidelinesSection(const Stats& s) {
  const stats::GuidelineStats& ca = s.claims_administrator;
  const stats::GuidelineStats& mx = s.maximus;
  std::string out = Heading("h2", "Guidelines", "guidelines");
  HtmlTable blocks({"Measure", "Claims administrator", "share", "MAXIMUS", "share"});
  const JsonPath ca_path({"guidelines", "claims_administrator"});
  const JsonPath mx_path({"guidelines", "maximus"});
  for (const stats::NamedCount<stats::GuidelineStats>& c : stats::kGuidelineCounts) {
    // Presence is a share of all items; the flags a share of the blocks.
    const bool presence = c.name == "blocks" || c.name == "missing";
    blocks.Row(
        c.name,
        {CountCell(ca.*c.count, ca_path.Member(c.name)), PlainShare(ca.*c.count, presence ? s.items : ca.blocks),
         CountCell(mx.*c.count, mx_path.Member(c.name)), PlainShare(mx.*c.count, presence ? s.items : mx.blocks)});
  }
  absl::StrAppend(&out, Heading("h3", "Guideline blocks (items)"), blocks.Render(),
                  "<p>blocks and missing are shares of all items; the flags (no medical evidence cited, outside the "
                  "MTUS, no guidelines found) shares of the items with the block.</p>\n");
  for (const TableSpec<stats::GuidelineCounts>& spec : stats::kGuidelineTables) {
    out += GuidelineFigure(s, spec, spec.markdown_rows);
  }
  return out + AgreementFigure(s);
}

// Letters, median, p90 and max days of a histogram, as the JSON object at
// `days` has them (days null when no letter has the interval).
std::vector<Cell> DaysCells(const stats::Histogram& h, const JsonPath& days) {
  std::vector<Cell> cells = {CountCell(h.count(), days.Member("letters"))};
  for (const auto& [field, value] : {std::pair{"median_days", h.empty() ? 0 : h.Percentile(50)},
                                     {"p90_days", h.empty() ? 0 : h.Percentile(90)},
                                     {"max_days", h.empty() ? 0 : h.Max()}}) {
    cells.push_back(h.empty() ? Cell{"-", days.Member(field).json() + "]"}
                              : CountCell(static_cast<std::uint64_t>(value), days.Member(field)));
  }
  return cells;
}

// Median and p90 days by quarter, a line each; the quarter "unknown" is in
// the table only (it has no place on a time axis).
std::string DaysByQuarterFigure(const Stats& s, const TableSpec<stats::Intervals>& spec, std::string_view title,
                                std::string_view from) {
  const stats::HistogramTable& table = s.table(spec.id);
  const JsonPath base({"timing", spec.report_key()});
  ChartSpec chart =
      NewChart(ChartId(spec.report_key()), std::string(title), "days", Scale::kDays, {"median", "90th percentile"});
  HtmlTable t({"Quarter", "Letters", "Median days", "p90 days", "Max days"});
  for (const std::string& k : stats::KeyOrder(table)) {
    const stats::Histogram& h = table.at(k);
    const JsonPath days = base.Element("quarter", k).Member("days");
    if (!stats::IsUnknownKey(k)) {
      chart.categories.push_back(k);
      chart.series[0].values.push_back(h.empty() ? kNoValue : static_cast<double>(h.Percentile(50)));
      chart.series[1].values.push_back(h.empty() ? kNoValue : static_cast<double>(h.Percentile(90)));
      for (int i : {0, 1})
        chart.series[i].labels.push_back(absl::StrCat(Coord(chart.series[i].values.back()), " days"));
    }
    t.Row(k, DaysCells(h, days));
  }
  chart.description = absl::StrCat("Two lines over the decision quarters (", chart.categories.size(),
                                   "): the median number of days from ", ToAbsl(from),
                                   " to decision (solid, circles) and the 90th percentile (dashed, squares).");
  return Figure(title, LineChart(chart),
                absl::StrCat("Days from ", ToAbsl(from),
                             " to the decision, by the quarter of the decision, over the letters that state both "
                             "dates: median and 90th percentile (exact, from a histogram of days)."),
                t);
}

std::string TimingSection(const Stats& s) {
  std::string out = Heading("h2", "Timing", "timing");
  HtmlTable t({"Interval", "Letters", "Median days", "p90 days", "Max days"});
  for (auto [name, key, h] :
       {std::tuple{"application received \xE2\x86\x92 decision", "received_to_decision", &s.received_to_decision},
        {"UR denial \xE2\x86\x92 decision", "ur_denial_to_decision", &s.ur_denial_to_decision},
        {"injury \xE2\x86\x92 decision", "injury_to_decision", &s.injury_to_decision}}) {
    t.Row(name, DaysCells(*h, JsonPath({"timing", key})));
  }
  absl::StrAppend(&out, Heading("h3", "Days between dates (letters with both dates)"), t.Render(),
                  "<p class=\"figures\">Intervals left out because the dates are out of order: ",
                  Tagged("span", CountCell(s.dates_out_of_order, JsonPath({"timing", "dates_out_of_order"}))),
                  "</p>\n");
  out += DaysByQuarterFigure(s, stats::kIntervalTables[0], "Days from application to decision, by quarter",
                             "the application received");
  out += DaysByQuarterFigure(s, stats::kIntervalTables[1], "Days from UR denial to decision, by quarter",
                             "the utilization review denial");
  out += SectionTables(s, Section::kTiming);

  const stats::Rows lag = stats::LagYears(s.injury_to_decision);
  ChartSpec chart = NewChart("chart-injury-to-decision-years", "Letters by whole years from injury to decision",
                             "letters", Scale::kCount, {"letters"});
  HtmlTable years({"Years", "Letters", "Share"});
  const JsonPath base({"timing", "injury_to_decision_years"});
  for (const auto& [k, n] : lag) {
    AddCount(&chart, k, n);
    const JsonPath row = base.Element("key", k);
    years.Row(k,
              {CountCell(n, row.Member("letters")), ShareCell(n, s.injury_to_decision.count(), row.Member("share"))});
  }
  chart.description = absl::StrCat("Columns, one per whole number of years from injury to decision (",
                                   chart.categories.size(), "), height the number of letters.");
  return out + Figure("Injury to decision lag", ColumnChart(chart),
                      "Letters by whole (365-day) years from the date of injury to the decision, over the letters "
                      "that state both; the last column is 10 years or more.",
                      years);
}

std::string PatientsSection(const Stats& s) {
  return Heading("h2", "Patients", "patients") + SectionTables(s, Section::kPatientsByAge) +
         SectionTables(s, Section::kPatientsBySex);
}

std::string QualitySection(const Stats& s) {
  std::string out = Heading("h2", "Quality", "quality");
  out += SectionTables(s, Section::kQuality);

  const JsonPath warnings({"quality", "warnings"});
  ChartSpec chart = NewChart("chart-warnings", "Warnings by code", "warnings", Scale::kCount, {"warnings"});
  HtmlTable w({"Warning", "Meaning", "Count"});
  for (const auto& [name, n] : stats::WarningCounts(s)) {
    AddCount(&chart, name, n);
    std::string meaning;
    for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) {
      const auto code = static_cast<extract::WarningCode>(i);
      if (extract::WarningName(code) == name) meaning = std::string(extract::WarningDescription(code));
    }
    w.Row(name, {WordsCell(meaning), CountCell(n, warnings.Member(name))});
  }
  chart.description = absl::StrCat("Horizontal bars, one per warning code that occurred (", chart.categories.size(),
                                   "), length the number of warnings.");
  out += Figure("Warnings", HorizontalBarChart(chart),
                "What letters did not say, or said inconsistently, by warning code. A letter is never dropped for a "
                "warning; one letter may carry several.",
                w);

  const JsonPath rationale({"quality", "rationale"});
  HtmlTable r({"Rationale", "Items", "Share"});
  r.Row("conclusion agrees with the outcome",
        {CountCell(s.rationale_agrees, rationale.Member("agrees")), PlainShare(s.rationale_agrees, s.items)});
  r.Row("conclusion disagrees with the outcome",
        {CountCell(s.rationale_disagrees, rationale.Member("disagrees")), PlainShare(s.rationale_disagrees, s.items)});
  r.Row("no conclusion found", {CountCell(s.rationale_no_conclusion, rationale.Member("no_conclusion")),
                                PlainShare(s.rationale_no_conclusion, s.items)});
  absl::StrAppend(&out, Heading("h3", "Rationale and outcome (items)"), r.Render());

  const Counter& titles = s.table(stats::Counts::kUnclassifiedTitles);
  const JsonPath quality({"quality"});
  HtmlTable u({"Disputed service", "Items", "Share of unclassified"});
  ChartSpec unclassified =
      NewChart("chart-unclassified-titles", "Most frequent unclassified titles", "items", Scale::kCount, {"items"});
  std::size_t shown = 0;
  for (const std::string& k : stats::CountOrder(titles)) {
    if (shown++ == stats::kTopUnclassified) break;
    const JsonPath row = quality.Member("top_unclassified_titles").Element("key", k);
    const std::uint64_t n = titles.at(k);
    AddCount(&unclassified, k, n);
    u.Row(k, {CountCell(n, row.Member("items")), ShareCell(n, s.items_unclassified, row.Member("share"))});
  }
  unclassified.description = absl::StrCat("Horizontal bars, one per disputed service no taxonomy rule matched (the ",
                                          unclassified.categories.size(), " most frequent), length its items.");
  out +=
      Figure(absl::StrCat("Unclassified titles (top ", stats::kTopUnclassified, ")"), HorizontalBarChart(unclassified),
             "Disputed services the taxonomy put in category other, the most frequent first: candidates for new rules "
             "(--taxonomy FILE). Share: of the unclassified items.",
             u,
             absl::StrCat(
                 "<p class=\"figures\">Items in category other (no taxonomy rule matched): ",
                 Tagged("span", CountCell(s.items_unclassified, quality.Member("items_unclassified"))), " (",
                 Tagged("span", ShareCell(s.items_unclassified, s.items, quality.Member("unclassified_share"))),
                 " of items); distinct titles: ",
                 Tagged("span", CountCell(titles.size(), quality.Member("distinct_unclassified_titles"))), ".</p>\n"));

  const JsonPath accounting({"accounting"});
  HtmlTable in({"Measure", "Count"});
  for (const stats::NamedCount<stats::Accounting>& c : stats::kAccountingCounts) {
    in.Row(c.name, {CountCell(s.accounting.*c.count, accounting.Member(c.name))});
  }
  std::string taxonomies;
  for (const std::string& t : s.taxonomies) absl::StrAppend(&taxonomies, taxonomies.empty() ? "" : ", ", t);
  in.Row("taxonomy", {WordsCell(taxonomies.empty() ? "-" : taxonomies)});
  const stats::Accounting& a = s.accounting;
  ChartSpec bytes = NewChart("chart-input-bytes", "Input bytes and what was left outside the letters", "bytes",
                             Scale::kCount, {"bytes"});
  for (const auto& [name, n] : {std::pair{"read", a.bytes_read},
                                {"blank outside letters", a.bytes_blank},
                                {"skipped (outside every letter)", a.bytes_skipped}}) {
    AddCount(&bytes, name, n);
    bytes.series[0].labels.back() = absl::StrCat(Thousands(n), " (", Percent(Ratio(n, a.bytes_read)), ")");
  }
  if (a.bytes_read == 0) bytes.categories.clear();
  bytes.description =
      "Three horizontal bars: the bytes read, the whitespace outside every letter and the other "
      "bytes outside every letter (skipped), each labelled with its share of the bytes read.";
  out += Figure("Input", HorizontalBarChart(bytes),
                "What happened to the input: skipped bytes are not whitespace and belong to no letter (each range is "
                "reported on standard error with its file and offset); blank bytes are whitespace between letters. "
                "Files that could not be read, JSON Lines records that failed and letters cut at the maximum size are "
                "counted in the table.",
                in);
  return out;
}

std::string Navigation() {
  std::string out = "<nav><ol>";
  for (auto [id, name] : {std::pair{"volumes", "Volumes"},
                          {"outcomes", "Outcomes"},
                          {"guidelines", "Guidelines"},
                          {"timing", "Timing"},
                          {"patients", "Patients"},
                          {"quality", "Quality"}}) {
    absl::StrAppend(&out, "<li><a href=\"#", id, "\">", name, "</a></li>");
  }
  return out + "</ol></nav>\n";
}

}  // namespace

std::string FormatStatsHtml(const Stats& s) {
  if (!s.settled()) return FormatStatsHtml(s.Settled());  // letters added, not yet in the tables
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>IMR statistics</title>\n<style>",
      ToAbsl(kStyle), "</style>\n</head>\n<body>\n<header>\n", Heading("h1", "IMR statistics"), Summary(s),
      Navigation(), "</header>\n<main>\n");
  for (const std::string& section : {VolumesSection(s), OutcomesSection(s), GuidelinesSection(s), TimingSection(s),
                                     PatientsSection(s), QualitySection(s)}) {
    absl::StrAppend(&out, "<section>\n", section, "</section>\n");
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace imr::report
