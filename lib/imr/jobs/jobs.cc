#include "imr/jobs/jobs.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/strings.h"
#include "imr/extract/extractor.h"
#include "imr/extract/layout.h"
#include "imr/extract/letter_start.h"
#include "imr/output/letter_csv.h"

namespace imr::jobs {
namespace {

// What a record run counts of a letter: the numbers of its summary line
// (SummaryLine, ReadEverything), as Stats::AddLetter counts them. The rest of
// the statistics are `imr stats`'s, and would cost a record run as much
// again as its records' warnings and fields.
void CountForSummary(const extract::Letter& letter, stats::Stats* s) {
  ++s->letters;
  if (!letter.warnings.empty()) ++s->letters_with_warnings;
  for (const extract::Warning& w : letter.warnings) {
    if (extract::RejectsLetter(w.code)) {
      ++s->letters_rejected;
    }
  }
  s->items += letter.items.size();
}

// Per-thread state, padded so that threads do not share cache lines.
struct alignas(64) Slot {
  extract::Letter letter;
  stats::Stats stats;
};

class LetterJob final : public pipeline::BatchJob {
 public:
  LetterJob(const corpus::Corpus& corpus, const RunOptions& options, int slots, std::FILE* out, std::FILE* diag)
      : corpus_(corpus),
        options_(options),
        taxonomy_(options.taxonomy != nullptr ? *options.taxonomy : taxonomy::Taxonomy::Default()),
        out_(out),
        diag_(diag),
        slots_(slots) {}

  void Process(split::Batch& batch, int slot) const override {
    Slot& state = slots_[slot];
    // Records are about as long as the letters they describe: one allocation
    // for the batch's output rather than a copy at each doubling.
    if (out_ != nullptr) batch.output.reserve(batch.bytes_read);
    for (const split::Document& doc : batch.documents) {
      ReadLetter(batch, doc, taxonomy_, out_ != nullptr ? Reading::kRecord : Reading::kStatistics, &state.letter);
      if (doc.truncated) ++state.stats.accounting.letters_truncated;
      if (out_ != nullptr) {
        CountForSummary(state.letter, &state.stats);
      } else {
        state.stats.AddLetter(state.letter);
      }
      if (state.letter.layout->extract == nullptr) {
        absl::StrAppend(&batch.diagnostics, pipeline::Where(corpus_, doc.position), ": letter of ",
                        state.letter.layout == &extract::UnknownLayout()
                            ? "unknown layout"
                            : absl::StrCat("unsupported layout ", ToAbsl(state.letter.layout->name)),
                        "; counted, fields not read\n");
        ++batch.diagnostic_lines;
      }
      if (out_ != nullptr) {
        const output::SourceRef source{corpus_.source(doc.position.source_id).path, doc.position, doc.id};
        if (options_.record.format == output::RecordFormat::kCsv) {
          output::AppendLetterCsv(source, state.letter, options_.record, &batch.output);
        } else {
          output::AppendLetterJson(source, state.letter, options_.record, &batch.output);
        }
      }
    }
  }

  absl::Status Write(split::Batch& batch) override {
    stats::Accounting& a = accounting_;
    a.bytes_read += batch.bytes_read;
    a.files += batch.files_done;  // less those that failed, at the end
    if (batch.diagnostic_lines != 0) {
      messages_ += batch.diagnostic_lines;
      if (messages_ <= options_.max_messages) Print(batch.diagnostics);
    }
    if (out_ != nullptr && !batch.output.empty() &&
        std::fwrite(batch.output.data(), 1, batch.output.size(), out_) != batch.output.size()) {
      return absl::DataLossError(absl::StrCat("writing output: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

  void ReportError(const split::DocumentError& e) override {
    if (e.kind == split::DocumentError::Kind::kFile) ++failed_files_read_;
    Message(CountError(corpus_, e, &accounting_));
  }

  void ReportSkipped(const split::SkippedRange& r) override {
    if (options_.edges != nullptr) KeepEdge(r);
    Message(CountSkipped(corpus_, r, &accounting_));
  }

  // Called once, after the run: the slots' statistics are moved out.
  stats::Stats Total() {
    accounting_.files -= std::exchange(failed_files_read_, 0);
    stats::Stats total;
    for (Slot& s : slots_) total.Merge(std::move(s.stats));
    total.accounting.Merge(accounting_);
    total.taxonomies.insert(taxonomy_.fingerprint());
    if (messages_ > options_.max_messages) {
      Print(absl::StrCat("imr: ", messages_ - options_.max_messages, " more messages not shown (--max-messages)\n"));
    }
    return total;
  }

 private:
  // A range that touches a cut edge of the run's span (ranges of text
  // sources only: JSON Lines skip whole lines, which no cut divides).
  void KeepEdge(const split::SkippedRange& r) {
    const split::CorpusSpan& span = options_.pipeline.plan.span;
    const split::Position& p = r.position;
    if (p.line != 0) return;
    const stats::EdgeSkip edge{p.source_id, p.offset, r.length, r.nonblank};
    if (span.begin.offset > 0 && p.source_id == span.begin.source && p.offset == span.begin.offset) {
      options_.edges->leading = edge;
    }
    if (span.end.offset > 0 && p.source_id == span.end.source && p.offset + r.length == span.end.offset) {
      options_.edges->trailing = edge;
    }
  }

  void Message(const std::string& line) {
    if (!line.empty() && ++messages_ <= options_.max_messages) Print(line);
  }

  // Writes messages to diag_. A progress line may be showing there
  // (pipeline/progress.h): then the text erases it first, in the same write,
  // and the line's next draw puts it back below.
  void Print(const std::string& text) {
    if (options_.pipeline.progress == nullptr) {
      std::fputs(text.c_str(), diag_);
      return;
    }
    std::fputs(absl::StrCat(ToAbsl(pipeline::kEraseLine), text).c_str(), diag_);
  }

  const corpus::Corpus& corpus_;
  const RunOptions& options_;
  const taxonomy::Taxonomy& taxonomy_;
  std::FILE* out_;
  std::FILE* diag_;
  mutable std::vector<Slot> slots_;
  stats::Accounting accounting_;  // touched by Write only (serial)
  std::uint64_t messages_ = 0;
  std::uint64_t failed_files_read_ = 0;  // kFile errors: files counted in files_done that failed
};

absl::StatusOr<stats::Stats> Run(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* out,
                                 std::FILE* diag) {
  LetterJob job(corpus, options, pipeline::Slots(options.pipeline, options.serial), out, diag);
  if (out != nullptr && options.record.format == output::RecordFormat::kCsv && options.pipeline.plan.span.first) {
    const std::string header = output::CsvHeader(options.record);
    std::fwrite(header.data(), 1, header.size(), out);
  }
  if (absl::Status status = RunLetters(corpus, job, options); !status.ok()) return status;
  if (out != nullptr && std::fflush(out) != 0) {
    return absl::DataLossError(absl::StrCat("writing output: ", std::strerror(errno)));
  }
  return job.Total();
}

}  // namespace

void ReadLetter(const split::Batch& batch, const split::Document& doc, const taxonomy::Taxonomy& taxonomy,
                Reading reading, extract::Letter* letter) {
  extract::ExtractLetter(batch.Indexed(doc), letter);
  for (extract::Item& item : letter->items) {
    const taxonomy::Classification c = taxonomy.Classify(item.disputed.empty() ? item.title : item.disputed);
    item.category = c.category;
    item.drug_class = c.drug_class;
  }
  if (reading == Reading::kRecord && !letter->summary.empty()) {
    thread_local std::vector<taxonomy::DrugMention> drugs;
    drugs.clear();
    taxonomy.FindDrugs(letter->summary, &drugs);
    for (const taxonomy::DrugMention& d : drugs) {
      letter->medications.push_back(d.name);
      letter->medication_classes.push_back(d.drug_class);
    }
  }
  if (doc.truncated) letter->Warn(extract::WarningCode::kTruncated);
}

absl::Status RunLetters(const corpus::Corpus& corpus, pipeline::BatchJob& job, const RunOptions& options) {
  static const extract::LetterStartRule rule;
  return pipeline::Run(corpus, rule, job, options.pipeline, options.serial);
}

absl::StatusOr<stats::Stats> RunExtract(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* out,
                                        std::FILE* diag) {
  return Run(corpus, options, out, diag);
}

absl::StatusOr<stats::Stats> RunStats(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* diag) {
  return Run(corpus, options, nullptr, diag);
}

std::string SkippedMessage(const corpus::Corpus& corpus, const split::SkippedRange& range) {
  return absl::StrCat(pipeline::Where(corpus, range.position), ": skipped ", range.length,
                      " bytes that belong to no letter\n");
}

std::string CountSkipped(const corpus::Corpus& corpus, const split::SkippedRange& r, stats::Accounting* a) {
  a->bytes_skipped += r.nonblank;
  a->bytes_blank += r.length - r.nonblank;
  if (r.nonblank == 0) return {};
  ++a->skipped_ranges;
  return SkippedMessage(corpus, r);
}

std::string CountError(const corpus::Corpus& corpus, const split::DocumentError& e, stats::Accounting* a) {
  if (e.kind != split::DocumentError::Kind::kPart) {
    ++a->files_failed;
    return absl::StrCat(e.status.message(), "\n");
  }
  ++a->records_failed;
  return absl::StrCat(pipeline::Where(corpus, e.position), ": ", e.status.message(), "\n");
}

std::string SummaryLine(const stats::Stats& s) {
  const stats::Accounting& a = s.accounting;
  return absl::StrFormat(
      "imr: %d letters (%d with warnings, %d rejected), %d items; %d files read, %d failed; %d bytes skipped; "
      "%d records failed; %d letters truncated\n",
      s.letters, s.letters_with_warnings, s.letters_rejected, s.items, a.files, a.files_failed, a.bytes_skipped,
      a.records_failed, a.letters_truncated);
}

bool ReadEverything(const stats::Stats& s) {
  const stats::Accounting& a = s.accounting;
  return a.files_failed == 0 && a.records_failed == 0 && a.bytes_skipped == 0 && a.letters_truncated == 0 &&
         s.letters_rejected == 0;
}

}  // namespace imr::jobs
