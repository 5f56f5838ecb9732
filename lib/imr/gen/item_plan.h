// File: imr/gen/item_plan.h
//
// The disputed items of a synthetic letter, drawn before anything is
// written: the service (from services.tsv, pharmaceuticals at the template's
// share), its drug and strength, the count, whether part of it was
// authorized, the outcome, and the truth's quantity, unit, body region,
// category and drug class (conventions in gen.h).
//
// Example:
//   ItemDrawer drawer(vocab);
//   ItemPlan item;
//   drawer.Draw(rng, /*pharma_share=*/0.33, &item);   // item.name: "Physical therapy 12 sessions ..."
//
// Thread-safety: one drawer per thread.
// Lifetime: `vocab` must outlive the drawer and the plans it fills.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "imr/extract/letter.h"
#include "imr/gen/rng.h"
#include "imr/gen/vocab.h"

namespace imr::gen {

struct ItemPlan {
  const Service* service = nullptr;
  std::string_view category, drug_class;
  std::string name;  // the service as the title states it
  std::optional<int> quantity;
  std::string_view unit, region;
  int partial = 0;  // 0 none, 1 "remaining IMR eligible portion", 2 "The original request, X is"
  std::string original, authorized;
  extract::Outcome outcome = extract::Outcome::kUpheld;
};

// How many items a letter disputes: one in most letters, else a geometric
// tail capped at 21.
int ItemCount(Rng& rng);

class ItemDrawer {
 public:
  explicit ItemDrawer(const Vocab& vocab);

  // Overwrites every field of *it (its buffers are reused).
  void Draw(Rng& rng, double pharma_share, ItemPlan* it);

 private:
  // The numbers a service pattern is filled with.
  struct Amounts {
    bool counted = false;         // the pattern has {N}
    int n = 0;                    // {N}
    int per_week = 0, weeks = 0;  // {TIMES}
  };

  const Service& DrawService(Rng& rng, double pharma_share) const;
  const Drug* DrawDrug(Rng& rng, const Service& s) const;
  void SetQuantity(const Service& s, const Drug* drug, std::string_view strength, const Amounts& a, ItemPlan* it) const;

  const Vocab& v_;
};

}  // namespace imr::gen
