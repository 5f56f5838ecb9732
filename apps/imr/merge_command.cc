#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "imr/report/html_report.h"
#include "imr/stats/partial.h"
#include "imr/stats/report.h"
#include "input_flags.h"

namespace imr::cli {
namespace {

constexpr char kDescription[] = R"(Merges statistics partials written by 'imr stats --partial --out FILE'
(one per shard of a corpus, in any order) and prints the same report that
'imr stats' prints for the whole corpus, byte for byte. Merging is exact:
partials hold every count and histogram bucket, not rendered rates.

Formats: md is the default when standard output is a terminal, json
otherwise; --format html the page of 'imr stats --format html' (a nightly
job renders it from merged shards: imr merge --format html --out
report.html shard*.json); --format partial writes the merged partial (to
merge again).
A file that is not a partial of this version is an error naming the file.
Partials of shards (imr stats --partial --shard I/N) must be shards 0..N-1
of one corpus, each once: a missing or duplicated shard, or a shard of
another corpus, is an error naming it. A range of bytes outside every letter
that a shard edge cuts is counted once, as one run counts it.
Exit status: 0 when every shard read all its input, 1 when some shard
skipped or could not read input (see its accounting), 2 on errors.
)";

}  // namespace

int MergeCommand(int argc, char** argv) {
  std::string format;
  std::string out_path;
  FlagParser flags("merge", "Usage: imr merge [flags] PARTIAL...", kDescription);
  flags.Choice("format", &format, {"md", "json", "html", "partial"},
               "output format (default: md on a terminal, else json; html: a page with charts)");
  flags.String("out", &out_path, "FILE", "write to FILE instead of standard output");
  std::vector<std::string> paths;
  if (std::optional<int> exit = flags.ParseCommandLine(argc, argv, &paths, "no PARTIAL given")) return *exit;

  std::vector<stats::Partial> partials;
  for (const std::string& path : paths) {
    absl::StatusOr<stats::Partial> p = stats::ReadPartialWithShard(path);
    if (!p.ok()) {
      std::fprintf(stderr, "imr: %s\n", std::string(p.status().message()).c_str());
      return kExitUsage;
    }
    partials.push_back(std::move(*p));
  }
  absl::StatusOr<stats::Stats> merged = stats::MergePartials(partials, paths);
  if (!merged.ok()) {
    std::fprintf(stderr, "imr merge: %s\n", std::string(merged.status().message()).c_str());
    return kExitUsage;
  }
  const stats::Stats& total = *merged;
  if (total.taxonomies.size() > 1) {
    std::fprintf(stderr,
                 "imr: warning: the partials were classified with %zu different taxonomies; "
                 "category tables mix them\n",
                 total.taxonomies.size());
  }
  std::FILE* out = OpenOutput(out_path);
  if (out == nullptr) return kExitUsage;
  if (format.empty()) format = isatty(fileno(out)) ? "md" : "json";
  const std::string text = format == "partial" ? stats::FormatPartialJson(total)
                           : format == "json"  ? stats::FormatStatsJson(total)
                           : format == "html"  ? report::FormatStatsHtml(total)
                                               : stats::FormatStatsMarkdown(total);
  std::fwrite(text.data(), 1, text.size(), out);
  if (!CloseOutput(out, out_path)) return kExitUsage;
  return jobs::ReadEverything(total) ? kExitOk : kExitSkipped;
}

}  // namespace imr::cli
