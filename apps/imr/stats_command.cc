#include <cstdio>

#include "commands.h"
#include "input_flags.h"

namespace imr::cli {
namespace {

constexpr char kDescription[] = R"(Prints corpus statistics in one pass: letters (with warnings, rejected),
items, upheld and overturned, and what happened to every input byte.
)";

}  // namespace

int StatsCommand(int argc, char** argv) {
  InputFlags input;
  std::string format = "text";
  FlagParser flags("stats", "Usage: imr stats [flags] PATH...", kDescription);
  flags.Choice("format", &format, {"text", "json"}, "output format (default text)");
  input.Register(&flags);
  std::vector<std::string> paths;
  if (const int status = flags.Parse(argc, argv, 2, &paths); status != kExitOk) return status;
  if (flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stdout);
    return kExitOk;
  }
  if (paths.empty()) return UsageError("stats", "no PATH given (use - for standard input)");

  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, input.CorpusOptions());
  const absl::StatusOr<stats::Stats> stats = jobs::RunStats(corpus, input.RunOptions(), stderr);
  if (!stats.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(stats.status().message()).c_str());
    return kExitUsage;
  }
  std::FILE* out = OpenOutput(input.out);
  if (out == nullptr) return kExitUsage;
  const std::string text = format == "json" ? stats::FormatStatsJson(*stats) : stats::FormatStatsText(*stats);
  std::fwrite(text.data(), 1, text.size(), out);
  if (!CloseOutput(out, input.out)) return kExitUsage;
  return jobs::ReadEverything(*stats) ? kExitOk : kExitSkipped;
}

}  // namespace imr::cli
