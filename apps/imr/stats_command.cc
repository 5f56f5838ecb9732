#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "imr/report/html_report.h"
#include "imr/stats/partial.h"
#include "imr/stats/report.h"
#include "input_flags.h"
#include "mpi_run.h"
#include "shard_flag.h"
#include "store_flags.h"
#include "taxonomy_flag.h"

namespace imr::cli {
namespace {

constexpr char kDescription[] = R"(Prints corpus statistics in one pass: volumes (letters, items per letter,
letters by decision year and quarter); outcomes overall and by service
category, drug class, decision year, reviewer specialty, MAXIMUS guideline
source and MTUS part, body region, age band and sex; guideline citations of
both the claims administrator and MAXIMUS and how often they agree; days
from application and from UR denial to decision (median, p90, max, by
quarter), accident years, injury-to-decision lag; and quality: layouts,
warnings, rationale/outcome disagreements, the most frequent unclassified
titles, and what happened to every input byte. Every rate is printed with
its count.

Formats: md (Markdown tables) is the default when standard output is a
terminal, json (one object) otherwise, so scripts get JSON and people
get tables. html writes one self-contained page for people: SVG charts,
each with its table, nothing fetched from the network, a print style
sheet (imr stats --format html --out report.html corpus/). --partial
writes the complete mergeable state instead (see 'imr merge --help');
shards of a corpus merged with 'imr merge' print exactly what one run
over the whole corpus prints.

On a terminal a progress line on stderr shows bytes done of the total,
letters, MB/s, elapsed and estimated time left (--quiet: none).

With --db FILE, the statistics are those of every file in the store, brought
up to date with the PATHs first (only new or changed files are read); they
are byte-identical to a run over the same files without the store.
)";

}  // namespace

int StatsCommand(int argc, char** argv) {
  InputFlags input;
  TaxonomyFlag taxonomy;
  std::string format;
  bool partial = false;
  StoreFlags store;
  FlagParser flags("stats", "Usage: imr stats [flags] PATH...\n       imr stats --db FILE [flags] [PATH...]",
                   kDescription);
  flags.Choice("format", &format, {"md", "json", "html"},
               "output format (default: md on a terminal, else json; html: a page with charts)");
  flags.Bool("partial", &partial, "write the mergeable state (JSON) for 'imr merge' instead of a report");
  taxonomy.Register(&flags);
  ShardFlag shard;
  shard.Register(&flags);
  MpiFlag mpi;
  mpi.Register(&flags);
  store.Register(&flags);
  input.Register(&flags);
  std::vector<std::string> paths;
  if (std::optional<int> exit = flags.ParseCommandLine(argc, argv, &paths, "")) return *exit;
  if (!store.Check("stats", paths)) return kExitUsage;
  if (partial && !format.empty()) return UsageError("stats", "--partial and --format exclude each other");

  jobs::RunOptions options = input.RunOptions();
  if (!taxonomy.Load(&options) || !shard.Check("stats") || !mpi.Check("stats", paths, shard.Tag() != nullptr)) {
    return kExitUsage;
  }
  if (!store.db.empty() && (shard.Tag() != nullptr || mpi.enabled())) {
    return UsageError("stats", "--db reads and writes one store on one machine: it excludes --shard and --mpi");
  }
  const auto print = [&](const stats::Stats& stats, std::FILE* out) {
    if (format.empty()) format = isatty(fileno(out)) ? "md" : "json";
    const std::string text = partial            ? stats::FormatPartialJson(stats, shard.Tag())
                             : format == "json" ? stats::FormatStatsJson(stats)
                             : format == "html" ? report::FormatStatsHtml(stats)
                                                : stats::FormatStatsMarkdown(stats);
    std::fwrite(text.data(), 1, text.size(), out);
    return jobs::ReadEverything(stats) ? kExitOk : kExitSkipped;
  };
  absl::StatusOr<stats::Stats> stats;
  if (!store.db.empty()) {
    std::optional<stats::Stats> stored = store.Update(paths, input, options);
    if (!stored) return kExitUsage;
    stats = *std::move(stored);
  } else {
    const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, input.CorpusOptions());
    shard.Apply(corpus, &options);
    if (mpi.enabled()) return RunOverMpi(&argc, &argv, corpus, options, /*records=*/false, input.out, print);
    ProgressDisplay progress;
    progress.Start(input, corpus, false, &options);
    stats = jobs::RunStats(corpus, options, stderr);
    progress.Stop();
  }
  if (!stats.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(stats.status().message()).c_str());
    return kExitUsage;
  }
  std::FILE* out = OpenOutput(input.out);
  if (out == nullptr) return kExitUsage;
  const int exit = print(*stats, out);
  if (!CloseOutput(out, input.out)) return kExitUsage;
  return exit;
}

}  // namespace imr::cli
