#include "imr/eval/eval.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"
#include "imr/io/file_data.h"
#include "imr/output/letter_json.h"
#include "imr/pipeline/pipeline.h"
#include "simdjson.h"

namespace imr::eval {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kAbsent = "<absent>";

// A record flattened to (field, minified value) pairs.
using Flat = std::vector<std::pair<std::string, std::string>>;

void FlattenInto(dom::element e, const std::string& prefix, Flat* out) {
  dom::object obj;
  if (e.get(obj) != simdjson::SUCCESS) {
    out->emplace_back(prefix, simdjson::minify(e));
    return;
  }
  for (dom::key_value_pair kv : obj) {
    const std::string name = prefix.empty() ? std::string(kv.key) : absl::StrCat(prefix, ".", ToAbsl(kv.key));
    FlattenInto(kv.value, name, out);
  }
}

// A letter record: its fields (items and source left out) and its items.
struct Record {
  Flat fields;
  std::vector<Flat> items;
  std::vector<std::string> titles;
};

bool ParseRecord(dom::parser& parser, std::string_view json, Record* r) {
  dom::element doc;
  dom::object obj;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS || doc.get(obj) != simdjson::SUCCESS) {
    return false;
  }
  r->fields.clear();
  r->items.clear();
  r->titles.clear();
  for (dom::key_value_pair kv : obj) {
    if (kv.key == "source") continue;
    if (kv.key == "items") {
      dom::array items;
      if (kv.value.get(items) != simdjson::SUCCESS) continue;
      for (dom::element item : items) {
        r->items.emplace_back();
        FlattenInto(item, "items", &r->items.back());
        dom::element title;
        r->titles.push_back(item["title"].get(title) == simdjson::SUCCESS ? simdjson::minify(title) : "");
      }
      continue;
    }
    FlattenInto(kv.value, std::string(kv.key), &r->fields);
  }
  return true;
}

const std::string* Lookup(const Flat& flat, const std::string& name) {
  for (const auto& [k, v] : flat) {
    if (k == name) return &v;
  }
  return nullptr;
}

// Pairs of (truth item, extracted item).
std::vector<std::pair<std::size_t, std::size_t>> AlignItems(const Record& t, const Record& x) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  const std::size_t n = t.items.size(), m = x.items.size();
  if (n == m) {
    for (std::size_t i = 0; i < n; ++i) pairs.emplace_back(i, i);
    return pairs;
  }
  std::vector<std::vector<std::uint16_t>> lcs(n + 1, std::vector<std::uint16_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = t.titles[i] == x.titles[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  for (std::size_t i = 0, j = 0; i < n && j < m;) {
    if (t.titles[i] == x.titles[j]) {
      pairs.emplace_back(i++, j++);
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

struct Counts {
  bool item = false;
  std::uint64_t letters = 0, letters_equal = 0, items = 0, items_equal = 0;
};

struct Example {
  std::uint32_t source_id;
  std::uint64_t offset;
  Mismatch m;
};

// Everything one thread accumulates; merged at the end.
struct alignas(64) Slot {
  extract::Letter letter;
  dom::parser truth_parser, extracted_parser;
  Record truth, extracted;
  std::string json;
  std::map<std::string, Counts> fields;
  std::map<std::string, std::vector<Example>> examples;
  EvalReport totals;  // counters only
};

class TruthIndex {
 public:
  absl::Status Load(const std::string& path) {
    IMR_ASSIGN_OR_RETURN(io::FileData file, io::FileData::Open(path, io::ReadMode::kRead));
    file_ = std::make_unique<io::FileData>(std::move(file));
    const std::string_view bytes = file_->bytes();
    dom::parser parser;
    std::uint64_t line_no = 0;
    for (std::size_t pos = 0; pos < bytes.size();) {
      std::size_t end = bytes.find('\n', pos);
      if (end == std::string_view::npos) end = bytes.size();
      const std::string_view line = bytes.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      dom::element doc;
      std::string_view p, id;
      std::uint64_t offset = 0;
      if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS ||
          doc["source"]["path"].get(p) != simdjson::SUCCESS ||
          doc["source"]["offset"].get(offset) != simdjson::SUCCESS) {
        return absl::DataLossError(absl::StrCat(path, ":line ", line_no, ": not a letter record"));
      }
      const std::size_t index = lines_.size();
      lines_.push_back(line);
      where_.push_back(absl::StrCat(ToAbsl(p), ":byte ", offset));
      if (doc["source"]["id"].get(id) == simdjson::SUCCESS) by_key_.emplace(IdKey(id, offset), index);
      by_key_.emplace(PathKey(p, offset), index);
      by_key_.emplace(TailKey(p, offset), index);
    }
    matched_ = std::make_unique<std::atomic<std::uint32_t>[]>(lines_.size());
    for (std::size_t i = 0; i < lines_.size(); ++i) matched_[i].store(0, std::memory_order_relaxed);
    return absl::OkStatus();
  }

  // The truth record of a letter, or -1.
  long Find(std::string_view path, std::string_view id, std::uint64_t offset) const {
    if (!id.empty()) {
      if (auto it = by_key_.find(IdKey(id, offset)); it != by_key_.end()) return static_cast<long>(it->second);
    }
    if (auto it = by_key_.find(PathKey(path, offset)); it != by_key_.end()) return static_cast<long>(it->second);
    if (auto it = by_key_.find(TailKey(path, offset)); it != by_key_.end()) return static_cast<long>(it->second);
    return -1;
  }

  std::size_t size() const { return lines_.size(); }
  std::string_view line(std::size_t i) const { return lines_[i]; }
  const std::string& where(std::size_t i) const { return where_[i]; }
  std::uint32_t MarkMatched(std::size_t i) const { return matched_[i].fetch_add(1, std::memory_order_relaxed); }
  bool matched(std::size_t i) const { return matched_[i].load(std::memory_order_relaxed) != 0; }

 private:
  static std::string IdKey(std::string_view id, std::uint64_t offset) {
    return absl::StrCat("i\x1f", ToAbsl(id), "\x1f", offset);
  }
  static std::string PathKey(std::string_view path, std::uint64_t offset) {
    return absl::StrCat("p\x1f", ToAbsl(path), "\x1f", offset);
  }
  static std::string TailKey(std::string_view path, std::uint64_t offset) {
    std::size_t cut = path.size();
    for (int k = 0; k < 3 && cut != std::string_view::npos && cut > 0; ++k) cut = path.rfind('/', cut - 1);
    const std::string_view tail = cut == std::string_view::npos ? path : path.substr(cut + 1);
    return absl::StrCat("t\x1f", ToAbsl(tail), "\x1f", offset);
  }

  std::unique_ptr<io::FileData> file_;
  std::vector<std::string_view> lines_;
  std::vector<std::string> where_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::unique_ptr<std::atomic<std::uint32_t>[]> matched_;
};

// Scores one letter: `x` null when the letter was not extracted at all.
void Score(const Record& t, const Record* x, std::uint32_t source_id, std::uint64_t offset, const std::string& where,
           int max_examples, Slot* s) {
  const auto example = [&](const std::string& field, const std::string& expected, const std::string* got) {
    std::vector<Example>& list = s->examples[field];
    const auto later = [&](const Example& e) { return std::tie(e.source_id, e.offset) > std::tie(source_id, offset); };
    if (static_cast<int>(list.size()) >= max_examples) {
      auto last = std::max_element(list.begin(), list.end(), [](const Example& a, const Example& b) {
        return std::tie(a.source_id, a.offset) < std::tie(b.source_id, b.offset);
      });
      if (!later(*last)) return;
      list.erase(last);
    }
    list.push_back({source_id, offset, {field, where, expected, got ? *got : std::string(kAbsent)}});
  };
  for (const auto& [name, value] : t.fields) {
    Counts& c = s->fields[name];
    ++c.letters;
    const std::string* got = x ? Lookup(x->fields, name) : nullptr;
    if (got != nullptr && *got == value) {
      ++c.letters_equal;
    } else {
      example(name, value, got);
    }
  }
  s->totals.truth_items += t.items.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (x != nullptr) {
    pairs = AlignItems(t, *x);
    s->totals.extracted_items += x->items.size();
    s->totals.matched_items += pairs.size();
  }
  // Item fields: per item, and per letter (all of its items right).
  std::map<std::string_view, bool> letter_ok;
  std::vector<long> partner(t.items.size(), -1);
  for (const auto& [i, j] : pairs) partner[i] = static_cast<long>(j);
  const bool same_count = x != nullptr && x->items.size() == t.items.size();
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    for (const auto& [name, value] : t.items[i]) {
      Counts& c = s->fields[name];
      c.item = true;
      ++c.items;
      const std::string* got = partner[i] >= 0 ? Lookup(x->items[static_cast<std::size_t>(partner[i])], name) : nullptr;
      const bool ok = got != nullptr && *got == value;
      if (ok) {
        ++c.items_equal;
      } else {
        example(name, value, got);
      }
      auto [it, inserted] = letter_ok.try_emplace(name, same_count);
      it->second = it->second && ok;
      if (name == "items.outcome" && ok) ++s->totals.outcomes_equal;
    }
  }
  for (const auto& [name, ok] : letter_ok) {
    Counts& c = s->fields[std::string(name)];
    ++c.letters;
    if (ok) ++c.letters_equal;
  }
}

class EvalJob final : public pipeline::BatchJob {
 public:
  EvalJob(const corpus::Corpus& corpus, const TruthIndex& truth, const EvalOptions& options, int slots)
      : corpus_(corpus),
        truth_(truth),
        options_(options),
        taxonomy_(options.run.taxonomy != nullptr ? *options.run.taxonomy : taxonomy::Taxonomy::Default()),
        slots_(static_cast<std::size_t>(slots)) {}

  void Process(split::Batch& batch, int slot) const override {
    Slot& s = slots_[static_cast<std::size_t>(slot)];
    for (const split::Document& doc : batch.documents) {
      ++s.totals.extracted_letters;
      jobs::ReadLetter(batch, doc, taxonomy_, jobs::Reading::kRecord, &s.letter);
      const std::string& path = corpus_.source(doc.position.source_id).path;
      const long t = truth_.Find(path, doc.id, doc.position.offset);
      if (t < 0 || truth_.MarkMatched(static_cast<std::size_t>(t)) != 0) {
        ++s.totals.unmatched_extracted;
        continue;
      }
      ++s.totals.matched_letters;
      s.json.clear();
      output::AppendLetterJson({path, doc.position, doc.id}, s.letter, options_.run.record, &s.json);
      const std::string_view truth_line = truth_.line(static_cast<std::size_t>(t));
      if (!ParseRecord(s.truth_parser, truth_line, &s.truth)) continue;  // checked at load
      const bool parsed = ParseRecord(s.extracted_parser, s.json, &s.extracted);
      Score(s.truth, parsed ? &s.extracted : nullptr, doc.position.source_id, doc.position.offset,
            pipeline::Where(corpus_, doc.position), options_.examples_per_field, &s);
    }
  }

  absl::Status Write(split::Batch& batch) override { return absl::OkStatus(); }
  void ReportError(const split::DocumentError& error) override { ++input_failures_; }
  // Bytes outside letters hold no truth to score.
  void ReportSkipped(const split::SkippedRange& range) override {}

  absl::StatusOr<EvalReport> Finish() {
    // Truth letters nothing was extracted for: wrong in every field.
    Slot& s = slots_[0];
    for (std::size_t i = 0; i < truth_.size(); ++i) {
      if (truth_.matched(i)) continue;
      if (!ParseRecord(s.truth_parser, truth_.line(i), &s.truth)) continue;
      Score(s.truth, nullptr, ~0U, i, truth_.where(i) + " (no letter extracted here)", options_.examples_per_field, &s);
    }
    EvalReport r;
    r.truth_letters = truth_.size();
    r.input_failures = input_failures_;
    std::map<std::string, Counts> fields;
    std::map<std::string, std::vector<Example>> examples;
    for (Slot& slot : slots_) {
      r.extracted_letters += slot.totals.extracted_letters;
      r.matched_letters += slot.totals.matched_letters;
      r.unmatched_extracted += slot.totals.unmatched_extracted;
      r.truth_items += slot.totals.truth_items;
      r.extracted_items += slot.totals.extracted_items;
      r.matched_items += slot.totals.matched_items;
      r.outcomes_equal += slot.totals.outcomes_equal;
      for (const auto& [name, c] : slot.fields) {
        Counts& t = fields[name];
        t.item = t.item || c.item;
        t.letters += c.letters;
        t.letters_equal += c.letters_equal;
        t.items += c.items;
        t.items_equal += c.items_equal;
      }
      for (auto& [name, list] : slot.examples) {
        auto& all = examples[name];
        all.insert(all.end(), list.begin(), list.end());
      }
    }
    // Schema order: as the first truth record lists its fields.
    std::vector<std::string> order;
    if (truth_.size() > 0 && ParseRecord(s.truth_parser, truth_.line(0), &s.truth)) {
      for (const auto& [name, v] : s.truth.fields) order.push_back(name);
      if (!s.truth.items.empty()) {
        for (const auto& [name, v] : s.truth.items[0]) order.push_back(name);
      }
    }
    for (const auto& [name, c] : fields) {
      if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
    }
    for (const std::string& name : order) {
      auto it = fields.find(name);
      if (it == fields.end()) continue;
      r.fields.push_back({name, it->second.item, it->second.letters, it->second.letters_equal, it->second.items,
                          it->second.items_equal});
      auto ex = examples.find(name);
      if (ex == examples.end()) continue;
      std::sort(ex->second.begin(), ex->second.end(), [](const Example& a, const Example& b) {
        return std::tie(a.source_id, a.offset) < std::tie(b.source_id, b.offset);
      });
      for (int k = 0; k < options_.examples_per_field && k < static_cast<int>(ex->second.size()); ++k) {
        r.examples.push_back(ex->second[static_cast<std::size_t>(k)].m);
      }
    }
    return r;
  }

 private:
  const corpus::Corpus& corpus_;
  const TruthIndex& truth_;
  const EvalOptions& options_;
  const taxonomy::Taxonomy& taxonomy_;
  mutable std::vector<Slot> slots_;
  std::uint64_t input_failures_ = 0;
};

std::string Percent(double x) { return absl::StrFormat("%.3f%%", 100.0 * x); }

}  // namespace

absl::StatusOr<EvalReport> RunEval(const corpus::Corpus& corpus, const std::string& truth_path,
                                   const EvalOptions& options) {
  TruthIndex truth;
  IMR_RETURN_IF_ERROR(truth.Load(truth_path));
  EvalJob job(corpus, truth, options, pipeline::Slots(options.run.pipeline, options.run.serial));
  IMR_RETURN_IF_ERROR(jobs::RunLetters(corpus, job, options.run));
  return job.Finish();
}

std::string FormatReport(const EvalReport& r) {
  std::string out = absl::StrFormat(
      "letters: %d in truth, %d extracted, %d matched (recall %s), %d extracted with no truth record\n"
      "items:   %d in truth, %d extracted in matched letters, %d paired: precision %s, recall %s; "
      "outcome recall %s\n",
      r.truth_letters, r.extracted_letters, r.matched_letters, Percent(r.letter_recall()), r.unmatched_extracted,
      r.truth_items, r.extracted_items, r.matched_items, Percent(r.item_precision()), Percent(r.item_recall()),
      Percent(r.outcome_recall()));
  if (r.input_failures != 0) absl::StrAppend(&out, "input files or records that failed: ", r.input_failures, "\n");
  absl::StrAppend(&out, absl::StrFormat("\n%-58s %10s %10s\n", "field", "letters", "items"));
  for (const FieldScore& f : r.fields) {
    absl::StrAppend(&out, absl::StrFormat("%-58s %10s %10s\n", f.name, Percent(f.letter_accuracy()),
                                          f.item ? Percent(f.item_accuracy()) : std::string("")));
  }
  if (!r.examples.empty()) absl::StrAppend(&out, "\nfirst mismatches:\n");
  const auto clip = [](const std::string& s) { return s.size() > 300 ? s.substr(0, 300) + "..." : s; };
  for (const Mismatch& m : r.examples) {
    absl::StrAppend(&out, "  ", m.field, " at ", m.where, "\n    expected ", clip(m.expected), "\n    got      ",
                    clip(m.got), "\n");
  }
  return out;
}

std::vector<std::string> Failures(const EvalReport& r, double min_accuracy, double min_recall,
                                  const std::vector<std::string>& ignore) {
  std::vector<std::string> out;
  for (const FieldScore& f : r.fields) {
    if (std::any_of(ignore.begin(), ignore.end(), [&](const std::string& p) { return f.name.starts_with(p); })) {
      continue;
    }
    if (f.letter_accuracy() < min_accuracy) {
      out.push_back(
          absl::StrCat(f.name, ": ", Percent(f.letter_accuracy()), " of letters right, below ", Percent(min_accuracy)));
    }
    if (f.item && f.item_accuracy() < min_accuracy) {
      out.push_back(
          absl::StrCat(f.name, ": ", Percent(f.item_accuracy()), " of items right, below ", Percent(min_accuracy)));
    }
  }
  if (r.letter_recall() < min_recall) out.push_back(absl::StrCat("letter recall ", Percent(r.letter_recall())));
  if (r.item_recall() < min_recall) out.push_back(absl::StrCat("item recall ", Percent(r.item_recall())));
  if (r.outcome_recall() < min_recall) out.push_back(absl::StrCat("outcome recall ", Percent(r.outcome_recall())));
  return out;
}

}  // namespace imr::eval
