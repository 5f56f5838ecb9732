#include <cstdio>

#include "commands.h"
#include "imr/output/record_fields.h"
#include "imr/store/record_reader.h"
#include "input_flags.h"
#include "mpi_run.h"
#include "shard_flag.h"
#include "store_flags.h"
#include "taxonomy_flag.h"

namespace imr::cli {
namespace {

// The field list comes from the record's table (imr/output/record_fields.h),
// so it names exactly the fields the writers write.
std::string Description() {
  return "Writes one JSON object per letter (JSON Lines) in corpus order; the output\n"
         "is identical at any thread count. Fields (see data/letter.schema.json and\n"
         "the README):\n" +
         output::FieldHelp() +
         "A summary of what was read goes to stderr.\n\n"
         "With --db FILE, the store is first brought up to date with the PATHs\n"
         "(see 'imr stats --help'), then the records are printed as usual.\n"
         "Without PATHs, --db FILE --no-text prints the records from the store\n"
         "alone, byte for byte as --no-text prints them over the stored files\n"
         "(in the order a walk of their folders lists them). The store keeps\n"
         "rationale and guideline text as byte spans, not as text: without\n"
         "--no-text, give the PATHs.\n";
}

// `imr extract --db FILE` without PATHs: the records of the store alone.
int PrintFromStore(const StoreFlags& store_flags, const InputFlags& input, const jobs::RunOptions& options) {
  if (options.record.include_text) {
    return UsageError("extract",
                      "--db without PATHs prints from the store, which keeps rationale and guideline text as byte "
                      "spans, not as text: add --no-text (spans instead of text), or give the PATHs to read the "
                      "text from the files");
  }
  std::FILE* out = OpenOutput(input.out);
  if (out == nullptr) return kExitUsage;
  const std::optional<stats::Stats> stats = store_flags.Update(
      {}, input, options, [&](store::Database& db) { return store::WriteStoredRecords(db, options.record, out); });
  const bool closed = CloseOutput(out, input.out);
  if (!stats || !closed) return kExitUsage;
  std::fputs(jobs::SummaryLine(*stats).c_str(), stderr);
  return jobs::ReadEverything(*stats) ? kExitOk : kExitSkipped;
}

}  // namespace

int ExtractCommand(int argc, char** argv) {
  InputFlags input;
  bool no_text = false;
  std::string format = "jsonl";
  FlagParser flags("extract",
                   "Usage: imr extract [flags] PATH...\n       imr extract --db FILE --no-text [flags] [PATH...]",
                   Description());
  flags.Choice("format", &format, {"jsonl", "csv"},
               "jsonl: one JSON object per letter (default); csv: one row per\n"
               "item with the letter's fields repeated (RFC 4180, header row)");
  flags.Bool("no-text", &no_text,
             "leave out rationale and guideline text; give their byte spans\n"
             "instead (rationale_span, text_span; CSV: rationale_offset/length)");
  TaxonomyFlag taxonomy;
  taxonomy.Register(&flags);
  StoreFlags store;
  store.Register(&flags);
  ShardFlag shard;
  shard.Register(&flags);
  MpiFlag mpi;
  mpi.Register(&flags);
  input.Register(&flags);
  std::vector<std::string> paths;
  if (std::optional<int> exit = flags.ParseCommandLine(argc, argv, &paths, "")) return *exit;
  if (!store.Check("extract", paths)) return kExitUsage;

  jobs::RunOptions options = input.RunOptions();
  options.record.include_text = !no_text;
  options.record.format = format == "csv" ? output::RecordFormat::kCsv : output::RecordFormat::kJsonl;
  if (!taxonomy.Load(&options) || !shard.Check("extract") || !mpi.Check("extract", paths, shard.Tag() != nullptr)) {
    return kExitUsage;
  }
  if (!store.db.empty() && (shard.Tag() != nullptr || mpi.enabled())) {
    return UsageError("extract", "--db reads and writes one store on one machine: it excludes --shard and --mpi");
  }
  if (!store.db.empty() && paths.empty()) return PrintFromStore(store, input, options);
  if (!store.db.empty() && !store.Update(paths, input, options)) return kExitUsage;
  if (mpi.enabled()) {
    const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, input.CorpusOptions());
    return RunOverMpi(&argc, &argv, corpus, options, /*records=*/true, input.out,
                      [](const stats::Stats& stats, std::FILE*) {
                        std::fputs(jobs::SummaryLine(stats).c_str(), stderr);
                        return jobs::ReadEverything(stats) ? kExitOk : kExitSkipped;
                      });
  }
  std::FILE* out = OpenOutput(input.out);
  if (out == nullptr) return kExitUsage;
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, input.CorpusOptions());
  shard.Apply(corpus, &options);
  ProgressDisplay progress;
  progress.Start(input, corpus, out == stdout, &options);
  const absl::StatusOr<stats::Stats> stats = jobs::RunExtract(corpus, options, out, stderr);
  progress.Stop();
  const bool closed = CloseOutput(out, input.out);
  if (!stats.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(stats.status().message()).c_str());
    return kExitUsage;
  }
  if (!closed) return kExitUsage;
  std::fputs(jobs::SummaryLine(*stats).c_str(), stderr);
  return jobs::ReadEverything(*stats) ? kExitOk : kExitSkipped;
}

}  // namespace imr::cli
