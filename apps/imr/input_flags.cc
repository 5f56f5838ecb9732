#include "input_flags.h"

#include <cerrno>
#include <cstring>

namespace imr::cli {

void InputFlags::Register(FlagParser* f) {
  f->Int("threads", &threads, 1, "N", "worker threads (default: every core)");
  f->Choice("input-format", &input_format, {"auto", "text", "jsonl", "pdf"},
            "auto: .jsonl/.ndjson files are JSON Lines, .pdf files PDFs,\n"
            "others text (default auto); the others read every file,\n"
            "standard input included, as that format");
  f->String("text-field", &text_field, "NAME", "JSON Lines field holding the letter (default text)");
  f->Choice("read-mode", &read_mode, {"auto", "mmap", "read"},
            "auto maps files >= 1 MiB and reads smaller ones (default auto).\n"
            "A file truncated by another process while it is mapped does\n"
            "not kill the run (SIGBUS is caught): its lost bytes read as\n"
            "zeros and the file is reported as failed; 'read' copies files\n"
            "instead, for files that may change");
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
}

corpus::CorpusOptions InputFlags::CorpusOptions() const {
  corpus::CorpusOptions o;
  o.format = input_format == "text"    ? corpus::InputFormat::kText
             : input_format == "jsonl" ? corpus::InputFormat::kJsonl
             : input_format == "pdf"   ? corpus::InputFormat::kPdf
                                       : corpus::InputFormat::kAuto;
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
