// imr: the command-line front end. It parses flags into options, calls the
// library, prints, and sets the exit status; nothing else lives here.
//
// Exit status: 0 when every input byte was read as part of a letter, 1 when
// some input was skipped or could not be read (each case is reported on
// stderr), 2 for usage errors and fatal errors.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "imr/base/strings.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSkipped = 1;
constexpr int kExitUsage = 2;

constexpr char kMainHelp[] = R"(imr: parallel processor for California workers' compensation IMR determination letters

Usage: imr <command> [flags] PATH...

Commands:
  extract   one JSON record per letter (JSON Lines), in corpus order
  stats     corpus statistics: letters, items, outcomes, what was skipped

PATH is a file, a directory (read recursively, in sorted order) or - for
standard input. Text files may hold one letter or many concatenated letters;
files ending in .jsonl or .ndjson hold one JSON object per line whose "text"
field is a letter.

Run 'imr <command> --help' for the flags of a command.
Exit status: 0 all input read, 1 some input skipped or unreadable (see
stderr), 2 usage or fatal error.
)";

constexpr char kCommonFlags[] = R"(
Input flags:
  --threads N           worker threads (default: every core)
  --input-format F      auto (by extension), text or jsonl (default auto)
  --text-field NAME     JSON Lines field holding the letter (default text)
  --read-mode M         auto, mmap or read (default auto: mmap files >= 1 MiB).
                        A file truncated by another process while it is mapped
                        kills the run with SIGBUS; use --read-mode read for
                        files that may change while imr runs.
  --chunk-size BYTES    split files larger than this into parallel chunks
                        (default 4194304)
  --serial              run the stages in one plain loop (the baseline)
  --max-messages N      print at most N input problems on stderr (default 100)
  --out FILE            write to FILE instead of standard output
)";

constexpr char kExtractHelp[] = R"(Usage: imr extract [flags] PATH...

Writes one JSON object per letter (JSON Lines) in corpus order; the output
is identical at any thread count. Fields (see data/letter.schema.json):
  source            {path, offset (byte of the letter in the file, or in the
                    JSONL text), line (JSONL only), id (JSONL only)}
  layout            template recognised: imr_2014, imr_2016, or unknown /
                    an older template that is recognised but not parsed
  case_number       e.g. CM16-0219557, null when the letter has no header
  date_assigned, date_of_injury, decision_date, ur_denial_date,
  application_received   ISO dates (YYYY-MM-DD) or null
  priority          standard | expedited | null
  reviewer          {licensure: [states], specialties: [...]}
  patient           {age, sex}
  items             one per disputed item, in letter order: title, outcome
                    (upheld | overturned), original_request / authorized /
                    disputed (partial decisions), quantity, unit, body_region,
                    claims_administrator_guideline and maximus_guideline
                    ({text, citations, flags}), rationale, medically_necessary
  warnings          [{code, item}]: what the letter did not say or
                    contradicted; a letter is never dropped for a warning

Flags:
  --no-text             leave out rationale and guideline text; give their
                        byte spans (rationale_span, text_span) instead
)";

constexpr char kStatsHelp[] = R"(Usage: imr stats [flags] PATH...

Prints corpus statistics: letters (with warnings, rejected), items, upheld
and overturned, files, bytes read and skipped, failed records.

Flags:
  --format F            text or json (default text)
)";

struct Args {
  std::string command;
  std::vector<std::string> paths;
  imr::jobs::RunOptions run;
  imr::corpus::CorpusOptions corpus;
  std::string out_path;
  std::string format;
};

int Usage(const std::string& message) {
  std::fprintf(stderr, "imr: %s\nRun 'imr --help' for usage.\n", message.c_str());
  return kExitUsage;
}

bool ParseInt(std::string_view s, long long min, long long* value) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *value);
  return ec == std::errc() && end == s.data() + s.size() && *value >= min;
}

// Returns kExitOk on success, or the exit status to stop with.
int ParseArgs(int argc, char** argv, Args* args, bool* help) {
  *help = false;
  if (argc < 2) return Usage("missing command");
  args->command = argv[1];
  if (args->command == "--help" || args->command == "-h" || args->command == "help") {
    *help = true;
    return kExitOk;
  }
  if (args->command != "extract" && args->command != "stats") {
    return Usage(absl::StrCat("unknown command '", args->command, "'"));
  }
  bool only_paths = false;
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (only_paths || arg == "-" || !arg.starts_with("--")) {
      args->paths.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_paths = true;
      continue;
    }
    std::string name(arg), value;
    bool has_value = false;
    if (const std::size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = std::string(arg.substr(0, eq));
      value = std::string(arg.substr(eq + 1));
      has_value = true;
    }
    const auto take = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= argc) return false;
      value = argv[++i];
      return true;
    };
    long long n = 0;
    if (name == "--help" || name == "-h") {
      *help = true;
    } else if (name == "--serial") {
      args->run.serial = true;
    } else if (name == "--no-text" && args->command == "extract") {
      args->run.record.include_text = false;
    } else if (name == "--threads") {
      if (!take() || !ParseInt(value, 1, &n)) return Usage("--threads needs a positive integer");
      args->run.pipeline.threads = static_cast<int>(n);
    } else if (name == "--chunk-size") {
      if (!take() || !ParseInt(value, 1, &n)) return Usage("--chunk-size needs a positive number of bytes");
      args->run.pipeline.plan.chunk_bytes = static_cast<std::uint64_t>(n);
    } else if (name == "--max-messages") {
      if (!take() || !ParseInt(value, 0, &n)) return Usage("--max-messages needs a number");
      args->run.max_messages = static_cast<std::uint64_t>(n);
    } else if (name == "--input-format") {
      if (!take()) return Usage("--input-format needs a value");
      static const std::map<std::string, imr::corpus::InputFormat> kFormats = {
          {"auto", imr::corpus::InputFormat::kAuto},
          {"text", imr::corpus::InputFormat::kText},
          {"jsonl", imr::corpus::InputFormat::kJsonl}};
      auto it = kFormats.find(value);
      if (it == kFormats.end()) return Usage("--input-format is auto, text or jsonl");
      args->corpus.format = it->second;
    } else if (name == "--read-mode") {
      if (!take()) return Usage("--read-mode needs a value");
      static const std::map<std::string, imr::io::ReadMode> kModes = {
          {"auto", imr::io::ReadMode::kAuto}, {"mmap", imr::io::ReadMode::kMmap}, {"read", imr::io::ReadMode::kRead}};
      auto it = kModes.find(value);
      if (it == kModes.end()) return Usage("--read-mode is auto, mmap or read");
      args->corpus.read_mode = it->second;
    } else if (name == "--text-field") {
      if (!take() || value.empty()) return Usage("--text-field needs a name");
      args->run.pipeline.text_field = value;
    } else if (name == "--out") {
      if (!take() || value.empty()) return Usage("--out needs a file name");
      args->out_path = value;
    } else if (name == "--format") {
      if (!take()) return Usage("--format needs a value");
      const bool ok = args->command == "extract" ? value == "jsonl" : (value == "text" || value == "json");
      if (!ok) return Usage(absl::StrCat("unknown --format '", value, "' for ", args->command));
      args->format = value;
    } else {
      return Usage(absl::StrCat("unknown flag '", name, "' for ", args->command));
    }
  }
  if (!*help && args->paths.empty()) return Usage("no PATH given (use - for standard input)");
  return kExitOk;
}

void PrintSummary(const imr::stats::Stats& s) {
  const imr::stats::Accounting& a = s.accounting;
  std::fprintf(stderr,
               "imr: %llu letters (%llu with warnings, %llu rejected), %llu items; %llu files read, %llu failed; "
               "%llu bytes skipped; %llu records failed\n",
               static_cast<unsigned long long>(s.letters), static_cast<unsigned long long>(s.letters_with_warnings),
               static_cast<unsigned long long>(s.letters_rejected), static_cast<unsigned long long>(s.items),
               static_cast<unsigned long long>(a.files), static_cast<unsigned long long>(a.files_failed),
               static_cast<unsigned long long>(a.bytes_skipped), static_cast<unsigned long long>(a.records_failed));
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  bool help = false;
  if (const int status = ParseArgs(argc, argv, &args, &help); status != kExitOk) return status;
  if (help) {
    if (args.command == "extract") {
      std::fputs(kExtractHelp, stdout);
      std::fputs(kCommonFlags, stdout);
    } else if (args.command == "stats") {
      std::fputs(kStatsHelp, stdout);
      std::fputs(kCommonFlags, stdout);
    } else {
      std::fputs(kMainHelp, stdout);
    }
    return kExitOk;
  }

  std::FILE* out = stdout;
  if (!args.out_path.empty()) {
    out = std::fopen(args.out_path.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "imr: %s: %s\n", args.out_path.c_str(), std::strerror(errno));
      return kExitUsage;
    }
  }
  const imr::corpus::Corpus corpus = imr::corpus::Corpus::FromPaths(args.paths, args.corpus);
  absl::StatusOr<imr::stats::Stats> stats;
  if (args.command == "extract") {
    stats = imr::jobs::RunExtract(corpus, args.run, out, stderr);
    if (stats.ok()) PrintSummary(*stats);
  } else {
    stats = imr::jobs::RunStats(corpus, args.run, stderr);
    if (stats.ok()) {
      const std::string text =
          args.format == "json" ? imr::stats::FormatStatsJson(*stats) : imr::stats::FormatStatsText(*stats);
      std::fwrite(text.data(), 1, text.size(), out);
    }
  }
  if (out != stdout && std::fclose(out) != 0 && stats.ok()) {
    stats = absl::DataLossError(absl::StrCat("writing ", args.out_path, ": ", std::strerror(errno)));
  }
  if (!stats.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(stats.status().message()).c_str());
    return kExitUsage;
  }
  return imr::jobs::ReadEverything(*stats) ? kExitOk : kExitSkipped;
}
