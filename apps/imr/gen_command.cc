#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_format.h"
#include "commands.h"
#include "flags.h"
#include "imr/gen/gen.h"

namespace imr::cli {
namespace {

constexpr char kDescription[] = R"(Writes a synthetic corpus of IMR determination letters, and with --truth the
record `imr extract` should write for each letter (same schema, corpus
order). The same seed and options give the same bytes at any thread count.
Letters vary as real ones do: the 2014-15 and 2016-17 templates, headers
present or missing, the pdftotext styles (layout, default, raw; double-spaced
and tab-separated for 2014-15), page breaks anywhere, redaction gaps,
wrapped titles and guideline blocks, partial decisions in both wordings,
CRLF line ends in some. Vocabulary: data/vocab/ (embedded; see --vocab).
Output under --out:
  dir     DDD/DDD/NNNNNNNNN.txt, one letter per file, 1,000 per folder
  concat  letters-FFFFF.txt, --per-file letters each
  jsonl   letters-FFFFF.jsonl, lines {"id": "L000000042", "text": ...}
)";

}  // namespace

int GenCommand(int argc, char** argv) {
  long long letters = -1, seed = 1, per_file = 10000, threads = 0;
  std::string out, layout = "all", format = "dir", truth, vocab_dir;
  FlagParser flags("gen", "Usage: imr gen --letters N --seed S --out DIR [flags]", kDescription);
  flags.Int("letters", &letters, 0, "N", "number of letters to write (required)");
  flags.Int("seed", &seed, 0, "S", "random seed (default 1)");
  flags.String("out", &out, "DIR", "output folder, created if missing (required)");
  flags.Choice("layout", &layout, {"2014", "2016", "all"}, "letter templates (default all)");
  flags.Choice("format", &format, {"dir", "concat", "jsonl"}, "output format (default dir)");
  flags.String("truth", &truth, "FILE", "also write the expected `imr extract` record of every letter");
  flags.Int("per-file", &per_file, 1, "N", "letters per file for concat and jsonl (default 10000)");
  flags.Int("threads", &threads, 1, "N", "worker threads (default: every core); output does not depend on it");
  flags.String("vocab", &vocab_dir, "DIR", "read the vocabulary from DIR instead of the built-in copy\nof data/vocab/");
  std::vector<std::string> paths;
  if (const int status = flags.Parse(argc, argv, 2, &paths); status != kExitOk) return status;
  if (flags.help_requested()) {
    std::fputs(flags.Help().c_str(), stdout);
    return kExitOk;
  }
  if (!paths.empty()) return UsageError("gen", "unexpected argument '" + paths[0] + "'");
  if (letters < 0) return UsageError("gen", "--letters is required");
  if (out.empty()) return UsageError("gen", "--out is required");

  const absl::StatusOr<gen::Vocab> vocab = vocab_dir.empty() ? gen::DefaultVocab() : gen::LoadVocab(vocab_dir);
  if (!vocab.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(vocab.status().message()).c_str());
    return kExitUsage;
  }
  gen::GenOptions options;
  options.letters = static_cast<std::uint64_t>(letters);
  options.seed = static_cast<std::uint64_t>(seed);
  options.out = out;
  options.layout_2014 = layout != "2016";
  options.layout_2016 = layout != "2014";
  options.format = format == "dir"      ? gen::Format::kDir
                   : format == "concat" ? gen::Format::kConcat
                                        : gen::Format::kJsonl;
  options.truth_path = truth;
  options.per_file = static_cast<std::uint64_t>(per_file);
  options.threads = static_cast<int>(threads);
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<gen::GenStats> stats = gen::GenerateCorpus(*vocab, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!stats.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(stats.status().message()).c_str());
    return kExitUsage;
  }
  const gen::GenStats& s = *stats;
  const auto share = [](std::uint64_t a, std::uint64_t b) { return b == 0 ? 0.0 : 100.0 * a / b; };
  std::fputs(absl::StrFormat("imr: %d letters (%.1f%% 2014-15, %.1f%% single-item), %d items (%.1f%% upheld, %d "
                             "partial), %d files, %d bytes in %.2f s (%.0f MB/s)\n",
                             s.letters, share(s.letters_2014, s.letters), share(s.single_item_letters, s.letters),
                             s.items, share(s.items_upheld, s.items), s.partial_items, s.files, s.bytes, seconds,
                             seconds > 0 ? s.bytes / seconds / 1e6 : 0.0)
                 .c_str(),
             stderr);
  return kExitOk;
}

}  // namespace imr::cli
