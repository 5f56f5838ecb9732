#include "imr/gen/item_plan.h"

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/gen/date_text.h"

namespace imr::gen {
namespace {

// Fills {N}, {REGION}, {DRUG}, {STRENGTH} and {TIMES} of a service pattern.
void Expand(std::string* s, std::string_view pattern, int n, const Region* region, const Drug* drug,
            std::string_view strength, int per_week = 0, int weeks = 0) {
  s->clear();
  for (std::size_t i = 0; i < pattern.size();) {
    const std::size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) {
      s->append(pattern.substr(i));
      break;
    }
    s->append(pattern.substr(i, open - i));
    const std::size_t close = pattern.find('}', open);
    const std::string_view key = pattern.substr(open + 1, close - open - 1);
    if (key == "N") AppendInt(s, n);
    if (key == "REGION" && region != nullptr) *s += region->words;
    if (key == "DRUG" && drug != nullptr) *s += drug->name;
    if (key == "STRENGTH") *s += strength;
    if (key == "TIMES") AppendInt(s, per_week), *s += " times a week for ", AppendInt(s, weeks), *s += " weeks";
    i = close + 1;
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
    if (!IsDigit(strength[k]) ||
        (k > 0 && (IsDigit(strength[k - 1]) || strength[k - 1] == '.' || strength[k - 1] == '/')))
      continue;
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

bool Has(std::string_view pattern, std::string_view key) { return pattern.find(key) != std::string_view::npos; }

}  // namespace

int ItemCount(Rng& rng) {
  if (rng.PerMille(600)) return 1;
  int n = 2;
  while (n < 21 && rng.PerMille(450)) ++n;
  return n;
}

ItemDrawer::ItemDrawer(const Vocab& vocab) : v_(vocab) {}

void ItemDrawer::Draw(Rng& rng, double pharma_share, ItemPlan* it) {
  const Service& s = DrawService(rng, pharma_share);
  it->service = &s;
  it->category = s.category;
  it->drug_class = {};
  it->quantity.reset();
  it->unit = {};
  it->partial = 0;
  it->original.clear();
  it->authorized.clear();
  const Region* region = Has(s.pattern, "{REGION}") ? &rng.Pick(v_.regions) : nullptr;
  const Drug* drug = DrawDrug(rng, s);
  const std::string_view strength = drug != nullptr ? std::string_view(rng.Pick(drug->strengths)) : "";
  if (drug != nullptr)
    it->drug_class = s.drug_class.empty() ? std::string_view(drug->drug_class) : std::string_view(s.drug_class);
  Amounts a;
  a.counted = Has(s.pattern, "{N}");
  a.n = a.counted ? (s.unit == "tablets" ? 30 * rng.Range(1, 6) : rng.Range(1, 24)) : 0;
  // "{TIMES}": "3 times a week for 2 weeks", 6 sessions.
  if (Has(s.pattern, "{TIMES}")) {
    a.per_week = rng.Range(1, 3);
    a.weeks = rng.Range(2, 8);
  }
  it->outcome = rng.Chance(s.upheld) ? extract::Outcome::kUpheld : extract::Outcome::kOverturned;
  // Partial decisions: part of a counted request was authorized.
  if (a.counted && a.n >= 4 && s.unit != "refills" && rng.PerMille(60)) {
    it->partial = rng.PerMille(600) ? 1 : 2;
    const int granted = rng.Range(1, a.n - 2);
    Expand(&it->original, s.pattern, a.n, region, drug, strength);
    Expand(&it->authorized, s.pattern, granted, region, drug, strength);
    if (it->partial == 1) a.n -= granted;
  }
  Expand(&it->name, s.pattern, a.n, region, drug, strength, a.per_week, a.weeks);
  SetQuantity(s, drug, strength, a, it);
  // The body region is whatever region the disputed service names, with or
  // without a {REGION} ("Total knee arthroplasty, left knee"), as extraction
  // reads it.
  it->region = extract::BodyRegionIn(it->name);
}

const Service& ItemDrawer::DrawService(Rng& rng, double pharma_share) const {
  int cat = v_.pharmaceuticals;
  if (!rng.Chance(pharma_share)) {
    do {
      cat = static_cast<int>(rng.Below(static_cast<std::uint32_t>(v_.categories.size())));
    } while (cat == v_.pharmaceuticals);
  }
  return v_.services[static_cast<std::size_t>(rng.Pick(v_.services_by_category[static_cast<std::size_t>(cat)]))];
}

const Drug* ItemDrawer::DrawDrug(Rng& rng, const Service& s) const {
  if (!Has(s.pattern, "{DRUG}")) return nullptr;
  const Drug* drug = &rng.Pick(v_.drugs);
  // A service with its own drug class (a compound cream) never holds a
  // patch: "Compound cream: Butrans patch" would name two forms.
  for (int tries = 0; !s.drug_class.empty() && drug->name.find("patch") != std::string::npos && tries < 16; ++tries) {
    drug = &rng.Pick(v_.drugs);
  }
  return drug;
}

// Quantity and unit as the title states them (conventions in gen.h).
void ItemDrawer::SetQuantity(const Service& s, const Drug* drug, std::string_view strength, const Amounts& a,
                             ItemPlan* it) const {
  int volume = 0;
  const std::string_view volume_unit = drug != nullptr ? GluedVolume(strength, &volume) : std::string_view();
  if (drug != nullptr && s.unit == "tablets") {  // "#60", "quantity 60": a dispensed count
    it->quantity = a.n;
    it->unit = drug->name.find("patch") != std::string::npos ? "patches" : HasOralStrength(strength) ? "tablets" : "";
  } else if (!volume_unit.empty()) {  // "Diclofenac gel 1% 100gm": the package states the amount
    it->quantity = volume;
    it->unit = volume_unit;
  } else if (a.counted) {
    it->quantity = a.n;
    it->unit = s.unit;
  } else if (a.per_week != 0) {
    it->quantity = a.per_week * a.weeks;
    it->unit = s.unit;
  }
}

}  // namespace imr::gen
