// File: imr/gen/vocab.h
//
// The vocabulary of synthetic letters: services with their categories and
// upheld rates, drugs, body regions, guideline parts (MTUS, ODG, ACOEM),
// reviewer specialties and states, and the sentences summaries and
// rationales are built from. It lives in data/vocab/ (see its README.md) so
// it can grow without code changes; a copy is embedded at build time so the
// binary works anywhere.
//
// Example:
//   absl::StatusOr<Vocab> v = dir.empty() ? DefaultVocab() : LoadVocab(dir);
//
// Thread-safety: immutable once loaded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace imr::gen {

struct Service {
  std::string category;    // "pharmaceuticals", "physical_medicine", ...
  double upheld = 0.9;     // share of decisions that uphold the denial
  std::string unit;        // unit of {N}, or empty when the template has none
  std::string pattern;     // "Physical therapy {N} sessions for the {REGION}"
  std::string drug_class;  // the item's drug class when not its drug's own ("Compound cream: ..."), else empty
};
struct Drug {
  std::string name, drug_class;
  std::vector<std::string> strengths;
};
struct Region {
  std::string words, canonical;
};
struct MtusPart {
  std::string name;  // 2016-17 wording: "Low Back Complaints"
  int year = 0;
  std::string name_2014;                     // 2014-15 wording: "ACOEM Chapter 12 Low Back Complaints"
  std::vector<std::string> sections, pages;  // parallel lists
};
struct OdgChapter {
  std::string chapter;
  std::vector<std::string> topics;
};
struct AcoemChapter {
  int number = 0;
  std::string name;
  std::vector<std::string> pages;
};

struct Vocab {
  std::vector<Service> services;
  std::vector<std::vector<int>> services_by_category;  // indices into services
  std::vector<std::string> categories;                 // parallel to services_by_category
  int pharmaceuticals = -1;                            // index in categories
  std::vector<Drug> drugs;
  std::vector<Region> regions;  // written for {REGION} (the truth's region is extraction's reading)
  std::vector<MtusPart> mtus;
  std::vector<OdgChapter> odg;
  std::vector<AcoemChapter> acoem;
  std::vector<std::string> other_citations, specialties, subspecialties, states;
  std::vector<std::string> summary, support, against;
};

// Reads data/vocab-style files from `dir`. NotFound / PermissionDenied when a
// file cannot be read; InvalidArgument when one is malformed or empty.
absl::StatusOr<Vocab> LoadVocab(const std::string& dir);
// The copy of data/vocab/ embedded at build time.
absl::StatusOr<Vocab> DefaultVocab();

}  // namespace imr::gen
