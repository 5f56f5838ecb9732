#include "imr/gen/letter_truth.h"

#include <utility>

#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::gen {
namespace {

std::string_view View(std::string_view text, const Span& s) {
  if (!s.set) return {};
  return text.substr(s.begin, s.end - s.begin);
}

// "46-47, 60" -> "46-47", "60".
void AppendPages(std::string_view list, std::vector<std::string_view>* pages) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view page = TrimSpace(list.substr(0, comma));
    if (!page.empty()) pages->push_back(page);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

// Resizes *v to n elements, moving the ones it drops to *spare and taking
// new ones from there first, so their buffers outlive a shorter letter.
// Elements taken may hold old values: the caller resets them.
template <typename T>
void ResizeKeepingSpares(std::vector<T>* v, std::size_t n, std::vector<T>* spare) {
  while (v->size() > n) {
    spare->push_back(std::move(v->back()));
    v->pop_back();
  }
  while (v->size() < n) {
    if (spare->empty()) {
      v->emplace_back();
    } else {
      v->push_back(std::move(spare->back()));
      spare->pop_back();
    }
  }
}

// A fresh citation that keeps its lists' capacity.
void ResetCitation(extract::Citation* c) {
  std::vector<std::string_view> sections = std::move(c->sections), pages = std::move(c->pages);
  *c = extract::Citation{};
  sections.clear();
  pages.clear();
  c->sections = std::move(sections);
  c->pages = std::move(pages);
}

// A fresh item that keeps its citation lists.
void ResetItem(extract::Item* item) {
  std::vector<extract::Citation> ca = std::move(item->claims_administrator.citations);
  std::vector<extract::Citation> mx = std::move(item->maximus.citations);
  *item = extract::Item{};
  item->claims_administrator.citations = std::move(ca);
  item->maximus.citations = std::move(mx);
}

void ResolveHeader(std::string_view text, const LetterPlan& plan, const PendingTruth& pending, extract::Letter* l) {
  if (!plan.header) {
    l->Warn(extract::WarningCode::kMissingCaseNumber);
    return;
  }
  l->case_number = View(text, pending.case_number);
  l->date_assigned = plan.assigned;
  l->decision_date = plan.decision;
  l->ur_denial_date = plan.ur;
  l->application_received = plan.application;
  l->priority = plan.expedited ? extract::Priority::kExpedited : extract::Priority::kStandard;
}

}  // namespace

void PendingGuideline::Reset() {
  text = {};
  citations.clear();
  no_evidence = outside = none_found = false;
}

void PendingTruth::Reset(std::size_t n) {
  opening = 0;
  case_number = {};
  licensure.clear();
  specialties.clear();
  items.resize(n);
  for (PendingItem& p : items) {
    p.title = p.original = p.authorized = p.disputed = p.rationale = {};
    p.claims.Reset();
    p.maximus.Reset();
    p.necessary.reset();
  }
}

void TruthResolver::Resolve(const LetterPlan& plan, const PendingTruth& pending, GeneratedLetter* g) {
  text_ = g->text;
  g->opening = pending.opening;
  g->start = LetterStartFor(text_, pending.opening);
  g->year = plan.year;
  g->style = plan.style;
  g->crlf = plan.crlf;
  extract::Letter& l = g->truth;
  std::vector<extract::Item> items = std::move(l.items);  // reused, capacity and all
  l.Clear();
  l.items = std::move(items);
  l.text = text_.substr(g->start);
  l.layout = plan.year == 2014 ? &extract::kDetermination2014 : &extract::kDetermination2016;
  ResolveHeader(text_, plan, pending, &l);
  l.date_of_injury = plan.injury;  // from the header, else from the summary's prose
  for (const Span& s : pending.licensure) l.licensure.push_back(View(text_, s));
  for (const Span& s : pending.specialties) l.specialties.push_back(View(text_, s));
  l.age = plan.age;
  l.sex = plan.female ? extract::Sex::kFemale : extract::Sex::kMale;
  ResizeKeepingSpares(&l.items, plan.items.size(), &spare_items_);
  g->categories.clear();
  g->drug_classes.clear();
  for (std::size_t k = 0; k < plan.items.size(); ++k) {
    ResolveItem(plan.items[k], pending.items[k], &l.items[k]);
    g->categories.push_back(plan.items[k].category);
    g->drug_classes.push_back(plan.items[k].drug_class);
  }
}

void TruthResolver::ResolveItem(const ItemPlan& plan, const PendingItem& p, extract::Item* item) {
  ResetItem(item);
  item->title = View(text_, p.title);
  item->outcome = plan.outcome;
  item->original_request = View(text_, p.original);
  item->authorized = View(text_, p.authorized);
  item->disputed = View(text_, p.disputed);
  item->quantity = plan.quantity;
  item->unit = plan.unit;
  item->body_region = plan.region;
  item->category = plan.category;
  item->drug_class = plan.drug_class;
  ResolveGuideline(p.claims, &item->claims_administrator);
  ResolveGuideline(p.maximus, &item->maximus);
  item->rationale = View(text_, p.rationale);
  item->medically_necessary = p.necessary;
}

void TruthResolver::ResolveGuideline(const PendingGuideline& p, extract::Guideline* g) {
  g->text = View(text_, p.text);
  g->no_evidence_cited = p.no_evidence;
  g->outside_mtus = p.outside;
  g->no_guidelines_found = p.none_found;
  ResizeKeepingSpares(&g->citations, p.citations.size(), &spare_citations_);
  for (std::size_t k = 0; k < p.citations.size(); ++k) {
    const PendingCitation& c = p.citations[k];
    extract::Citation& out = g->citations[k];
    ResetCitation(&out);
    out.source = c.source;
    out.part = c.part_name.empty() ? View(text_, c.part) : c.part_name;
    out.year = c.year;
    if (!c.section_name.empty()) out.sections.push_back(c.section_name);
    for (const Span& s : c.sections) out.sections.push_back(View(text_, s));
    for (const Span& s : c.pages) AppendPages(View(text_, s), &out.pages);
  }
}

}  // namespace imr::gen
