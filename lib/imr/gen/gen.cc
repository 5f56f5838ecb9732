#include "imr/gen/gen.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/json_writer.h"
#include "imr/base/status_macros.h"
#include "imr/gen/rng.h"
#include "imr/output/letter_json.h"
#include "imr/pipeline/parallel_for.h"

namespace imr::gen {
namespace {

constexpr std::uint64_t kLettersPerFolder = 1000;

absl::Status ErrnoStatus(int err, const std::string& what) {
  const std::string msg = absl::StrCat(what, ": ", std::strerror(err));
  if (err == EACCES || err == EPERM || err == EROFS) return absl::PermissionDeniedError(msg);
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(msg);
  return absl::DataLossError(msg);
}

absl::Status MakeDirs(const std::string& path) {
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    const std::string prefix = path.substr(0, i);
    if (mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) return ErrnoStatus(errno, prefix);
  }
  return absl::OkStatus();
}

absl::Status WriteAll(std::FILE* f, std::string_view bytes, const std::string& path) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) return ErrnoStatus(errno, path);
  return absl::OkStatus();
}

absl::Status WriteFd(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoStatus(n < 0 ? errno : EIO, path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return absl::OkStatus();
}

// What a block of consecutive letters becomes.
struct Block {
  std::uint64_t first = 0, count = 0;
  std::vector<GeneratedLetter> letters;
  std::vector<std::uint64_t> starts;  // each letter's start in `bytes` (concat) / in its text (jsonl)
  std::string bytes;                  // concat and jsonl: what goes in the file
  std::string truth;                  // truth records
  std::uint64_t file = 0, file_offset = 0;  // concat/jsonl: file index, and where `bytes` lands in it
  absl::Status status;
  GenStats stats;
  std::unique_ptr<LetterGenerator> generator;  // made once, reused for every block this slot holds
};

class CorpusWriter {
 public:
  CorpusWriter(const Vocab& vocab, const GenOptions& o) : vocab_(vocab), o_(o) {
    prefix_ = o.out.empty() || o.out.back() == '/' ? o.out : o.out + "/";
    block_letters_ = std::min<std::uint64_t>(kLettersPerFolder, o.per_file);
    per_file_ = (o.per_file + block_letters_ - 1) / block_letters_ * block_letters_;
  }

  absl::StatusOr<GenStats> Run() {
    IMR_RETURN_IF_ERROR(MakeDirs(o_.out));
    if (!o_.truth_path.empty()) {
      truth_ = std::fopen(o_.truth_path.c_str(), "wb");
      if (truth_ == nullptr) return ErrnoStatus(errno, o_.truth_path);
    }
    const int threads = std::max(1, o_.threads == 0 ? 64 : o_.threads);
    const std::uint64_t blocks = (o_.letters + block_letters_ - 1) / block_letters_;
    std::vector<Block> round(static_cast<std::size_t>(std::min<std::uint64_t>(blocks, 4 * static_cast<std::uint64_t>(threads))));
    absl::Status status;
    for (std::uint64_t b0 = 0; b0 < blocks && status.ok(); b0 += round.size()) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(round.size(), blocks - b0));
      for (std::size_t k = 0; k < n; ++k) {
        round[k].first = (b0 + k) * block_letters_;
        round[k].count = std::min(block_letters_, o_.letters - round[k].first);
      }
      pipeline::ParallelFor(n, o_.threads, [&](std::size_t k) { MakeBlock(&round[k]); });
      for (std::size_t k = 0; k < n; ++k) PlaceBlock(&round[k]);  // file offsets, in order
      if (truth_ != nullptr) pipeline::ParallelFor(n, o_.threads, [&](std::size_t k) { MakeTruth(&round[k]); });
      for (std::size_t k = 0; k < n && status.ok(); ++k) status = WriteBlock(round[k]);
    }
    if (file_ != nullptr && std::fclose(file_) != 0 && status.ok()) status = ErrnoStatus(errno, file_path_);
    file_ = nullptr;
    if (truth_ != nullptr && std::fclose(truth_) != 0 && status.ok()) status = ErrnoStatus(errno, o_.truth_path);
    truth_ = nullptr;
    IMR_RETURN_IF_ERROR(status);
    stats_.files = files_;
    return stats_;
  }

  ~CorpusWriter() {
    if (file_ != nullptr) std::fclose(file_);
    if (truth_ != nullptr) std::fclose(truth_);
  }

 private:
  std::string FilePath(std::uint64_t file) const {
    return absl::StrFormat("%sletters-%05d.%s", prefix_, file, o_.format == Format::kJsonl ? "jsonl" : "txt");
  }
  std::string LetterPath(std::uint64_t index) const {
    return absl::StrFormat("%s%03d/%03d/%09d.txt", prefix_, index / 1000000, index / 1000 % 1000, index);
  }
  static std::string Id(std::uint64_t index) { return absl::StrFormat("L%09d", index); }

  // Parallel: generates the block's letters and the bytes they become.
  void MakeBlock(Block* b) const {
    b->status = absl::OkStatus();
    b->stats = GenStats{};
    b->letters.resize(static_cast<std::size_t>(b->count));
    b->starts.assign(static_cast<std::size_t>(b->count), 0);
    b->bytes.clear();
    if (b->generator == nullptr) {
      b->generator = std::make_unique<LetterGenerator>(vocab_, LetterOptions{o_.seed, o_.layout_2014, o_.layout_2016});
    }
    for (std::uint64_t k = 0; k < b->count; ++k) {
      GeneratedLetter& g = b->letters[static_cast<std::size_t>(k)];
      const std::uint64_t index = b->first + k;
      b->generator->Generate(index, &g);
      Count(g, &b->stats);
      switch (o_.format) {
        case Format::kDir: {
          const std::string path = LetterPath(index);
          if (index % kLettersPerFolder == 0 || k == 0) {
            if (absl::Status s = MakeDirs(path.substr(0, path.rfind('/'))); !s.ok()) {
              b->status.Update(s);
              return;
            }
          }
          // One open, one write, one close: no stdio buffer per file.
          const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
          if (fd < 0) {
            b->status.Update(ErrnoStatus(errno, path));
            return;
          }
          b->status.Update(WriteFd(fd, g.text, path));
          if (close(fd) != 0) b->status.Update(ErrnoStatus(errno, path));
          b->starts[static_cast<std::size_t>(k)] = g.start;
          break;
        }
        case Format::kConcat: {
          // Between letters: nothing, blank lines, or a page break, which
          // sometimes ends the previous letter's last line.
          Rng sep = Rng::ForLetter(o_.seed ^ 0x5EC0DEULL, index);
          if (index % per_file_ != 0) {
            switch (sep.Below(6)) {
              case 0: break;
              case 1: b->bytes += "\n"; break;
              case 2: b->bytes += "\n\n\n"; break;
              case 3: b->bytes += "\f"; break;
              case 4:
                if (k > 0 && !b->bytes.empty() && b->bytes.back() == '\n' && g.start == 0) {
                  b->bytes.pop_back();
                  if (!b->bytes.empty() && b->bytes.back() == '\r') b->bytes.pop_back();
                }
                b->bytes += "\f";
                break;
              default: b->bytes += "\f\n"; break;
            }
          }
          const std::size_t base = b->bytes.size();
          b->bytes += g.text;
          b->starts[static_cast<std::size_t>(k)] = LetterStartFor(b->bytes, base + g.opening);
          break;
        }
        case Format::kJsonl: {
          JsonWriter w(&b->bytes);
          w.BeginObject();
          w.Key("id");
          w.String(Id(index));
          w.Key("text");
          w.String(g.text);
          w.EndObject();
          b->bytes += '\n';
          b->starts[static_cast<std::size_t>(k)] = g.start;
          break;
        }
      }
    }
  }

  static void Count(const GeneratedLetter& g, GenStats* s) {
    ++s->letters;
    s->bytes += g.text.size();
    s->items += g.truth.items.size();
    if (g.year == 2014) ++s->letters_2014;
    if (g.truth.items.size() == 1) ++s->single_item_letters;
    for (const extract::Item& it : g.truth.items) {
      if (it.outcome == extract::Outcome::kUpheld) ++s->items_upheld;
      if (!it.original_request.empty()) ++s->partial_items;
    }
  }

  // Serial, in corpus order: where each block lands in its file.
  void PlaceBlock(Block* b) {
    if (o_.format == Format::kDir) return;
    b->file = b->first / per_file_;
    if (b->file != placed_file_) {
      placed_file_ = b->file;
      placed_offset_ = 0;
    }
    b->file_offset = placed_offset_;
    placed_offset_ += b->bytes.size();
  }

  // Parallel: the truth records of a placed block.
  void MakeTruth(Block* b) const {
    b->truth.clear();
    if (!b->status.ok()) return;
    const output::RecordOptions record;
    std::string path;
    if (o_.format != Format::kDir) path = FilePath(b->file);
    for (std::uint64_t k = 0; k < b->count; ++k) {
      GeneratedLetter& g = b->letters[static_cast<std::size_t>(k)];
      const std::uint64_t index = b->first + k;
      output::SourceRef source;
      std::string id;
      switch (o_.format) {
        case Format::kDir:
          path = LetterPath(index);
          source.position.offset = b->starts[static_cast<std::size_t>(k)];
          break;
        case Format::kConcat:
          source.position.offset = b->file_offset + b->starts[static_cast<std::size_t>(k)];
          break;
        case Format::kJsonl:
          source.position.offset = b->starts[static_cast<std::size_t>(k)];
          source.position.line = index % per_file_ + 1;
          id = Id(index);
          source.id = id;
          break;
      }
      source.path = path;
      output::AppendLetterJson(source, g.truth, record, &b->truth);
    }
  }

  absl::Status WriteBlock(const Block& b) {
    IMR_RETURN_IF_ERROR(b.status);
    stats_.letters += b.stats.letters;
    stats_.items += b.stats.items;
    stats_.bytes += b.stats.bytes;
    stats_.items_upheld += b.stats.items_upheld;
    stats_.letters_2014 += b.stats.letters_2014;
    stats_.single_item_letters += b.stats.single_item_letters;
    stats_.partial_items += b.stats.partial_items;
    if (o_.format == Format::kDir) {
      files_ += b.count;
    } else {
      if (file_ == nullptr || b.file != open_file_) {
        if (file_ != nullptr && std::fclose(file_) != 0) return ErrnoStatus(errno, file_path_);
        file_path_ = FilePath(b.file);
        file_ = std::fopen(file_path_.c_str(), "wb");
        if (file_ == nullptr) return ErrnoStatus(errno, file_path_);
        open_file_ = b.file;
        ++files_;
      }
      IMR_RETURN_IF_ERROR(WriteAll(file_, b.bytes, file_path_));
    }
    if (truth_ != nullptr) IMR_RETURN_IF_ERROR(WriteAll(truth_, b.truth, o_.truth_path));
    return absl::OkStatus();
  }

  const Vocab& vocab_;
  const GenOptions& o_;
  std::string prefix_;
  std::uint64_t block_letters_ = kLettersPerFolder, per_file_ = 10000;
  std::uint64_t placed_file_ = ~0ULL, placed_offset_ = 0;
  std::FILE* file_ = nullptr;
  std::string file_path_;
  std::uint64_t open_file_ = ~0ULL, files_ = 0;
  std::FILE* truth_ = nullptr;
  GenStats stats_;
};

}  // namespace

absl::StatusOr<GenStats> GenerateCorpus(const Vocab& vocab, const GenOptions& options) {
  if (options.out.empty()) return absl::InvalidArgumentError("no output folder (--out)");
  if (!options.layout_2014 && !options.layout_2016) return absl::InvalidArgumentError("no layout allowed");
  if (options.per_file == 0) return absl::InvalidArgumentError("--per-file must be at least 1");
  CorpusWriter writer(vocab, options);
  return writer.Run();
}

}  // namespace imr::gen
