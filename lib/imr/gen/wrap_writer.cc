#include "imr/gen/wrap_writer.h"

#include <algorithm>
#include <cstring>

#include "imr/base/text.h"

namespace imr::gen {
namespace {

std::size_t WordEnd(std::string_view t, std::size_t i) {
  const void* sp = std::memchr(t.data() + i, ' ', t.size() - i);
  return sp == nullptr ? t.size() : static_cast<std::size_t>(static_cast<const char*>(sp) - t.data());
}

// The next gap or break token at or after `from` (one that starts a word),
// or npos.
std::size_t NextSpecial(std::string_view t, std::size_t from) {
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

}  // namespace

WrapWriter::WrapWriter(std::string* out, Rng* rng, Style style, bool crlf)
    : out_(*out), rng_(*rng), style_(style), eol_(crlf ? "\r\n" : "\n") {
  width_ = style == Style::kTabs ? 1 << 30 : rng_.Range(88, 100);
  NewPage();
}

void WrapWriter::Line(std::string_view text, int indent) {
  StartLine();
  out_.append(static_cast<std::size_t>(indent), ' ');
  out_ += text;
  EndLine();
}

void WrapWriter::Blank() {
  StartLine();
  Newline();
}

void WrapWriter::ParaGap() {
  if (style_ == Style::kLayout || style_ == Style::kTabs || rng_.PerMille(150)) Blank();
}

// Marks are positions of p->text in increasing order, and the text is
// consumed in increasing order too, so one cursor maps them all (no per-byte
// table). Ordinary words go a line at a time: the run that fits ends at the
// last space within reach (memrchr); only the word that overflows, and gap
// or break tokens, take the slow path.
void WrapWriter::Paragraph(Para* p) {
  const std::string_view t = p->text;
  marks_ = &p->marks;
  cursor_ = 0;
  line_len_ = 0;
  StartLine();
  std::size_t special = NextSpecial(t, 0);
  std::size_t i = 0;
  while (i < t.size()) {
    if (t[i] == ' ') {
      MapAt(i, out_.size());
      ++i;
    } else if (i == special) {
      i = WriteSpecial(t, i);
      special = NextSpecial(t, i);
    } else if (const std::size_t fit = WriteFittingWords(t, i, special); fit > i) {
      i = fit;
    } else {
      i = WriteOverflowingWord(t, i);
    }
  }
  MapAt(t.size(), out_.size());
  EndLine();
  marks_ = nullptr;
}

// A gap or break token at t[i].
std::size_t WrapWriter::WriteSpecial(std::string_view t, std::size_t i) {
  MapAt(i, out_.size());
  if (t[i] == kBreak) {
    BreakLine();
  } else {  // kGap: a redacted name
    if (line_len_ > 0) out_ += ' ', ++line_len_;
    switch (style_) {
      case Style::kLayout: {
        const int n = rng_.Range(6, 18);
        out_.append(static_cast<std::size_t>(n), ' ');
        line_len_ += static_cast<std::size_t>(n);
        break;
      }
      case Style::kDefault:
        BreakLine();
        break;  // the name's line ends; the text goes on below
      default:
        break;  // one space
    }
  }
  return WordEnd(t, i);
}

// The words from t[i] up to the next special token that fit on this line;
// returns i when not even one does.
std::size_t WrapWriter::WriteFittingWords(std::string_view t, std::size_t i, std::size_t special) {
  const std::size_t sep = line_len_ > 0 ? 1 : 0;
  const std::size_t room = width_ > line_len_ + sep ? width_ - line_len_ - sep : 0;
  const std::size_t hard = std::min(special, t.size());
  std::size_t fit = i;
  if (hard - i <= room) {
    fit = hard;
  } else if (room > 0) {
    const void* sp = memrchr(t.data() + i, ' ', room + 1);
    if (sp != nullptr) fit = static_cast<std::size_t>(static_cast<const char*>(sp) - t.data());
  }
  while (fit > i && t[fit - 1] == ' ') --fit;
  if (fit == i) return i;
  if (sep) out_ += ' ';
  Copy(t, i, fit);
  line_len_ += sep + (fit - i);
  return fit;
}

// The word at t[i] does not fit on the line: it breaks at a hyphen, breaks
// anywhere (a URL), stands alone (longer than a line) or goes to the next
// line.
std::size_t WrapWriter::WriteOverflowingWord(std::string_view t, std::size_t i) {
  const std::size_t j = WordEnd(t, i);
  const std::string_view tok = t.substr(i, j - i);
  if (line_len_ == 0) {
    Copy(t, i, j);
    line_len_ = tok.size();
  } else if (const std::size_t h = HyphenBreak(tok, width_ - line_len_ - 1); h != 0) {
    WriteHyphenBroken(t, i, h, j);
  } else if (tok.starts_with("http") && tok.size() > 24) {
    const std::size_t reach = std::max<std::size_t>(8, width_ - std::min(width_, line_len_ + 1));
    const std::size_t cut = std::min(tok.size() - 4, reach);
    out_ += ' ';
    Copy(t, i, i + cut);
    BreakLine();
    Copy(t, i + cut, j);
    line_len_ = j - i - cut;
  } else {
    BreakLine();
    Copy(t, i, j);
    line_len_ = tok.size();
  }
  return j;
}

// "range-of-" / "motion": layout and raw keep the hyphen at the line end;
// plain pdftotext drops it and joins the halves. The hyphen is t[i + h].
void WrapWriter::WriteHyphenBroken(std::string_view t, std::size_t i, std::size_t h, std::size_t j) {
  out_ += ' ';
  if (style_ == Style::kDefault) {
    Copy(t, i, i + h);
    MapAt(i + h, out_.size());
    Copy(t, i + h + 1, j);
    BreakLine();
  } else {
    Copy(t, i, i + h + 1);
    BreakLine();
    Copy(t, i + h + 1, j);
    line_len_ = j - (i + h + 1);
  }
}

void WrapWriter::NewPage() { page_left_ = rng_.Range(42, 62); }

void WrapWriter::StartLine() {
  if (page_left_ <= 0) {
    out_ += '\f';
    NewPage();
  }
  --page_left_;
}

void WrapWriter::EndLine() {
  if (style_ == Style::kSpaced) {  // trailing blank, then an empty line
    out_ += ' ';
    Newline();
    Newline();
    --page_left_;
  } else {
    Newline();
  }
}

// Marks at paragraph positions up to `i` land at `at` (a position the writer
// skipped, such as a gap's placeholder, maps like the next one).
void WrapWriter::MapAt(std::size_t i, std::size_t at) {
  std::vector<std::size_t>& m = *marks_;
  while (cursor_ < m.size() && m[cursor_] <= i) m[cursor_++] = at;
}

// Appends t[from, to) and maps the marks inside it.
void WrapWriter::Copy(std::string_view t, std::size_t from, std::size_t to) {
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
std::size_t WrapWriter::HyphenBreak(std::string_view tok, std::size_t room) {
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

}  // namespace imr::gen
