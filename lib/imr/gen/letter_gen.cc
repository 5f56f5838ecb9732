// How a synthetic letter is made: first every value is drawn (dates, reviewer,
// patient, items, guideline citations, rationales), then the letter is written
// line by line in its pdftotext style. Every field the truth records is a
// marked span of a paragraph; the writer turns paragraph positions into text
// offsets as it wraps lines, inserts page breaks, redaction gaps, joined
// hyphens and CRLF, so the truth always describes the bytes actually written.
#include "imr/gen/letter_gen.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>

#include "imr/base/text.h"
#include "imr/extract/layout.h"
#include "imr/gen/rng.h"

namespace imr::gen {
namespace {

using extract::CitationSource;
using extract::Outcome;

constexpr char kGap = '\x01';    // a redacted name or amount
constexpr char kBreak = '\x02';  // a forced line break (the outcome alone on its line)

// Headings and labels are the template's format, verbatim.
constexpr std::string_view kHow = "HOW THE IMR FINAL DETERMINATION WAS MADE";
constexpr std::string_view kSummary = "CLINICAL CASE SUMMARY";
constexpr std::string_view kIssues = "IMR ISSUES, DECISIONS AND RATIONALES";
constexpr std::string_view kSetForth =
    "The Final Determination was based on decisions for the disputed items/services set forth below:";
constexpr std::string_view kCredentials = "The Expert Reviewer has the following credentials:";
// Our own wording of the template's boilerplate.
constexpr std::string_view kBoilerplate =
    "MAXIMUS Federal Services forwarded the full case file to an independent expert reviewer who has no ties to "
    "the employer, the employee, the providers or the claims administrator. The reviewer has practiced clinically "
    "for over five years, still works in active practice at least 24 hours each week, and was chosen for training "
    "and experience in specialties that evaluate or treat the condition and the services in dispute.";
constexpr std::string_view kBoilerplateEnd =
    "The reviewer knows the governing laws and regulations, including the hierarchy of medical evidence that "
    "applies to Independent Medical Review determinations.";
constexpr std::string_view kSummaryIntro =
    "The expert reviewer prepared this summary of the case from the complete case file, including all medical "
    "records:";

constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                      "July",    "August",   "September", "October", "November", "December"};

// ---------------------------------------------------------------- dates
std::int64_t DaysFromCivil(int y, int m, int d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
extract::Date CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe + era * 400) + (m <= 2);
  return {static_cast<std::int16_t>(y), static_cast<std::int8_t>(m), static_cast<std::int8_t>(d)};
}
// Decimal digits without printf (the generator's hot path): `width` pads
// with zeros.
void AppendInt(std::string* out, int v, int width = 0) {
  char buf[16];
  int n = 0;
  unsigned u = static_cast<unsigned>(v < 0 ? -v : v);
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (n < width) buf[n++] = '0';
  if (v < 0) out->push_back('-');
  while (n > 0) out->push_back(buf[--n]);
}
void AppendHeaderDate(std::string* out, const extract::Date& d) {
  AppendInt(out, d.month, 2);
  out->push_back('/');
  AppendInt(out, d.day, 2);
  out->push_back('/');
  AppendInt(out, d.year, 4);
}
std::string HeaderDate(const extract::Date& d) {
  std::string s;
  AppendHeaderDate(&s, d);
  return s;
}
// A date as the prose writes it, in one of the forms the letters use.
void AppendNarrativeDate(std::string* out, const extract::Date& d, Rng& rng) {
  switch (rng.Below(4)) {
    case 0: AppendHeaderDate(out, d); break;
    case 1:
      AppendInt(out, d.month), out->push_back('-'), AppendInt(out, d.day), out->push_back('-');
      AppendInt(out, d.year % 100, 2);
      break;
    case 2:
      AppendInt(out, d.month), out->push_back('/'), AppendInt(out, d.day), out->push_back('/');
      AppendInt(out, d.year % 100, 2);
      break;
    default:
      out->append(kMonths[d.month - 1]), out->push_back(' '), AppendInt(out, d.day), out->append(", ");
      AppendInt(out, d.year);
  }
}

// ---------------------------------------------------------------- marked text
// A paragraph under construction; Mark() remembers a position, which the
// writer later rewrites into an offset of the letter's text.
struct Para {
  std::string text;
  std::vector<std::size_t> marks;
  std::size_t Mark() {
    marks.push_back(text.size());
    return marks.size() - 1;
  }
  Para& operator<<(std::string_view s) {
    text += s;
    return *this;
  }
  Para& operator<<(int v) {
    AppendInt(&text, v);
    return *this;
  }
  void Clear() {
    text.clear();
    marks.clear();
  }
};

// A list of at most N trivially copyable values, kept inline (citations hold
// one section and one page list at most; a vector would allocate per
// citation).
template <typename T, std::size_t N>
class SmallList {
 public:
  void push_back(const T& v) { v_[n_++] = v; }
  std::size_t size() const { return n_; }
  const T& operator[](std::size_t i) const { return v_[i]; }
  const T* begin() const { return v_.data(); }
  const T* end() const { return v_.data() + n_; }

 private:
  std::array<T, N> v_{};
  std::size_t n_ = 0;
};

// A span of the final text, as two offsets (resolved to views at the end).
struct Span {
  std::size_t begin = 0, end = 0;
  bool set = false;
};
Span SpanOf(const Para& p, std::size_t b, std::size_t e) { return {p.marks[b], p.marks[e], true}; }

struct PendingCitation {
  CitationSource source = CitationSource::kOther;
  Span part;
  std::string_view part_name, section_name;  // canonical names, used instead of spans when set
  int year = 0;
  SmallList<Span, 1> sections, pages;  // pages: one span of "46-47, 60", split when resolved
};
struct PendingGuideline {
  Span text;
  std::vector<PendingCitation> citations;
  bool no_evidence = false, outside = false, none_found = false;
};
struct PendingItem {
  Span title, original, authorized, disputed, rationale;
  Outcome outcome = Outcome::kUpheld;
  std::optional<int> quantity;
  std::string_view unit, region;
  PendingGuideline claims, maximus;
  std::optional<bool> necessary;
};

// ---------------------------------------------------------------- writer
class Writer {
 public:
  Writer(std::string* out, Rng* rng, Style style, bool crlf) : out_(*out), rng_(*rng), style_(style), crlf_(crlf) {
    width_ = style == Style::kTabs ? 1 << 30 : rng_.Range(88, 100);
    NewPage();
  }

  std::size_t pos() const { return out_.size(); }
  Style style() const { return style_; }
  void PageBreakNext() { page_left_ = 0; }

  // One unwrapped line.
  void Line(std::string_view text, int indent = 0) {
    StartLine();
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += text;
    EndLine();
  }
  void Blank() {
    StartLine();
    Newline();
  }
  // A blank line in the styles that put them between paragraphs.
  void ParaGap() {
    if (style_ == Style::kLayout || style_ == Style::kTabs || rng_.PerMille(150)) Blank();
  }

  // Writes `p` word-wrapped and rewrites its marks into offsets of the text.
  // Marks are positions of p->text in increasing order, and the text is
  // consumed in increasing order too, so one cursor maps them all (no
  // per-byte table). Ordinary words go a line at a time: the run that fits
  // ends at the last space within reach (memrchr); only the word that
  // overflows, and gap or break tokens, take the slow path.
  void Paragraph(Para* p) {
    const std::string_view t = p->text;
    marks_ = &p->marks;
    cursor_ = 0;
    std::size_t line_len = 0;
    StartLine();
    std::size_t special = NextSpecial(t, 0);
    std::size_t i = 0;
    while (i < t.size()) {
      if (t[i] == ' ') {
        MapAt(i, out_.size());
        ++i;
        continue;
      }
      if (i == special) {
        const std::size_t j = WordEnd(t, i);
        MapAt(i, out_.size());
        if (t[i] == kBreak) {
          EndLine();
          StartLine();
          line_len = 0;
        } else {  // kGap: a redacted name
          if (line_len > 0) out_ += ' ', ++line_len;
          switch (style_) {
            case Style::kLayout: {
              const int n = rng_.Range(6, 18);
              out_.append(static_cast<std::size_t>(n), ' ');
              line_len += static_cast<std::size_t>(n);
              break;
            }
            case Style::kDefault:  // the name's line ends; the text goes on below
              EndLine();
              StartLine();
              line_len = 0;
              break;
            default: break;  // one space
          }
        }
        i = j;
        special = NextSpecial(t, i);
        continue;
      }
      // The words up to the next special token that fit on this line.
      const std::size_t sep = line_len > 0 ? 1 : 0;
      const std::size_t room = width_ > line_len + sep ? width_ - line_len - sep : 0;
      const std::size_t hard = std::min(special, t.size());
      std::size_t fit = i;
      if (hard - i <= room) {
        fit = hard;
      } else if (room > 0) {
        const void* sp = memrchr(t.data() + i, ' ', room + 1);
        if (sp != nullptr) fit = static_cast<std::size_t>(static_cast<const char*>(sp) - t.data());
      }
      while (fit > i && t[fit - 1] == ' ') --fit;
      if (fit > i) {
        if (sep) out_ += ' ';
        Copy(t, i, fit);
        line_len += sep + (fit - i);
        i = fit;
        continue;
      }
      // The next word does not fit.
      const std::size_t j = WordEnd(t, i);
      const std::string_view tok = t.substr(i, j - i);
      if (line_len == 0) {  // longer than a line: it stands alone
        Copy(t, i, j);
        line_len = tok.size();
      } else if (const std::size_t h = HyphenBreak(tok, width_ - line_len - 1); h != 0) {
        // "range-of-" / "motion": layout and raw keep the hyphen at the line
        // end; plain pdftotext drops it and joins the halves.
        out_ += ' ';
        if (style_ == Style::kDefault) {
          Copy(t, i, i + h);
          MapAt(i + h, out_.size());
          Copy(t, i + h + 1, j);
          EndLine();
          StartLine();
          line_len = 0;
        } else {
          Copy(t, i, i + h + 1);
          EndLine();
          StartLine();
          Copy(t, i + h + 1, j);
          line_len = j - (i + h + 1);
        }
      } else if (tok.starts_with("http") && tok.size() > 24) {  // URLs break anywhere
        const std::size_t reach = std::max<std::size_t>(8, width_ - std::min(width_, line_len + 1));
        const std::size_t cut = std::min(tok.size() - 4, reach);
        out_ += ' ';
        Copy(t, i, i + cut);
        EndLine();
        StartLine();
        Copy(t, i + cut, j);
        line_len = j - i - cut;
      } else {
        EndLine();
        StartLine();
        Copy(t, i, j);
        line_len = tok.size();
      }
      i = j;
    }
    MapAt(t.size(), out_.size());
    EndLine();
    marks_ = nullptr;
  }

  void Raw(std::string_view s) { out_ += s; }
  void Newline() {
    if (crlf_) out_.push_back('\r');
    out_.push_back('\n');
  }

 private:
  void NewPage() { page_left_ = rng_.Range(42, 62); }
  void StartLine() {
    if (page_left_ <= 0) {
      out_ += '\f';
      NewPage();
    }
    --page_left_;
  }
  void EndLine() {
    if (style_ == Style::kSpaced) {  // trailing blank, then an empty line
      out_ += ' ';
      Newline();
      Newline();
      --page_left_;
    } else {
      Newline();
    }
  }
  static std::size_t WordEnd(std::string_view t, std::size_t i) {
    const void* sp = std::memchr(t.data() + i, ' ', t.size() - i);
    return sp == nullptr ? t.size() : static_cast<std::size_t>(static_cast<const char*>(sp) - t.data());
  }
  // The next gap or break token at or after `from` (one that starts a word),
  // or npos.
  static std::size_t NextSpecial(std::string_view t, std::size_t from) {
    std::size_t best = std::string_view::npos;
    for (const char c : {kGap, kBreak}) {
      for (std::size_t k = from; k < t.size() && k < best;) {
        const void* hit = std::memchr(t.data() + k, c, std::min(best, t.size()) - k);
        if (hit == nullptr) break;
        k = static_cast<std::size_t>(static_cast<const char*>(hit) - t.data());
        if (k == 0 || t[k - 1] == ' ') {
          best = k;
          break;
        }
        ++k;
      }
    }
    return best;
  }
  // Marks at paragraph positions up to `i` land at `at` (a position the
  // writer skipped, such as a gap's placeholder, maps like the next one).
  void MapAt(std::size_t i, std::size_t at) {
    std::vector<std::size_t>& m = *marks_;
    while (cursor_ < m.size() && m[cursor_] <= i) m[cursor_++] = at;
  }
  // Appends t[from, to) and maps the marks inside it.
  void Copy(std::string_view t, std::size_t from, std::size_t to) {
    const std::size_t base = out_.size();
    std::vector<std::size_t>& m = *marks_;
    while (cursor_ < m.size() && m[cursor_] < to) {
      m[cursor_] = base + (m[cursor_] >= from ? m[cursor_] - from : 0);
      ++cursor_;
    }
    out_.append(t.data() + from, to - from);
  }
  // Index of a hyphen inside `tok` (between alphanumerics) after which the
  // token may break, leaving at most `room` bytes (hyphen included) on the
  // line; 0 when none, or when we choose not to break.
  std::size_t HyphenBreak(std::string_view tok, std::size_t room) {
    // Plain pdftotext joins the halves without the hyphen, which would make
    // "46-47" read "4647": there, only words break.
    const bool digits = style_ != Style::kDefault;
    const auto ok = [digits](char c) { return IsAlpha(c) || (digits && IsDigit(c)); };
    std::size_t best = 0;
    for (std::size_t h = 1; h + 1 < tok.size() && h + 1 <= room; ++h) {
      if (tok[h] == '-' && ok(tok[h - 1]) && ok(tok[h + 1])) best = h;
    }
    if (best == 0 || !rng_.PerMille(600)) return 0;
    return best;
  }

  std::string& out_;
  Rng& rng_;
  Style style_;
  bool crlf_;
  std::size_t width_;
  int page_left_ = 0;
  std::vector<std::size_t>* marks_ = nullptr;  // of the paragraph being written
  std::size_t cursor_ = 0;                     // first mark not yet mapped
};

// ---------------------------------------------------------------- content
struct Reviewer {
  std::vector<std::string> states, specialties;
  bool prose = false;
  bool no_space_after_comma = false;
};

struct ItemPlan {
  const Service* service = nullptr;
  std::string_view category, drug_class;
  std::string name;  // the service as the title states it
  std::optional<int> quantity;
  std::string_view unit, region;
  int partial = 0;  // 0 none, 1 "remaining IMR eligible portion", 2 "The original request, X is"
  std::string original, authorized;
  Outcome outcome = Outcome::kUpheld;
};

// Fills {N}, {REGION}, {DRUG}, {STRENGTH} of a service pattern.
void Expand(std::string* s, std::string_view pattern, int n, const Region* region, const Drug* drug,
            std::string_view strength, int per_week = 0, int weeks = 0) {
  s->clear();
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      const std::string_view key = pattern.substr(i + 1, close - i - 1);
      if (key == "N") AppendInt(s, n);
      if (key == "REGION" && region != nullptr) *s += region->words;
      if (key == "DRUG" && drug != nullptr) *s += drug->name;
      if (key == "STRENGTH") *s += strength;
      if (key == "TIMES") AppendInt(s, per_week), *s += " times a week for ", AppendInt(s, weeks), *s += " weeks";
      i = close + 1;
    } else {
      *s += pattern[i++];
    }
  }
}

// A strength in mg or mcg ("10/325mg", "10mcg/hr"): a tablet (or patch) drug.
bool HasOralStrength(std::string_view strength) {
  for (std::size_t k = 1; k < strength.size(); ++k) {
    if (IsDigit(strength[k - 1]) && (strength.substr(k, 2) == "mg" || strength.substr(k, 3) == "mcg")) return true;
  }
  return false;
}
// An amount glued to ml or gm in a strength ("120ml", "20%/5% 180gm"): its
// number in *n and the canonical unit, or empty.
std::string_view GluedVolume(std::string_view strength, int* n) {
  for (std::size_t k = 0; k < strength.size(); ++k) {
    if (!IsDigit(strength[k]) || (k > 0 && (IsDigit(strength[k - 1]) || strength[k - 1] == '.' || strength[k - 1] == '/'))) continue;
    std::size_t e = k;
    int v = 0;
    while (e < strength.size() && IsDigit(strength[e])) v = v * 10 + (strength[e++] - '0');
    const std::string_view rest = strength.substr(e);
    const auto word_end = [&](std::size_t len) { return rest.size() == len || !IsAlpha(rest[len]); };
    if (rest.starts_with("ml") && word_end(2)) return *n = v, "ml";
    if (rest.starts_with("gm") && word_end(2)) return *n = v, "grams";
  }
  return {};
}

// Region phrases by first byte, longest first: at a word start, the first
// phrase that matches is the longest one there.
using RegionIndex = std::array<std::vector<const Region*>, 256>;
RegionIndex MakeRegionIndex(const Vocab& v) {
  RegionIndex index;
  for (const Region& r : v.region_names) {
    if (!r.words.empty()) index[static_cast<unsigned char>(r.words[0])].push_back(&r);
  }
  for (auto& bucket : index) {
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Region* a, const Region* b) { return a->words.size() > b->words.size(); });
  }
  return index;
}

// The canonical body region of the first regions.tsv phrase in `name`
// (ASCII case ignored, whole words; the longest phrase at a position wins);
// empty when there is none. `lower` is scratch space.
std::string_view RegionIn(const RegionIndex& index, std::string_view name, std::string* lower) {
  lower->assign(name);
  for (char& c : *lower) c = ToLowerAscii(c);
  const std::string_view l = *lower;
  for (std::size_t at = 0; at < l.size(); ++at) {
    if (at > 0 && IsAlpha(l[at - 1])) continue;  // whole words only
    for (const Region* r : index[static_cast<unsigned char>(l[at])]) {
      const std::string_view w = r->words;  // lower case (vocab.cc checks)
      if (l.compare(at, w.size(), w) != 0) continue;
      if (at + w.size() < l.size() && IsAlpha(l[at + w.size()])) continue;
      return r->canonical;
    }
  }
  return {};
}

// Fills {REGION}, {DATE}, {GAP}, {SVC} of a sentence.
void AppendSentence(Para& p, std::string_view sentence, std::string_view region, std::string_view svc,
                    const extract::Date& near, Rng& rng) {
  for (std::size_t i = 0; i < sentence.size();) {
    const std::size_t open = sentence.find('{', i);
    if (open == std::string_view::npos) {
      p.text.append(sentence.data() + i, sentence.size() - i);
      break;
    }
    p.text.append(sentence.data() + i, open - i);
    const std::size_t close = sentence.find('}', open);
    const std::string_view key = sentence.substr(open + 1, close - open - 1);
    if (key == "REGION") p << region;
    if (key == "SVC") p << svc;
    if (key == "GAP") p.text += kGap;
    if (key == "DATE") {
      AppendNarrativeDate(&p.text, CivilFromDays(DaysFromCivil(near.year, near.month, near.day) - rng.Range(3, 200)), rng);
    }
    i = close + 1;
  }
}

int ItemCount(Rng& rng) {
  if (rng.PerMille(600)) return 1;
  int n = 2;  // geometric tail, capped at 21
  while (n < 21 && rng.PerMille(450)) ++n;
  return n;
}

}  // namespace

class LetterMaker {
 public:
  LetterMaker(const Vocab& v, const LetterOptions& o) : v_(v), o_(o), regions_(MakeRegionIndex(v)) {}

  // Every member is reset here, so one maker serves many letters and its
  // buffers stop allocating once warm.
  void Make(std::uint64_t index, GeneratedLetter* g) {
    rng_ = Rng::ForLetter(o_.seed, index);
    g_ = g;
    g_->text.clear();
    g_->categories.clear();
    g_->drug_classes.clear();
    if (o_.layout_2014 && o_.layout_2016) {
      year_ = rng_.PerMille(450) ? 2014 : 2016;
    } else {
      year_ = o_.layout_2014 ? 2014 : 2016;
    }
    g_->year = year_;
    paras_used_ = 0;
    rev_.states.clear();
    rev_.specialties.clear();
    licensure_.clear();
    specialties_.clear();
    case_span_ = {};
    DrawValues();
    std::string& out = g_->text;
    out.reserve(4096 + 2600 * items_.size());
    // Bytes before the letter: blank lines as in the seeds, sometimes.
    if (rng_.PerMille(200)) {
      const int n = rng_.Range(1, 6);
      for (int k = 0; k < n; ++k) out += rng_.PerMille(500) ? " \n" : "\n";
    }
    Writer w(&out, &rng_, g_->style, g_->crlf);
    WriteHeader(w);
    WriteCredentials(w);
    WriteSummary(w);
    WriteIssues(w);
    Resolve();
  }

 private:
  // ------------------------------------------------------------ values
  void DrawValues() {
    if (year_ == 2014) {
      const int s = static_cast<int>(rng_.Below(10));
      g_->style = s < 6 ? Style::kSpaced : s < 8 ? Style::kTabs : Style::kRaw;
      header_ = !rng_.PerMille(400);
    } else {
      const int s = static_cast<int>(rng_.Below(3));
      g_->style = s == 0 ? Style::kLayout : s == 1 ? Style::kDefault : Style::kRaw;
      header_ = true;
    }
    g_->crlf = rng_.PerMille(80);
    // Decision date first, then every other date before it.
    const std::int64_t first = year_ == 2014 ? DaysFromCivil(2014, 2, 1) : DaysFromCivil(2016, 1, 4);
    const std::int64_t decision = first + rng_.Range(0, year_ == 2014 ? 690 : 720);
    const std::int64_t assigned = decision - rng_.Range(8, 45);
    const std::int64_t application = assigned - rng_.Range(1, 12);
    const std::int64_t ur = application - rng_.Range(3, 30);
    const std::int64_t injury = ur - rng_.Range(60, 9000);
    decision_ = CivilFromDays(decision);
    assigned_ = CivilFromDays(assigned);
    application_ = CivilFromDays(application);
    ur_ = CivilFromDays(ur);
    injury_ = CivilFromDays(injury);
    char cn[32];
    const int yy = (decision_.year - (rng_.PerMille(300) ? 1 : 0)) % 100;
    std::snprintf(cn, sizeof cn, "CM%02d-%07u", yy, static_cast<unsigned>(rng_.Below(10000000)));
    case_number_ = cn;
    expedited_ = rng_.PerMille(40);
    age_ = rng_.Range(19, 74);
    female_ = rng_.PerMille(480);
    region_ = &rng_.Pick(v_.regions);

    rev_.prose = year_ == 2014 && rng_.PerMille(300);
    rev_.no_space_after_comma = rng_.PerMille(500);
    const int nstates = rev_.prose ? 1 : (rng_.PerMille(650) ? 1 : rng_.Range(2, 3));
    for (int k = 0; k + 1 < nstates; ++k) {
      std::string s = rng_.Pick(v_.states);
      if (s != "California" && std::find(rev_.states.begin(), rev_.states.end(), s) == rev_.states.end()) {
        rev_.states.push_back(std::move(s));
      }
    }
    rev_.states.push_back("California");
    rev_.specialties.push_back(rng_.Pick(v_.specialties));
    if (rng_.PerMille(rev_.prose ? 600 : 400)) {
      std::string s = rev_.prose ? rng_.Pick(v_.subspecialties) : rng_.Pick(v_.specialties);
      if (s != rev_.specialties[0]) rev_.specialties.push_back(std::move(s));
    }

    const int n = ItemCount(rng_);
    const double pharma = year_ == 2014 ? 0.46 : 0.33;
    items_.resize(static_cast<std::size_t>(n));
    for (ItemPlan& it : items_) DrawItem(it, pharma);
  }

  void DrawItem(ItemPlan& it, double pharma_share) {
    int cat = v_.pharmaceuticals;
    if (!rng_.Chance(pharma_share)) {
      do {
        cat = static_cast<int>(rng_.Below(static_cast<std::uint32_t>(v_.categories.size())));
      } while (cat == v_.pharmaceuticals);
    }
    const Service& s = v_.services[static_cast<std::size_t>(rng_.Pick(v_.services_by_category[static_cast<std::size_t>(cat)]))];
    it.service = &s;
    it.category = s.category;
    it.drug_class = {};
    it.quantity.reset();
    it.unit = {};
    it.region = {};
    it.partial = 0;
    it.original.clear();
    it.authorized.clear();
    const Region* region = s.pattern.find("{REGION}") != std::string::npos ? &rng_.Pick(v_.regions) : nullptr;
    const Drug* drug = s.pattern.find("{DRUG}") != std::string::npos ? &rng_.Pick(v_.drugs) : nullptr;
    // A service with its own drug class (a compound cream) never holds a
    // patch: "Compound cream: Butrans patch" would name two forms.
    for (int tries = 0; drug != nullptr && !s.drug_class.empty() && drug->name.find("patch") != std::string::npos && tries < 16;
         ++tries) {
      drug = &rng_.Pick(v_.drugs);
    }
    const std::string_view strength = drug != nullptr ? std::string_view(rng_.Pick(drug->strengths)) : "";
    if (drug != nullptr) it.drug_class = s.drug_class.empty() ? std::string_view(drug->drug_class) : std::string_view(s.drug_class);
    const bool counted = s.pattern.find("{N}") != std::string::npos;
    int n = counted ? (s.unit == "tablets" ? 30 * rng_.Range(1, 6) : rng_.Range(1, 24)) : 0;
    // "{TIMES}": "3 times a week for 2 weeks", 6 sessions.
    int per_week = 0, weeks = 0;
    if (s.pattern.find("{TIMES}") != std::string::npos) {
      per_week = rng_.Range(1, 3);
      weeks = rng_.Range(2, 8);
    }
    it.outcome = rng_.Chance(s.upheld) ? Outcome::kUpheld : Outcome::kOverturned;
    // Partial decisions: part of a counted request was authorized.
    if (counted && n >= 4 && s.unit != "refills" && rng_.PerMille(60)) {
      it.partial = rng_.PerMille(600) ? 1 : 2;
      const int granted = rng_.Range(1, n - 2);
      Expand(&it.original, s.pattern, n, region, drug, strength);
      Expand(&it.authorized, s.pattern, granted, region, drug, strength);
      if (it.partial == 1) n -= granted;
    }
    Expand(&it.name, s.pattern, n, region, drug, strength, per_week, weeks);
    // Quantity and unit as the title states them (conventions in gen.h).
    int volume = 0;
    const std::string_view volume_unit = drug != nullptr ? GluedVolume(strength, &volume) : std::string_view();
    if (drug != nullptr && s.unit == "tablets") {  // "#60", "quantity 60": a dispensed count
      it.quantity = n;
      it.unit = drug->name.find("patch") != std::string::npos ? "patches"
                : HasOralStrength(strength)                  ? "tablets"
                                                             : "";
    } else if (!volume_unit.empty()) {  // "Diclofenac gel 1% 100gm": the package states the amount
      it.quantity = volume;
      it.unit = volume_unit;
    } else if (counted) {
      it.quantity = n;
      it.unit = s.unit;
    } else if (per_week != 0) {
      it.quantity = per_week * weeks;
      it.unit = s.unit;
    }
    // The body region is whatever region the disputed service names, with
    // or without a {REGION} ("Total knee arthroplasty, left knee").
    it.region = RegionIn(regions_, it.name, &lower_);
  }

  // ------------------------------------------------------------ header
  void WriteHeader(Writer& w) {
    if (!header_) return;
    const std::string da = HeaderDate(assigned_), di = HeaderDate(injury_), dd = HeaderDate(decision_),
                      du = HeaderDate(ur_), dr = HeaderDate(application_);
    const std::string_view pr = expedited_ ? "Expedited" : "Standard";
    std::string& o = g_->text;
    const auto nl = [&] { w.Newline(); };
    // Marks the case number where it is written.
    const auto case_number = [&] {
      case_span_ = {o.size(), o.size() + case_number_.size(), true};
      o += case_number_;
    };
    opening_ = o.size();
    switch (g_->style) {
      case Style::kLayout: {
        const auto pad = [&](std::string_view s, std::size_t to) {
          o += s;
          o.append(to > s.size() ? to - s.size() : 1, ' ');
        };
        pad("Case Number:", 22), case_number(), nl();
        pad("Date Assigned:", 22), pad(da, 32), pad("Date of Injury:", 21), o += di, nl();
        pad("Decision Date:", 22), pad(dd, 32), pad("UR Denial Date:", 21), o += du, nl();
        pad("Priority:", 22), pad(pr, 32), pad("Application", 21), o += dr, nl();
        o.append(54, ' '), o += "Received:", nl();
        nl();
        break;
      }
      case Style::kDefault: {
        o += "Case Number:", nl(), o += "Date Assigned:", nl(), o += "Decision Date:", nl(), o += "Priority:", nl(), nl();
        case_number(), nl(), o += da, nl(), o += dd, nl(), o += pr, nl(), nl();
        o += "Date of Injury:", nl(), o += "UR Denial Date:", nl(), o += "Application", nl(), o += "Received:", nl(), nl();
        o += di, nl(), o += du, nl(), o += dr, nl(), nl();
        break;
      }
      case Style::kRaw: {
        o += "Case Number: ", case_number(), nl();
        o += "Date Assigned: " + da + " Date of Injury: " + di, nl();
        o += "Decision Date: " + dd + " UR Denial Date: " + du, nl();
        o += "Priority: ", o += pr, o += " Application", nl(), o += "Received:", nl(), o += dr, nl();
        break;
      }
      case Style::kSpaced: {
        const std::string_view sp = rng_.PerMille(500) ? " " : "  ";
        o += "Case Number: ", case_number(), o += "  ", nl(), nl();
        o += "Date Assigned: " + da + " Date of Injury:", o += sp, o += di + " ", nl(), nl();
        o += "Decision Date: " + dd + " UR Denial Date:", o += sp, o += du + " ", nl(), nl();
        o += "Priority:", o += sp, o += pr, o += " Application ", nl(), nl(), o += "Received: ", nl(), o += dr + " ", nl(), nl();
        break;
      }
      case Style::kTabs: {
        o += "Case Number:\t", case_number(), o += "\t\t", nl();
        o += "Date Assigned:\t" + da + "\tDate of Injury:\t" + di, nl();
        o += "Decision Date:\t" + dd + "\tUR Denial Date:\t" + du, nl();
        o += "Priority:\t", o += pr, o += "\tApplication Received:\t" + dr, nl(), nl();
        break;
      }
    }
  }

  // ------------------------------------------------------------ credentials
  void WriteCredentials(Writer& w) {
    std::string& o = g_->text;
    const bool opens = !header_;
    if (opens) opening_ = o.size();
    if (g_->style == Style::kLayout) {
      w.Line(kHow, 17);
    } else if (g_->style == Style::kSpaced && opens) {
      w.Line(std::string(" ") + std::string(kHow));
    } else {
      w.Line(kHow);
    }
    if (g_->style == Style::kSpaced || g_->style == Style::kTabs) w.ParaGap();
    Para& boiler = NewPara();
    boiler << kBoilerplate;
    std::vector<std::size_t> state_marks, spec_marks;
    if (rev_.prose) {
      boiler << " The expert reviewer is Board Certified in ";
      spec_marks.push_back(boiler.Mark());
      boiler << rev_.specialties[0];
      spec_marks.push_back(boiler.Mark());
      if (rev_.specialties.size() > 1) {
        boiler << ", has a subspecialty in ";
        spec_marks.push_back(boiler.Mark());
        boiler << rev_.specialties[1];
        spec_marks.push_back(boiler.Mark());
      }
      boiler << " and is licensed to practice in ";
      state_marks.push_back(boiler.Mark());
      boiler << rev_.states[0];
      state_marks.push_back(boiler.Mark());
      boiler << ".";
    }
    boiler << " " << kBoilerplateEnd;
    w.Paragraph(&boiler);
    AddSpans(boiler, spec_marks, &specialties_);
    AddSpans(boiler, state_marks, &licensure_);
    if (rev_.prose) {
      w.ParaGap();
      return;
    }
    w.ParaGap();
    w.Line(kCredentials);
    if (g_->style == Style::kSpaced || g_->style == Style::kTabs) w.ParaGap();
    Para& states = NewPara();
    states << "State(s) of Licensure: ";
    std::vector<std::size_t> sm;
    for (std::size_t k = 0; k < rev_.states.size(); ++k) {
      if (k > 0) states << (rev_.no_space_after_comma ? "," : ", ");
      sm.push_back(states.Mark());
      states << rev_.states[k];
      sm.push_back(states.Mark());
    }
    w.Paragraph(&states);
    AddSpans(states, sm, &licensure_);
    if (g_->style == Style::kSpaced || g_->style == Style::kTabs) w.ParaGap();
    Para& specs = NewPara();
    specs << "Certification(s)/Specialty: ";
    std::vector<std::size_t> pm;
    for (std::size_t k = 0; k < rev_.specialties.size(); ++k) {
      if (k > 0) specs << ", ";
      pm.push_back(specs.Mark());
      specs << rev_.specialties[k];
      pm.push_back(specs.Mark());
    }
    w.Paragraph(&specs);
    AddSpans(specs, pm, &specialties_);
    w.ParaGap();
  }

  // Pairs of marks (indices from Para::Mark) as spans.
  static void AddSpans(const Para& p, const std::vector<std::size_t>& marks, std::vector<Span>* out) {
    for (std::size_t k = 0; k + 1 < marks.size(); k += 2) out->push_back(SpanOf(p, marks[k], marks[k + 1]));
  }

  // ------------------------------------------------------------ summary
  void WriteSummary(Writer& w) {
    w.Line(kSummary, g_->style == Style::kLayout ? 32 : 0);
    if (g_->style == Style::kSpaced || g_->style == Style::kTabs) w.ParaGap();
    Para& intro = NewPara();
    intro << kSummaryIntro;
    w.Paragraph(&intro);
    w.ParaGap();
    Para& p = NewPara();
    const std::string_view sex = female_ ? "female" : "male";
    const std::string_view region = region_->words;
    if (year_ == 2014) {
      p << "The injured worker is a " << std::to_string(age_) << (rng_.PerMille(500) ? " year old " : " year-old ") << sex
        << ", who sustained an industrial injury on " << HeaderDate(injury_) << ".";
    } else {
      p << "The applicant is a " << std::to_string(age_) << "-year-old " << sex
        << " who has filed a claim for chronic " << region << " pain reportedly associated with an industrial injury of "
        << kMonths[injury_.month - 1] << " " << std::to_string(injury_.day) << ", " << std::to_string(injury_.year) << ".";
    }
    const int sentences = rng_.Range(3, 8);
    for (int k = 0; k < sentences; ++k) {
      p << " ";
      AppendSentence(p, rng_.Pick(v_.summary), region, "", ur_, rng_);
      if (rng_.PerMille(60)) p << " Flexion measured 70\xC2\xB0 and extension 15\xC2\xB0.";
    }
    p << " The disputed requests are for ";
    for (std::size_t k = 0; k < items_.size() && k < 4; ++k) {
      if (k > 0) p << (k + 1 == std::min<std::size_t>(items_.size(), 4) ? " and " : ", ");
      p << items_[k].name;
    }
    p << ".";
    w.Paragraph(&p);
    w.ParaGap();
  }

  // ------------------------------------------------------------ issues
  void WriteIssues(Writer& w) {
    if (g_->style == Style::kLayout && rng_.PerMille(500)) w.PageBreakNext();
    w.Line(kIssues, g_->style == Style::kLayout ? 23 : 0);
    if (g_->style == Style::kSpaced || g_->style == Style::kTabs) w.ParaGap();
    w.Line(kSetForth);
    w.ParaGap();
    pending_.resize(items_.size());
    for (std::size_t k = 0; k < items_.size(); ++k) WriteItem(w, k);
  }

  void WriteItem(Writer& w, std::size_t k) {
    const ItemPlan& it = items_[k];
    PendingItem& pi = pending_[k];
    pi.original = pi.authorized = pi.disputed = pi.rationale = {};
    for (PendingGuideline* g : {&pi.claims, &pi.maximus}) {
      g->text = {};
      g->citations.clear();
      g->no_evidence = g->outside = g->none_found = false;
    }
    pi.necessary.reset();
    pi.outcome = it.outcome;
    pi.quantity = it.quantity;
    pi.unit = it.unit;
    pi.region = it.region;
    g_->categories.push_back(it.category);
    g_->drug_classes.push_back(it.drug_class);
    if (rng_.PerMille(30)) w.PageBreakNext();  // a page break right before the title

    Para& t = NewPara();
    const std::size_t title_begin = t.Mark();
    if (it.partial == 0) {
      t << it.name;
      pi.disputed = {};
    } else {
      const std::size_t ob = t.Mark();
      t << it.original;
      const std::size_t oe = t.Mark();
      t << " was the original request.";
      std::size_t ab, ae;
      if (it.partial == 1) {
        t << " ";
        ab = t.Mark();
        t << it.authorized;
        ae = t.Mark();
        t << " was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, ";
      } else {
        t << " The Claims Administrator authorized ";
        ab = t.Mark();
        t << it.authorized;
        ae = t.Mark();
        t << ", leaving the original request IMR eligible. The original request, ";
      }
      const std::size_t db = t.Mark();
      t << it.name;
      const std::size_t de = t.Mark();
      if (!rng_.PerMille(100)) t << " is";
      partial_marks_ = {ob, oe, ab, ae, db, de};
    }
    const std::size_t title_end = t.Mark();
    t << ":";
    if (rng_.PerMille(60)) {
      t.text += ' ';
      t.text += kBreak;
    }
    t.text += ' ';
    t << (it.outcome == Outcome::kUpheld ? "Upheld" : "Overturned");
    w.Paragraph(&t);
    pi.title = SpanOf(t, title_begin, title_end);
    if (it.partial != 0) {
      pi.original = SpanOf(t, partial_marks_[0], partial_marks_[1]);
      pi.authorized = SpanOf(t, partial_marks_[2], partial_marks_[3]);
      pi.disputed = SpanOf(t, partial_marks_[4], partial_marks_[5]);
    } else {
      pi.disputed = pi.title;
    }
    w.ParaGap();

    Para& ca = NewPara();
    ca << "Claims Administrator guideline: ";
    const std::size_t cb = ca.Mark();
    Guideline(ca, it, false, k == 0, &pi.claims);
    const std::size_t ce = ca.Mark();
    w.Paragraph(&ca);
    ResolveGuideline(ca, cb, ce, &pi.claims);
    w.ParaGap();

    Para& mx = NewPara();
    mx << "MAXIMUS guideline: ";
    const std::size_t mb = mx.Mark();
    Guideline(mx, it, true, k == 0, &pi.maximus);
    const std::size_t me = mx.Mark();
    w.Paragraph(&mx);
    ResolveGuideline(mx, mb, me, &pi.maximus);
    w.ParaGap();

    Para& r = NewPara();
    r << "Decision rationale: ";
    const std::size_t rb = r.Mark();
    Rationale(r, it, &pi);
    const std::size_t re = r.Mark();
    w.Paragraph(&r);
    pi.rationale = SpanOf(r, rb, re);
    // The next title may follow with no blank line.
    if (!rng_.PerMille(250)) w.ParaGap();
  }

  // Citations are drawn as (kind, marks) and their spans resolved after the
  // paragraph is written.
  // The truth follows the conventions of gen.h: the part (and an ACOEM
  // chapter's section) may be a canonical name rather than the words
  // written, held in `part_name` / `section_name` (vocabulary storage).
  struct CiteMarks {
    explicit CiteMarks(CitationSource s, std::size_t b = 0, std::size_t e = 0) : source(s), part_b(b), part_e(e) {}
    CitationSource source;
    std::size_t part_b = 0, part_e = 0;
    int year = 0;
    SmallList<std::size_t, 2> sec, pag;  // a (begin, end) pair of marks each, when present
    std::string_view part_name, section_name;
  };
  std::vector<CiteMarks> cites_;

  void Guideline(Para& p, const ItemPlan& it, bool maximus, bool first, PendingGuideline* g) {
    cites_.clear();
    const std::string_view who = maximus ? "The Expert Reviewer" : "The Claims Administrator";
    int kind = static_cast<int>(rng_.Below(100));
    // The first item's MAXIMUS block always shows its template's wording (as
    // every real letter we hold does), so the template is recognisable.
    if (maximus && first) kind = 0;
    if (maximus && kind >= 80 && kind < 92) kind = 50;  // only Claims Administrators cite nothing
    if (kind < 55) {
      MtusCitation(p);
      if (rng_.PerMille(250)) {
        p << (year_ == 2016 ? ", and " : ". Decision based on MTUS ");
        MtusPart(p);
        p << ".";
      } else {
        p << ".";
      }
      if (rng_.PerMille(150)) {
        p << " Decision based on Non-MTUS Citation ";
        OdgCitation(p);
      }
    } else if (kind < 80) {
      g->outside = true;
      p << who << (year_ == 2016 ? " based their decision on recommendation(s) outside of the MTUS."
                                 : " did not base their decision on the MTUS.");
      p << " Decision based on Non-MTUS Citation ";
      const int c = static_cast<int>(rng_.Below(10));
      if (c < 6) {
        OdgCitation(p);
      } else if (c < 8) {
        const std::size_t b = p.Mark();
        p << rng_.Pick(v_.other_citations);
        const std::size_t e = p.Mark();
        cites_.push_back(CiteMarks(p.text.compare(p.marks[b], 5, "ACOEM") == 0 ? CitationSource::kAcoem : CitationSource::kOther,
                          b, e));
        p << ".";
      } else {
        const OdgChapter& ch = rng_.Pick(v_.odg);
        const std::string& topic = rng_.Pick(ch.topics);
        const std::size_t b = p.Mark();
        p << topic << " (http://www.odg-twc.com/odgtwc/";
        for (char c2 : ch.chapter) p.text += (IsAlpha(c2) ? static_cast<char>(c2 | 0x20) : '_');
        p << ".htm)";
        const std::size_t e = p.Mark();
        cites_.push_back(CiteMarks(CitationSource::kOther, b, e));
        p << ".";
      }
    } else if (kind < 92) {
      g->no_evidence = true;
      p << "The Claims Administrator did not cite any medical evidence for its decision.";
    } else if (kind < 93) {
      g->none_found = true;
      p << "No guidelines found.";
    } else {
      MtusCitation(p);
      p << ". Decision based on Non-MTUS Citation ";
      OdgCitation(p);
    }
    (void)it;
  }

  // "Decision based on MTUS <part> <year>[, Section(s): x]" or, 2014-15,
  // "Decision based on MTUS <name> <topic> Page(s): p" (no final period).
  void MtusCitation(Para& p) {
    p << "Decision based on MTUS ";
    MtusPart(p);
  }
  void MtusPart(Para& p) {
    // A part cited right after itself would read as one citation: draw another.
    const gen::MtusPart* pick = &rng_.Pick(v_.mtus);
    const bool follows = !cites_.empty() && cites_.back().source == CitationSource::kMtus;
    for (int tries = 0; follows && pick->name == cites_.back().part_name && tries < 8; ++tries) pick = &rng_.Pick(v_.mtus);
    const gen::MtusPart& m = *pick;
    const std::size_t which = rng_.Below(static_cast<std::uint32_t>(m.sections.size()));
    CiteMarks c(CitationSource::kMtus);
    c.part_name = m.name;  // canonical (2016) part, whatever the letter writes
    if (year_ == 2016) {
      p << m.name;
      c.year = m.year;
      p << " " << m.year;
      if (rng_.PerMille(650)) {
        p << ", Section(s): ";
        c.sec.push_back(p.Mark());
        p << m.sections[which];
        c.sec.push_back(p.Mark());
      }
    } else {
      // "ACOEM Chapter 12 Low Back Complaints <topic> Page(s): 303-305": the
      // MTUS part the chapter became; chapters 1-7 are "General Approaches"
      // with the chapter's name as a section before the topic.
      const std::string_view name = m.name_2014;
      bool general = false;
      if (name.starts_with("ACOEM Chapter ")) {
        const std::size_t sp = name.find(' ', 14);
        general = std::atoi(std::string(name.substr(14, sp - 14)).c_str()) <= 7;
        if (general) c.section_name = name.substr(sp + 1);
      }
      p << name << " ";
      c.sec.push_back(p.Mark());
      p << m.sections[which];
      c.sec.push_back(p.Mark());
      p << " Page(s): ";
      c.pag.push_back(p.Mark());
      p << m.pages[which];
      c.pag.push_back(p.Mark());
    }
    cites_.push_back(std::move(c));
  }
  void OdgCitation(Para& p) {
    const OdgChapter& ch = rng_.Pick(v_.odg);
    p << (rng_.PerMille(750) ? "Official Disability Guidelines (ODG), " : "Official Disability Guidelines, ");
    CiteMarks c(CitationSource::kOdg);
    c.part_b = p.Mark();
    p << ch.chapter;
    c.part_e = p.Mark();
    p << " Chapter, ";
    c.sec.push_back(p.Mark());
    p << rng_.Pick(ch.topics);
    c.sec.push_back(p.Mark());
    p << ".";
    cites_.push_back(std::move(c));
  }

  void ResolveGuideline(const Para& p, std::size_t b, std::size_t e, PendingGuideline* g) {
    g->text = SpanOf(p, b, e);
    for (const CiteMarks& c : cites_) {
      PendingCitation pc;
      pc.source = c.source;
      if (c.part_name.empty()) pc.part = SpanOf(p, c.part_b, c.part_e);
      pc.part_name = c.part_name;
      pc.section_name = c.section_name;
      pc.year = c.year;
      for (std::size_t k = 0; k + 1 < c.sec.size(); k += 2) pc.sections.push_back(SpanOf(p, c.sec[k], c.sec[k + 1]));
      for (std::size_t k = 0; k + 1 < c.pag.size(); k += 2) pc.pages.push_back(SpanOf(p, c.pag[k], c.pag[k + 1]));
      g->citations.push_back(std::move(pc));
    }
  }

  void Rationale(Para& p, const ItemPlan& it, PendingItem* pi) {
    const bool upheld = it.outcome == Outcome::kUpheld;
    const std::string_view region = it.region.empty() ? std::string_view(region_->words) : it.region;
    const std::string svc = it.partial == 2 ? it.original : it.name;
    const int n = rng_.Range(2, 6);
    for (int k = 0; k < n; ++k) {
      if (k > 0) p << " ";
      if (k == 1 && rng_.PerMille(300)) {
        p << "The guideline states that treatment should be \xE2\x80\x9C" "continued only when the worker shows "
             "objective improvement\xE2\x80\x9D during the trial period.";
        continue;
      }
      AppendSentence(p, upheld ? rng_.Pick(v_.against) : rng_.Pick(v_.support), region, svc, decision_, rng_);
    }
    p << " ";
    switch (rng_.Below(4)) {
      case 0: p << "Therefore, the request for " << svc << (upheld ? " is not" : " is") << " medically necessary."; break;
      case 1: p << "As a result, the requested " << svc << (upheld ? " is not" : " is") << " medically necessary."; break;
      case 2: p << "Medical necessity for the requested " << svc << (upheld ? " has not" : " has") << " been established."; break;
      default: p << "Consequently, this request" << (upheld ? " is not" : " is") << " medically necessary."; break;
    }
    pi->necessary = !upheld;
  }

  // ------------------------------------------------------------ truth
  std::string_view View(const Span& s) const {
    if (!s.set) return {};
    return std::string_view(g_->text).substr(s.begin, s.end - s.begin);
  }
  void Resolve() {
    const std::string_view text = g_->text;
    g_->opening = opening_;
    g_->start = LetterStartFor(text, opening_);
    extract::Letter& L = g_->truth;
    std::vector<extract::Item> items = std::move(L.items);  // reused, capacity and all
    L.Clear();
    L.items = std::move(items);
    L.text = text.substr(g_->start);
    L.layout = year_ == 2014 ? &extract::kDetermination2014 : &extract::kDetermination2016;
    if (header_) {
      L.case_number = View(case_span_);
      L.date_assigned = assigned_;
      L.decision_date = decision_;
      L.ur_denial_date = ur_;
      L.application_received = application_;
      L.priority = expedited_ ? extract::Priority::kExpedited : extract::Priority::kStandard;
    } else {
      L.Warn(extract::WarningCode::kMissingCaseNumber);
    }
    L.date_of_injury = injury_;  // from the header, else from the summary's prose
    for (const Span& s : licensure_) L.licensure.push_back(View(s));
    for (const Span& s : specialties_) L.specialties.push_back(View(s));
    L.age = age_;
    L.sex = female_ ? extract::Sex::kFemale : extract::Sex::kMale;
    L.items.resize(pending_.size());
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      const PendingItem& p = pending_[k];
      extract::Item& item = L.items[k];
      // A fresh item, but the citation lists keep their capacity.
      std::vector<extract::Citation> ca = std::move(item.claims_administrator.citations);
      std::vector<extract::Citation> mx = std::move(item.maximus.citations);
      item = extract::Item{};
      item.claims_administrator.citations = std::move(ca);
      item.maximus.citations = std::move(mx);
      item.title = View(p.title);
      item.outcome = p.outcome;
      item.original_request = View(p.original);
      item.authorized = View(p.authorized);
      item.disputed = View(p.disputed);
      item.quantity = p.quantity;
      item.unit = p.unit;
      item.body_region = p.region;
      item.category = g_->categories[k];
      item.drug_class = g_->drug_classes[k];
      ResolveTruthGuideline(p.claims, &item.claims_administrator);
      ResolveTruthGuideline(p.maximus, &item.maximus);
      item.rationale = View(p.rationale);
      item.medically_necessary = p.necessary;
    }
  }
  void ResolveTruthGuideline(const PendingGuideline& p, extract::Guideline* g) const {
    g->text = View(p.text);
    g->no_evidence_cited = p.no_evidence;
    g->outside_mtus = p.outside;
    g->no_guidelines_found = p.none_found;
    g->citations.resize(p.citations.size());
    for (std::size_t k = 0; k < p.citations.size(); ++k) {
      const PendingCitation& c = p.citations[k];
      extract::Citation& out = g->citations[k];
      std::vector<std::string_view> sections = std::move(out.sections), pages = std::move(out.pages);
      out = extract::Citation{};
      sections.clear();
      pages.clear();
      out.sections = std::move(sections);
      out.pages = std::move(pages);
      out.source = c.source;
      out.part = c.part_name.empty() ? View(c.part) : c.part_name;
      out.year = c.year;
      if (!c.section_name.empty()) out.sections.push_back(c.section_name);
      for (const Span& s : c.sections) out.sections.push_back(View(s));
      for (const Span& s : c.pages) {  // "46-47, 60" -> "46-47", "60"
        std::string_view rest = View(s);
        while (!rest.empty()) {
          const std::size_t comma = rest.find(',');
          const std::string_view page = TrimSpace(rest.substr(0, comma));
          if (!page.empty()) out.pages.push_back(page);
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      }
    }
  }

  // A cleared paragraph buffer; valid until the next letter (a deque never
  // moves its elements).
  Para& NewPara() {
    if (paras_used_ == paras_.size()) paras_.emplace_back();
    Para& p = paras_[paras_used_++];
    p.Clear();
    return p;
  }

  const Vocab& v_;
  const LetterOptions o_;
  const RegionIndex regions_;
  Rng rng_{0};
  GeneratedLetter* g_ = nullptr;
  std::deque<Para> paras_;
  std::string lower_;
  std::size_t paras_used_ = 0;
  int year_ = 2016;
  bool header_ = true, expedited_ = false, female_ = false;
  extract::Date decision_, assigned_, application_, ur_, injury_;
  std::string case_number_;
  int age_ = 40;
  const Region* region_ = nullptr;
  Reviewer rev_;
  std::vector<ItemPlan> items_;
  std::vector<PendingItem> pending_;
  std::array<std::size_t, 6> partial_marks_{};
  std::size_t opening_ = 0;
  Span case_span_;
  std::vector<Span> licensure_, specialties_;
};

std::string_view StyleName(Style s) {
  switch (s) {
    case Style::kLayout: return "layout";
    case Style::kDefault: return "default";
    case Style::kRaw: return "raw";
    case Style::kSpaced: return "spaced";
    case Style::kTabs: return "tabs";
  }
  return "";
}

std::size_t LetterStartFor(std::string_view text, std::size_t opening) {
  const std::size_t line = LineBegin(text, opening);
  std::size_t p = line;
  while (p < opening && (IsInlineSpace(text[p]) || text.substr(p, 3) == "\xEF\xBB\xBF")) ++p;
  if (p >= opening) return line;
  return text.rfind('\f', opening) + 1;
}

LetterGenerator::LetterGenerator(const Vocab& vocab, const LetterOptions& options)
    : maker_(std::make_unique<LetterMaker>(vocab, options)) {}
LetterGenerator::~LetterGenerator() = default;
LetterGenerator::LetterGenerator(LetterGenerator&&) noexcept = default;
LetterGenerator& LetterGenerator::operator=(LetterGenerator&&) noexcept = default;

void LetterGenerator::Generate(std::uint64_t index, GeneratedLetter* out) { maker_->Make(index, out); }

void GenerateLetter(const Vocab& vocab, const LetterOptions& options, std::uint64_t index, GeneratedLetter* out) {
  LetterGenerator(vocab, options).Generate(index, out);
}

}  // namespace imr::gen
