#include "input_flags.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "imr/split/shard_plan.h"

namespace imr::cli {

void InputFlags::Register(FlagParser* f) {
  f->Int("threads", &threads, 1, "N", "worker threads (default: every core)");
  f->Choice("input-format", &input_format, {"auto", "text", "jsonl", "pdf", "archive"},
            "auto: .jsonl/.ndjson files are JSON Lines, .pdf files PDFs;\n"
            ".tar, .tar.gz/.tgz, .tar.zst, .tar.xz, .tar.bz2 and .zip\n"
            "archives and .gz, .zst, .xz, .bz2 compressed files are read as\n"
            "archives (streamed, never unpacked to disk; each member a\n"
            "source named archive:member, its kind by its extension;\n"
            "archives inside archives one level deep); others text. text,\n"
            "jsonl, pdf, archive: every path, standard input included, is\n"
            "read as that format. Named pipes (<(zstd -dc x.zst)) are read\n"
            "like - (default auto)");
  f->String("text-field", &text_field, "NAME", "JSON Lines field holding the letter (default text)");
  f->Choice("read-mode", &read_mode, {"auto", "mmap", "read"},
            "auto maps files >= 1 MiB and reads smaller ones (default auto).\n"
            "A file truncated by another process while it is mapped does\n"
            "not kill the run (SIGBUS is caught): its lost bytes read as\n"
            "zeros and the file is reported as failed; 'read' copies files\n"
            "instead, for files that may change");
  f->Int("max-member-size", &max_member_size, 1, "BYTES",
         "refuse an archive member that decompresses to more bytes\n"
         "(a zip bomb); it is reported, the rest read (default 1073741824)");
  f->Choice("pdf-text", &pdf_text, {"layout", "raw", "default"},
            "how a PDF's text is arranged, as pdftotext writes it: layout\n"
            "(-layout, the physical layout), raw (-raw, content stream\n"
            "order) or default (no option: reading order). Each PDF is\n"
            "converted in memory (poppler), on every core, one per task;\n"
            "records name the PDF and their offsets count in its text\n"
            "(default layout)");
  f->Int("chunk-size", &chunk_size, 1, "BYTES", "cut larger files into chunks of this size (default 4194304)");
  f->Bool("serial", &serial, "run every stage in one plain loop (the 1.00x baseline)");
  f->Int("max-messages", &max_messages, 0, "N", "print at most N input problems on stderr (default 100)");
  f->String("out", &out, "FILE", "write to FILE instead of standard output");
  f->Bool("progress", &progress,
          "show the progress line on stderr even when it is not a terminal\n"
          "(shown on a terminal by default: bytes done of the total, letters,\n"
          "MB/s, elapsed and estimated time left, ten times a second)");
  f->Bool("quiet", &quiet, "no progress line, even on a terminal");
}

void ProgressDisplay::Start(const InputFlags& flags, const corpus::Corpus& corpus, bool streams_to_stdout,
                            jobs::RunOptions* options) {
  const bool terminal = isatty(STDERR_FILENO) && !(streams_to_stdout && isatty(STDOUT_FILENO));
  if (flags.quiet || !(flags.progress || terminal)) return;
  options->pipeline.progress = &progress_;
  // Of a shard (--shard), its own bytes. An archive's members are not
  // counted against its compressed size, so with archives the line shows
  // the letters and bytes read without a total.
  bool archives = false;
  for (std::uint32_t id = 0; id < corpus.listed_count(); ++id) {
    archives |= corpus.source(id).kind == corpus::SourceKind::kArchive;
  }
  const std::uint64_t total = archives ? 0 : split::SpanBytes(split::ShardSources(corpus), options->pipeline.plan.span);
  line_ = std::make_unique<pipeline::ProgressLine>(progress_, total, "letters", stderr);
}

corpus::CorpusOptions InputFlags::CorpusOptions() const {
  corpus::CorpusOptions o;
  o.format = input_format == "text"      ? corpus::InputFormat::kText
             : input_format == "jsonl"   ? corpus::InputFormat::kJsonl
             : input_format == "pdf"     ? corpus::InputFormat::kPdf
             : input_format == "archive" ? corpus::InputFormat::kArchive
                                         : corpus::InputFormat::kAuto;
  o.max_member_bytes = static_cast<std::uint64_t>(max_member_size);
  o.read_mode = read_mode == "mmap"   ? io::ReadMode::kMmap
                : read_mode == "read" ? io::ReadMode::kRead
                                      : io::ReadMode::kAuto;
  o.pdf_text = pdf_text == "raw"       ? io::PdfArrangement::kRaw
               : pdf_text == "default" ? io::PdfArrangement::kDefault
                                       : io::PdfArrangement::kLayout;
  return o;
}

jobs::RunOptions InputFlags::RunOptions() const {
  jobs::RunOptions o;
  o.pipeline.threads = static_cast<int>(threads);
  o.pipeline.text_field = text_field;
  o.pipeline.plan.chunk_bytes = static_cast<std::uint64_t>(chunk_size);
  o.serial = serial;
  o.max_messages = static_cast<std::uint64_t>(max_messages);
  return o;
}

std::FILE* OpenOutput(const std::string& path) {
  if (path.empty() || path == "-") return stdout;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::fprintf(stderr, "imr: %s: %s\n", path.c_str(), std::strerror(errno));
  return f;
}

bool CloseOutput(std::FILE* out, const std::string& path) {
  const bool ok = std::fflush(out) == 0 && !std::ferror(out) && (out == stdout || std::fclose(out) == 0);
  if (!ok)
    std::fprintf(stderr, "imr: writing %s: %s\n", path.empty() ? "standard output" : path.c_str(),
                 std::strerror(errno));
  return ok;
}

}  // namespace imr::cli
