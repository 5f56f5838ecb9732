#include "imr/jobs/jobs.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <tuple>
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

std::string Where(const corpus::Corpus& corpus, const split::Position& p) {
  const std::string& path = corpus.sources()[p.source_id].path;
  if (p.line != 0) return absl::StrCat(path, ":line ", p.line);
  return absl::StrCat(path, ":byte ", p.offset);
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
    for (const split::Document& doc : batch.documents) {
      extract::ExtractLetter(batch.Indexed(doc), &state.letter);
      for (extract::Item& item : state.letter.items) {
        const taxonomy::Classification c = taxonomy_.Classify(item.disputed.empty() ? item.title : item.disputed);
        item.category = c.category;
        item.drug_class = c.drug_class;
      }
      if (doc.truncated) {
        state.letter.Warn(extract::WarningCode::kTruncated);
        ++state.stats.accounting.letters_truncated;
      }
      state.stats.AddLetter(state.letter);
      if (state.letter.layout->extract == nullptr) {
        absl::StrAppend(&batch.diagnostics, Where(corpus_, doc.position), ": letter of ",
                        state.letter.layout == &extract::UnknownLayout() ? "unknown layout"
                                                                          : absl::StrCat("unsupported layout ",
                                                                                         ToAbsl(state.letter.layout->name)),
                        "; counted, fields not read\n");
        ++batch.diagnostic_lines;
      }
      if (out_ != nullptr) {
        const output::SourceRef source{corpus_.sources()[doc.position.source_id].path, doc.position, doc.id};
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
    // Errors and skipped ranges are reported in corpus order, and a skipped
    // range that continues in the next batch (a chunk edge fell inside it) is
    // held and reported once: what is printed and counted must not depend on
    // how the corpus was cut into chunks.
    std::uint64_t file_failures = 0;
    std::size_t next_skip = 0;
    auto before = [](const split::Position& x, const split::Position& y) {
      return std::tie(x.source_id, x.line, x.offset) < std::tie(y.source_id, y.line, y.offset);
    };
    auto skips_until = [&](const split::Position* limit) {
      for (; next_skip < batch.skipped.size() && (limit == nullptr || !before(*limit, batch.skipped[next_skip].position));
           ++next_skip) {
        AddSkipped(batch.skipped[next_skip]);
      }
    };
    for (const split::DocumentError& e : batch.errors) {
      skips_until(&e.position);
      FlushSkipped();
      if (e.position.line == 0) {
        ++file_failures;
        Message(absl::StrCat(e.status.message(), "\n"));
      } else {
        ++a.records_failed;
        Message(absl::StrCat(Where(corpus_, e.position), ": ", e.status.message(), "\n"));
      }
    }
    skips_until(nullptr);
    // The held range can only continue into the next batch if nothing follows
    // it in this one; otherwise report it now, before this batch's diagnostics.
    if (batch.files_done != 0 ||
        (!batch.documents.empty() && before(pending_skip_.position, batch.documents.back().position))) {
      FlushSkipped();
    }
    a.files_failed += file_failures;
    a.files += batch.files_done - file_failures;
    if (batch.diagnostic_lines != 0) {
      messages_ += batch.diagnostic_lines;
      if (messages_ <= options_.max_messages) std::fputs(batch.diagnostics.c_str(), diag_);
    }
    if (out_ != nullptr && !batch.output.empty() &&
        std::fwrite(batch.output.data(), 1, batch.output.size(), out_) != batch.output.size()) {
      return absl::DataLossError(absl::StrCat("writing output: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

  // Path errors found before the run (missing, unreadable).
  void ReportCorpusErrors() {
    for (const absl::Status& e : corpus_.errors()) {
      ++accounting_.files_failed;
      Message(absl::StrCat(e.message(), "\n"));
    }
  }

  stats::Stats Total() {
    FlushSkipped();
    stats::Stats total;
    for (const Slot& s : slots_) total.Merge(s.stats);
    total.accounting.Merge(accounting_);
    total.taxonomies.insert(taxonomy_.fingerprint());
    if (messages_ > options_.max_messages) {
      std::fprintf(diag_, "imr: %llu more messages not shown (--max-messages)\n",
                   static_cast<unsigned long long>(messages_ - options_.max_messages));
    }
    return total;
  }

 private:
  void AddSkipped(const split::SkippedRange& r) {
    accounting_.bytes_skipped += r.nonblank;
    accounting_.bytes_blank += r.length - r.nonblank;
    const split::Position& p = pending_skip_.position;
    if (pending_skip_.length != 0 && p.source_id == r.position.source_id && p.line == r.position.line &&
        p.offset + pending_skip_.length == r.position.offset) {
      pending_skip_.length += r.length;
      pending_skip_.nonblank += r.nonblank;
      return;
    }
    FlushSkipped();
    pending_skip_ = r;
  }

  // Reports the held skipped range, unless it was only whitespace.
  void FlushSkipped() {
    const split::SkippedRange r = std::exchange(pending_skip_, {});
    if (r.nonblank == 0) return;
    ++accounting_.skipped_ranges;
    Message(absl::StrCat(Where(corpus_, r.position), ": skipped ", r.length, " bytes that belong to no letter\n"));
  }

  void Message(const std::string& line) {
    if (++messages_ <= options_.max_messages) std::fputs(line.c_str(), diag_);
  }

  const corpus::Corpus& corpus_;
  const RunOptions& options_;
  const taxonomy::Taxonomy& taxonomy_;
  std::FILE* out_;
  std::FILE* diag_;
  mutable std::vector<Slot> slots_;
  stats::Accounting accounting_;  // touched by Write only (serial)
  std::uint64_t messages_ = 0;
  split::SkippedRange pending_skip_;  // a skipped range that may continue in the next batch
};

absl::StatusOr<stats::Stats> Run(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* out,
                                 std::FILE* diag) {
  static const extract::LetterStartRule rule;
  const int threads = options.serial ? 1 : pipeline::ResolveThreads(options.pipeline.threads);
  LetterJob job(corpus, options, threads, out, diag);
  job.ReportCorpusErrors();
  if (out != nullptr && options.record.format == output::RecordFormat::kCsv) {
    const std::string header = output::CsvHeader(options.record);
    std::fwrite(header.data(), 1, header.size(), out);
  }
  const absl::Status status = options.serial ? pipeline::RunSerial(corpus, rule, job, options.pipeline)
                                             : pipeline::RunPipeline(corpus, rule, job, options.pipeline);
  if (!status.ok()) return status;
  if (out != nullptr && std::fflush(out) != 0) {
    return absl::DataLossError(absl::StrCat("writing output: ", std::strerror(errno)));
  }
  return job.Total();
}

}  // namespace

absl::StatusOr<stats::Stats> RunExtract(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* out,
                                        std::FILE* diag) {
  return Run(corpus, options, out, diag);
}

absl::StatusOr<stats::Stats> RunStats(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* diag) {
  return Run(corpus, options, nullptr, diag);
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
