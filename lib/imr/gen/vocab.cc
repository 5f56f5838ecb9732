#include "imr/gen/vocab.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"
#include "imr/io/file_data.h"

namespace imr::gen {

// Defined in the build directory's vocab_data.cc (generated from data/vocab/).
extern const std::pair<std::string_view, std::string_view> kEmbeddedVocab[];
extern const std::size_t kEmbeddedVocabFiles;

namespace {

using FileSource = std::function<absl::StatusOr<std::string>(std::string_view name)>;

// Non-comment, non-blank lines split at tabs.
std::vector<std::vector<std::string>> Rows(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(ToAbsl(text), '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(absl::StrSplit(line, '\t'));
  }
  return rows;
}

std::vector<std::string> List(std::string_view s) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(ToAbsl(s), ';', absl::SkipEmpty())) out.emplace_back(part);
  return out;
}

absl::Status Bad(std::string_view file, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("vocabulary ", ToAbsl(file), ": ", ToAbsl(why)));
}

absl::StatusOr<std::vector<std::vector<std::string>>> Table(const FileSource& source, std::string_view name,
                                                            std::size_t columns) {
  IMR_ASSIGN_OR_RETURN(std::string text, source(name));
  std::vector<std::vector<std::string>> rows = Rows(text);
  if (rows.empty()) return Bad(name, "no entries");
  for (auto& row : rows) {
    if (row.size() < columns) return Bad(name, absl::StrCat("a line has fewer than ", columns, " columns"));
  }
  return rows;
}

absl::StatusOr<std::vector<std::string>> Lines(const FileSource& source, std::string_view name) {
  IMR_ASSIGN_OR_RETURN(auto rows, Table(source, name, 1));
  std::vector<std::string> out;
  for (auto& row : rows) out.push_back(std::move(row[0]));
  return out;
}

absl::StatusOr<Vocab> Parse(const FileSource& source) {
  Vocab v;
  IMR_ASSIGN_OR_RETURN(auto services, Table(source, "services.tsv", 4));
  for (auto& r : services) {
    Service s{r[0], std::atof(r[1].c_str()), r[2], r[3], r.size() > 4 ? r[4] : std::string()};
    if (s.upheld <= 0 || s.upheld > 1) return Bad("services.tsv", "upheld rate outside (0, 1]");
    auto it = std::find(v.categories.begin(), v.categories.end(), s.category);
    if (it == v.categories.end()) {
      v.categories.push_back(s.category);
      v.services_by_category.emplace_back();
      it = v.categories.end() - 1;
    }
    v.services_by_category[it - v.categories.begin()].push_back(static_cast<int>(v.services.size()));
    v.services.push_back(std::move(s));
  }
  for (std::size_t c = 0; c < v.categories.size(); ++c) {
    if (v.categories[c] == "pharmaceuticals") v.pharmaceuticals = static_cast<int>(c);
  }
  if (v.pharmaceuticals < 0 || v.categories.size() < 2) {
    return Bad("services.tsv", "needs category pharmaceuticals and at least one other");
  }
  // The truth's unit is the service's: it must be one extraction reports.
  IMR_ASSIGN_OR_RETURN(auto units, Table(source, "units.tsv", 2));
  for (const Service& s : v.services) {
    if (!s.unit.empty() && std::none_of(units.begin(), units.end(), [&](const auto& u) { return u[1] == s.unit; })) {
      return Bad("services.tsv", absl::StrCat("unit ", s.unit, " is not a unit of units.tsv"));
    }
  }
  IMR_ASSIGN_OR_RETURN(auto drugs, Table(source, "drugs.tsv", 3));
  for (auto& r : drugs) v.drugs.push_back({r[0], r[1], List(r[2])});
  IMR_ASSIGN_OR_RETURN(auto regions, Table(source, "regions.tsv", 2));
  for (auto& r : regions) {
    // A third column "match" names a region only recognised in titles
    // (extraction's table, generated from this file at build time), never
    // written for {REGION} ("lumbar" as in "Lumbar laminectomy"); "write"
    // one only written ("right knee": extraction reads "knee").
    if (r.size() < 3 || r[2] != "match") v.regions.push_back({r[0], r[1]});
  }
  IMR_ASSIGN_OR_RETURN(auto mtus, Table(source, "mtus.tsv", 5));
  for (auto& r : mtus) {
    MtusPart p{r[0], std::atoi(r[1].c_str()), r[2], List(r[3]), List(r[4])};
    if (p.sections.empty() || p.sections.size() != p.pages.size()) {
      return Bad("mtus.tsv", "sections and pages must be parallel, non-empty lists");
    }
    v.mtus.push_back(std::move(p));
  }
  IMR_ASSIGN_OR_RETURN(auto odg, Table(source, "odg.tsv", 2));
  for (auto& r : odg) v.odg.push_back({r[0], List(r[1])});
  IMR_ASSIGN_OR_RETURN(auto acoem, Table(source, "acoem.tsv", 3));
  for (auto& r : acoem) v.acoem.push_back({std::atoi(r[0].c_str()), r[1], List(r[2])});
  IMR_ASSIGN_OR_RETURN(v.other_citations, Lines(source, "other_citations.txt"));
  IMR_ASSIGN_OR_RETURN(v.specialties, Lines(source, "specialties.txt"));
  IMR_ASSIGN_OR_RETURN(v.subspecialties, Lines(source, "subspecialties.txt"));
  IMR_ASSIGN_OR_RETURN(v.states, Lines(source, "states.txt"));
  IMR_ASSIGN_OR_RETURN(v.summary, Lines(source, "summary.txt"));
  IMR_ASSIGN_OR_RETURN(v.support, Lines(source, "support.txt"));
  IMR_ASSIGN_OR_RETURN(v.against, Lines(source, "against.txt"));
  for (const auto& d : v.drugs) {
    if (d.strengths.empty()) return Bad("drugs.tsv", absl::StrCat(d.name, " has no strength"));
  }
  for (const auto& o : v.odg) {
    if (o.topics.empty()) return Bad("odg.tsv", absl::StrCat(o.chapter, " has no topic"));
  }
  for (const auto& a : v.acoem) {
    if (a.pages.empty()) return Bad("acoem.tsv", absl::StrCat(a.name, " has no page"));
  }
  return v;
}

}  // namespace

absl::StatusOr<Vocab> LoadVocab(const std::string& dir) {
  return Parse([&](std::string_view name) -> absl::StatusOr<std::string> {
    IMR_ASSIGN_OR_RETURN(io::FileData file,
                         io::FileData::Open(absl::StrCat(dir, "/", ToAbsl(name)), io::ReadMode::kRead));
    return std::string(file.bytes());
  });
}

absl::StatusOr<Vocab> DefaultVocab() {
  return Parse([](std::string_view name) -> absl::StatusOr<std::string> {
    for (std::size_t i = 0; i < kEmbeddedVocabFiles; ++i) {
      if (kEmbeddedVocab[i].first == name) return std::string(kEmbeddedVocab[i].second);
    }
    return absl::NotFoundError(absl::StrCat("embedded vocabulary has no ", ToAbsl(name)));
  });
}

}  // namespace imr::gen
