#include "imr/gen/gen.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/json_writer.h"
#include "imr/base/status_macros.h"
#include "imr/gen/rng.h"
#include "imr/output/letter_json.h"
#include "imr/pipeline/parallel_for.h"
#include "imr/pipeline/pipeline.h"

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

// Writes all of `bytes` at `offset` of `fd` (pwrite: blocks of a round are
// written at once, each at the place the serial placement gave it).
absl::Status WriteAt(int fd, std::string_view bytes, std::uint64_t offset, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoStatus(n < 0 ? errno : EIO, path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  return absl::OkStatus();
}

// What a block of consecutive letters becomes. Blocks are slots reused
// round after round, so their buffers (and generator) stop allocating.
struct Block {
  std::uint64_t first = 0, count = 0;
  std::vector<GeneratedLetter> letters;
  std::vector<std::uint64_t> starts;        // each letter's start in `bytes` (concat) / in its text (jsonl)
  std::string bytes;                        // concat and jsonl: what goes in the file
  std::string truth;                        // truth records
  std::uint64_t file = 0, file_offset = 0;  // concat/jsonl: file index, and where `bytes` lands in it
  int fd = -1;                              // concat/jsonl: that file, opened by the placement
  std::uint64_t truth_offset = 0;           // where `truth` lands in the truth file
  absl::Status status;
  GenStats stats;
  std::unique_ptr<LetterGenerator> generator;  // made once, reused for every block this slot holds
};

void AddStats(const GenStats& from, GenStats* to) {
  to->letters += from.letters;
  to->items += from.items;
  to->bytes += from.bytes;
  to->items_upheld += from.items_upheld;
  to->letters_2014 += from.letters_2014;
  to->single_item_letters += from.single_item_letters;
  to->partial_items += from.partial_items;
}

// Makes the corpus a round of blocks at a time. A round's letters are made
// in parallel; serially, each block is placed in its file; its truth is
// made in parallel; serially, the truth is placed; then both are written in
// parallel with pwrite at their offsets. The stages run a round apart:
// while round r is made, round r-1's truth is made and round r-2 written,
// all in one parallel loop, so a core idles at one boundary per round, not
// three. Three rounds of a few blocks per thread are alive at once, reused,
// so buffers stay small and warm instead of growing with the corpus (fresh
// pages cost as much kernel time as the letters cost to make).
class CorpusWriter {
 public:
  CorpusWriter(const Vocab& vocab, const GenOptions& o) : vocab_(vocab), o_(o) {
    prefix_ = o.out.empty() || o.out.back() == '/' ? o.out : o.out + "/";
    block_letters_ = std::min<std::uint64_t>(kLettersPerFolder, o.per_file);
    per_file_ = (o.per_file + block_letters_ - 1) / block_letters_ * block_letters_;
  }
  CorpusWriter(const CorpusWriter&) = delete;
  CorpusWriter& operator=(const CorpusWriter&) = delete;
  ~CorpusWriter() {
    for (const OpenFile& f : open_files_) close(f.fd);
    if (truth_fd_ >= 0) close(truth_fd_);
  }

  absl::StatusOr<GenStats> Run() {
    IMR_RETURN_IF_ERROR(MakeDirs(o_.out));
    if (!o_.truth_path.empty()) {
      truth_fd_ = open(o_.truth_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (truth_fd_ < 0) return ErrnoStatus(errno, o_.truth_path);
    }
    const int threads = pipeline::ResolveThreads(o_.threads);
    blocks_ = (o_.letters + block_letters_ - 1) / block_letters_;
    per_round_ = std::max<std::uint64_t>(1, std::min<std::uint64_t>(blocks_, kBlocksPerThread * threads));
    const std::uint64_t rounds = (blocks_ + per_round_ - 1) / per_round_;
    for (std::vector<Block>& r : ring_) r.resize(static_cast<std::size_t>(per_round_));
    for (std::uint64_t r = 0; r < rounds + 2; ++r) {
      const std::span<Block> make = r < rounds ? StartRound(r) : std::span<Block>();
      const std::span<Block> truth =
          truth_fd_ >= 0 && r >= 1 && r - 1 < rounds ? RoundBlocks(r - 1) : std::span<Block>();
      const std::span<Block> write = r >= 2 ? RoundBlocks(r - 2) : std::span<Block>();
      pipeline::ParallelFor(make.size() + truth.size() + write.size(), threads, [&](std::size_t k) {
        if (k < make.size()) return MakeBlock(&make[k]);
        k -= make.size();
        if (k < truth.size()) return MakeTruth(&truth[k]);
        WriteBlock(&write[k - truth.size()]);
      });
      IMR_RETURN_IF_ERROR(FinishWritten(write));
      for (Block& b : make) PlaceBlock(&b);
      for (Block& b : truth) {
        b.truth_offset = truth_end_;
        truth_end_ += b.truth.size();
      }
    }
    IMR_RETURN_IF_ERROR(CloseFiles(~0ULL, /*keep_newest=*/false));
    if (truth_fd_ >= 0) {
      const int fd = std::exchange(truth_fd_, -1);
      if (close(fd) != 0) return ErrnoStatus(errno, o_.truth_path);
    }
    stats_.files = files_;
    return stats_;
  }

 private:
  static constexpr std::uint64_t kBlocksPerThread = 2;

  // A concat/jsonl file still being written.
  struct OpenFile {
    int fd = -1;
    std::string path;
    std::uint64_t last_letter = 0;  // first letter of the last block placed in it
  };

  // The blocks of round r (in ring slot r % 3).
  std::span<Block> RoundBlocks(std::uint64_t r) {
    const std::uint64_t n = std::min(per_round_, blocks_ - r * per_round_);
    return std::span(ring_[r % ring_.size()]).first(static_cast<std::size_t>(n));
  }
  // Round r's blocks, with the letters each will hold.
  std::span<Block> StartRound(std::uint64_t r) {
    const std::span<Block> round = RoundBlocks(r);
    for (std::size_t k = 0; k < round.size(); ++k) {
      round[k].first = (r * per_round_ + k) * block_letters_;
      round[k].count = std::min(block_letters_, o_.letters - round[k].first);
    }
    return round;
  }

  // Serial, in corpus order, once a round is written: its first error, its
  // counts, and the files it completed.
  absl::Status FinishWritten(std::span<const Block> round) {
    if (round.empty()) return absl::OkStatus();
    for (const Block& b : round) {
      IMR_RETURN_IF_ERROR(b.status);
      AddStats(b.stats, &stats_);
      if (o_.format == Format::kDir) files_ += b.count;
    }
    return CloseFiles(round.back().first, /*keep_newest=*/true);
  }

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
    for (std::uint64_t k = 0; k < b->count && b->status.ok(); ++k) {
      GeneratedLetter& g = b->letters[static_cast<std::size_t>(k)];
      const std::uint64_t index = b->first + k;
      b->generator->Generate(index, &g);
      Count(g, &b->stats);
      std::uint64_t& start = b->starts[static_cast<std::size_t>(k)];
      switch (o_.format) {
        case Format::kDir:
          b->status.Update(WriteLetterFile(g, index, k == 0));
          start = g.start;
          break;
        case Format::kConcat:
          start = AppendConcatenated(g, index, k == 0, &b->bytes);
          break;
        case Format::kJsonl:
          AppendJsonLine(g, index, &b->bytes);
          start = g.start;
          break;
      }
    }
  }

  // --format dir: one open, one write, one close (no stdio buffer per file).
  absl::Status WriteLetterFile(const GeneratedLetter& g, std::uint64_t index, bool first_in_block) const {
    const std::string path = LetterPath(index);
    if (index % kLettersPerFolder == 0 || first_in_block) {
      IMR_RETURN_IF_ERROR(MakeDirs(path.substr(0, path.rfind('/'))));
    }
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return ErrnoStatus(errno, path);
    absl::Status status = WriteAt(fd, g.text, 0, path);
    if (close(fd) != 0) status.Update(ErrnoStatus(errno, path));
    return status;
  }

  // --format concat: the separator before the letter, then the letter;
  // returns where extraction finds its start in `bytes`.
  std::uint64_t AppendConcatenated(const GeneratedLetter& g, std::uint64_t index, bool first_in_block,
                                   std::string* bytes) const {
    // Between letters: nothing, blank lines, or a page break, which
    // sometimes ends the previous letter's last line.
    Rng sep = Rng::ForLetter(o_.seed ^ 0x5EC0DEULL, index);
    if (index % per_file_ != 0) {
      switch (sep.Below(6)) {
        case 0:
          break;
        case 1:
          *bytes += "\n";
          break;
        case 2:
          *bytes += "\n\n\n";
          break;
        case 3:
          *bytes += "\f";
          break;
        case 4:
          if (!first_in_block && !bytes->empty() && bytes->back() == '\n' && g.start == 0) {
            bytes->pop_back();
            if (!bytes->empty() && bytes->back() == '\r') bytes->pop_back();
          }
          *bytes += "\f";
          break;
        default:
          *bytes += "\f\n";
          break;
      }
    }
    const std::size_t base = bytes->size();
    *bytes += g.text;
    return LetterStartFor(*bytes, base + g.opening);
  }

  // --format jsonl: {"id": "L000000042", "text": ...} and a newline.
  static void AppendJsonLine(const GeneratedLetter& g, std::uint64_t index, std::string* bytes) {
    JsonWriter w(bytes);
    w.BeginObject();
    w.Key("id");
    w.String(Id(index));
    w.Key("text");
    w.String(g.text);
    w.EndObject();
    *bytes += '\n';
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

  // Serial, in corpus order: where each block lands in its file, opening
  // the file when the block starts one.
  void PlaceBlock(Block* b) {
    if (o_.format == Format::kDir || !b->status.ok()) return;
    b->file = b->first / per_file_;
    if (open_files_.empty() || b->file != placed_file_) {
      OpenFile f;
      f.path = FilePath(b->file);
      f.fd = open(f.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (f.fd < 0) {
        b->status = ErrnoStatus(errno, f.path);
        return;
      }
      open_files_.push_back(std::move(f));
      ++files_;
      placed_file_ = b->file;
      placed_offset_ = 0;
    }
    open_files_.back().last_letter = b->first;
    b->fd = open_files_.back().fd;
    b->file_offset = placed_offset_;
    placed_offset_ += b->bytes.size();
  }

  // Parallel: the truth records of a placed block.
  void MakeTruth(Block* b) const {
    b->truth.clear();
    if (!b->status.ok()) return;
    const output::RecordOptions record{.truth = true};
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

  // Parallel: the block's bytes and truth, each at its placed offset.
  void WriteBlock(Block* b) const {
    if (!b->status.ok()) return;
    if (o_.format != Format::kDir) b->status.Update(WriteAt(b->fd, b->bytes, b->file_offset, FilePath(b->file)));
    if (truth_fd_ >= 0 && b->status.ok())
      b->status.Update(WriteAt(truth_fd_, b->truth, b->truth_offset, o_.truth_path));
  }

  // Closes the files whose blocks all start at or before `written` (all
  // written), but the newest when the next round may go on with it.
  absl::Status CloseFiles(std::uint64_t written, bool keep_newest) {
    absl::Status status;
    while (open_files_.size() > (keep_newest ? 1 : 0) && open_files_.front().last_letter <= written) {
      if (close(open_files_.front().fd) != 0) status.Update(ErrnoStatus(errno, open_files_.front().path));
      open_files_.pop_front();
    }
    return status;
  }

  const Vocab& vocab_;
  const GenOptions& o_;
  std::string prefix_;
  std::uint64_t block_letters_ = kLettersPerFolder, per_file_ = 10000;
  std::uint64_t placed_file_ = 0, placed_offset_ = 0;
  std::deque<OpenFile> open_files_;         // oldest first
  std::array<std::vector<Block>, 3> ring_;  // the rounds being made, given truth, written
  std::uint64_t blocks_ = 0, per_round_ = 1;
  std::uint64_t files_ = 0;
  int truth_fd_ = -1;
  std::uint64_t truth_end_ = 0;
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
