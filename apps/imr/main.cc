// imr: the command-line front end. Each subcommand lives in its own file
// (commands.h); this file only dispatches. Commands parse flags into options,
// call the library, print, and set the exit status: 0 when every input byte
// was read as part of a letter, 1 when some input was skipped or unreadable
// (each case is reported on stderr), 2 for usage errors and fatal errors.
#include <cstdio>
#include <cstring>

#include "commands.h"
#include "flags.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

constexpr Command kCommands[] = {
    {"extract", "one JSON record per letter (JSON Lines), in corpus order", imr::cli::ExtractCommand},
    {"stats", "corpus statistics in one pass", imr::cli::StatsCommand},
    {"merge", "merge statistics partials (imr stats --partial) into one report", imr::cli::MergeCommand},
    {"gen", "synthetic letters with their truth records", imr::cli::GenCommand},
    {"eval", "extraction accuracy against truth records", imr::cli::EvalCommand},
};

void PrintHelp() {
  std::puts(
      "imr: parallel processor for California workers' compensation IMR determination letters\n\n"
      "Usage: imr <command> [flags] PATH...\n\nCommands:");
  for (const Command& c : kCommands) std::printf("  %-9s %s\n", c.name, c.summary);
  std::puts(
      "\nPATH is a file, a directory (read recursively, in sorted order) or - for\n"
      "standard input. A text file may hold one letter or many concatenated ones;\n"
      "files ending in .jsonl or .ndjson hold one JSON object per line whose \"text\"\n"
      "field is a letter.\n\n"
      "Run 'imr <command> --help' for the flags of a command.\n"
      "Exit status: 0 all input read, 1 some input skipped or unreadable (see\n"
      "stderr), 2 usage or fatal error.");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    PrintHelp();
    return argc < 2 ? imr::cli::kExitUsage : imr::cli::kExitOk;
  }
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name) == 0) return c.run(argc, argv);
  }
  std::fprintf(stderr, "imr: unknown command '%s'\nRun 'imr --help' for usage.\n", argv[1]);
  return imr::cli::kExitUsage;
}
