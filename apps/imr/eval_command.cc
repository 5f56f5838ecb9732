#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_split.h"
#include "commands.h"
#include "imr/eval/eval.h"
#include "input_flags.h"

namespace imr::cli {
namespace {

constexpr char kDescription[] = R"(Runs extraction over PATH... and compares every letter's record with its
truth record (e.g. from `imr gen --truth`), field by field. Prints, per
field, the share of letters (and of items) where the extracted value equals
the truth, item precision and recall, outcome recall, and the first
mismatches. Letters are matched to truth records by JSON Lines id and
offset, else by source path and offset, else by the path's last three
components and offset (so the corpus may be moved). Exit status 1 when a
field (not excluded by --ignore) is below --min-accuracy or a recall below
--min-recall.
)";

bool ParseShare(const std::string& s, double* out) {
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0' && *out >= 0 && *out <= 1;
}

}  // namespace

int EvalCommand(int argc, char** argv) {
  InputFlags input;
  std::string truth, min_accuracy = "0", min_recall = "0", ignore;
  long long examples = 3;
  FlagParser flags("eval", "Usage: imr eval --truth FILE [flags] PATH...", kDescription);
  flags.String("truth", &truth, "FILE", "truth records, one JSON object per line (required)");
  flags.String("min-accuracy", &min_accuracy, "X",
               "fail when a field's share of right letters or items is below X (0-1)");
  flags.String("min-recall", &min_recall, "X", "fail when letter, item or outcome recall is below X (0-1)");
  flags.String("ignore", &ignore, "F,...", "fields (name prefixes) left out of the --min-accuracy check");
  flags.Int("examples", &examples, 0, "N", "mismatches shown per field (default 3)");
  input.Register(&flags);
  std::vector<std::string> paths;
  if (const int status = flags.Parse(argc, argv, 2, &paths); status != kExitOk) return status;
  if (flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stdout);
    return kExitOk;
  }
  if (truth.empty()) return UsageError("eval", "--truth is required");
  if (paths.empty()) return UsageError("eval", "no PATH given");
  double min_acc = 0, min_rec = 0;
  if (!ParseShare(min_accuracy, &min_acc)) return UsageError("eval", "--min-accuracy takes a number from 0 to 1");
  if (!ParseShare(min_recall, &min_rec)) return UsageError("eval", "--min-recall takes a number from 0 to 1");
  std::vector<std::string> ignored = absl::StrSplit(ignore, ',', absl::SkipEmpty());

  std::FILE* out = OpenOutput(input.out);
  if (out == nullptr) return kExitUsage;
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, input.CorpusOptions());
  eval::EvalOptions options;
  options.run = input.RunOptions();
  options.examples_per_field = static_cast<int>(examples);
  ProgressDisplay progress;
  progress.Start(input, corpus, false, &options.run);
  const absl::StatusOr<eval::EvalReport> report = eval::RunEval(corpus, truth, options);
  progress.Stop();
  if (!report.ok()) {
    CloseOutput(out, input.out);
    std::fprintf(stderr, "imr: %s\n", std::string(report.status().message()).c_str());
    return kExitUsage;
  }
  std::fputs(eval::FormatReport(*report).c_str(), out);
  if (!CloseOutput(out, input.out)) return kExitUsage;
  const std::vector<std::string> failures = eval::Failures(*report, min_acc, min_rec, ignored);
  for (const std::string& f : failures) std::fprintf(stderr, "imr: below the bar: %s\n", f.c_str());
  return failures.empty() ? kExitOk : kExitSkipped;
}

}  // namespace imr::cli
