#include <cstdio>

#include "commands.h"
#include "input_flags.h"
#include "taxonomy_flag.h"

namespace imr::cli {
namespace {

constexpr char kDescription[] = R"(Writes one JSON object per letter (JSON Lines) in corpus order; the output
is identical at any thread count. Fields (see data/letter.schema.json and
the README):
  source          {path, offset: byte of the letter in the file (or in the
                  JSONL text), line and id: JSON Lines sources only}
  layout          template recognised: imr_2014, imr_2016, unknown, or an
                  older template recognised but not parsed
  case_number     e.g. CM16-0219557; null when the letter has no header
  date_assigned, date_of_injury, decision_date, ur_denial_date,
  application_received    ISO dates (YYYY-MM-DD) or null
  priority        standard | expedited | null
  reviewer        {licensure: [states], specialties: [...]}
  patient         {age, sex}
  items           the disputed items in letter order: title, outcome
                  (upheld | overturned), original_request, authorized and
                  disputed (partial decisions), quantity, unit, body_region,
                  category and drug_class (from the taxonomy, --taxonomy),
                  claims_administrator_guideline and maximus_guideline
                  ({text, citations, flags}), rationale, medically_necessary
  warnings        [{code, item}]: what the letter did not say, or said
                  inconsistently; a letter is never dropped for a warning
A summary of what was read goes to stderr.
)";

}  // namespace

int ExtractCommand(int argc, char** argv) {
  InputFlags input;
  bool no_text = false;
  std::string format = "jsonl";
  FlagParser flags("extract", "Usage: imr extract [flags] PATH...", kDescription);
  flags.Choice("format", &format, {"jsonl", "csv"},
               "jsonl: one JSON object per letter (default); csv: one row per\n"
               "item with the letter's fields repeated (RFC 4180, header row)");
  flags.Bool("no-text", &no_text,
             "leave out rationale and guideline text; give their byte spans\n"
             "instead (rationale_span, text_span; CSV: rationale_offset/length)");
  TaxonomyFlag taxonomy;
  taxonomy.Register(&flags);
  input.Register(&flags);
  std::vector<std::string> paths;
  if (std::optional<int> exit = flags.ParseCommandLine(argc, argv, &paths, "no PATH given (use - for standard input)")) return *exit;

  jobs::RunOptions options = input.RunOptions();
  options.record.include_text = !no_text;
  options.record.format = format == "csv" ? output::RecordFormat::kCsv : output::RecordFormat::kJsonl;
  if (!taxonomy.Load(&options)) return kExitUsage;
  std::FILE* out = OpenOutput(input.out);
  if (out == nullptr) return kExitUsage;
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, input.CorpusOptions());
  const absl::StatusOr<stats::Stats> stats = jobs::RunExtract(corpus, options, out, stderr);
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
