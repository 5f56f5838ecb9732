#include "imr/gen/letter_gen.h"

#include <chrono>
#include <memory>

#include "imr/base/text.h"
#include "imr/extract/dates.h"
#include "imr/gen/date_text.h"
#include "imr/gen/letter_maker.h"

namespace imr::gen {

void LetterMaker::Make(std::uint64_t index, GeneratedLetter* g) {
  rng_ = Rng::ForLetter(o_.seed, index);
  g_ = g;
  g_->text.clear();
  paras_used_ = 0;
  planner_.Draw(o_, rng_, &plan_);
  truth_.Reset(plan_.items.size());
  std::string& out = g_->text;
  out.reserve(4096 + 2600 * plan_.items.size());
  // Bytes before the letter: blank lines as in the seeds, sometimes.
  if (rng_.PerMille(200)) {
    const int n = rng_.Range(1, 6);
    for (int k = 0; k < n; ++k) out += rng_.PerMille(500) ? " \n" : "\n";
  }
  WrapWriter w(&out, &rng_, plan_.style, plan_.crlf);
  WriteHeader(w);
  WriteCredentials(w);
  WriteSummary(w);
  WriteIssues(w);
  resolver_.Resolve(plan_, truth_, g_);
}

Para& LetterMaker::NewPara() {
  if (paras_used_ == paras_.size()) paras_.emplace_back();
  Para& p = paras_[paras_used_++];
  p.Clear();
  return p;
}

void LetterMaker::AppendSentence(Para& p, std::string_view sentence, std::string_view region, std::string_view svc,
                                 const extract::Date& near) {
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
      const std::chrono::sys_days day = extract::ToSysDays(near) - std::chrono::days(rng_.Range(3, 200));
      AppendNarrativeDate(&p.text, extract::FromSysDays(day), rng_);
    }
    i = close + 1;
  }
}

void LetterMaker::HeadingGap(WrapWriter& w) {
  if (plan_.style == Style::kSpaced || plan_.style == Style::kTabs) w.ParaGap();
}

std::string_view StyleName(Style s) {
  switch (s) {
    case Style::kLayout:
      return "layout";
    case Style::kDefault:
      return "default";
    case Style::kRaw:
      return "raw";
    case Style::kSpaced:
      return "spaced";
    case Style::kTabs:
      return "tabs";
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
