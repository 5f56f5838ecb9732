#include "imr/cluster/distributed_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "imr/split/shard_plan.h"
#include "imr/stats/partial.h"
#include "imr/stats/shard.h"

namespace imr::cluster {
namespace {

// Message tags, one per kind of message.
enum Tag : int {
  kCorpus = 1,  // rank -> 0: the corpus fingerprint the rank sees
  kVerdict,     // 0 -> rank: "" to go on, or why the run stops
  kRequest,     // rank -> 0: the result of the rank's last shard ("" at first): give me another
  kAssignment,  // 0 -> rank: a shard index, or "" when there is none left
  kPartial,     // rank -> rank: statistics partial, along the reduction tree
};

// What a shard's run produced, on its way to rank 0.
struct ShardResult {
  stats::ShardTag tag;   // index, empty, edges
  std::string records;   // extract's output
  std::string messages;  // the run's diagnostics, uncapped
  std::string error;     // the run failed: why
};

// Fixed-width little helpers for the result message.
void PutU64(std::uint64_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), sizeof(v)); }
void PutBytes(std::string_view s, std::string* out) {
  PutU64(s.size(), out);
  out->append(s);
}
void PutEdge(const std::optional<stats::EdgeSkip>& e, std::string* out) {
  PutU64(e ? 1 : 0, out);
  const stats::EdgeSkip v = e.value_or(stats::EdgeSkip{});
  for (std::uint64_t n : {std::uint64_t{v.source}, v.offset, v.length, v.nonblank}) PutU64(n, out);
}

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  bool U64(std::uint64_t* v) {
    if (bytes_.size() < sizeof(*v)) return false;
    std::memcpy(v, bytes_.data(), sizeof(*v));
    bytes_.remove_prefix(sizeof(*v));
    return true;
  }
  bool Bytes(std::string* s) {
    std::uint64_t n = 0;
    if (!U64(&n) || bytes_.size() < n) return false;
    s->assign(bytes_.substr(0, n));
    bytes_.remove_prefix(n);
    return true;
  }
  bool Edge(std::optional<stats::EdgeSkip>* e) {
    std::uint64_t has = 0, source = 0;
    stats::EdgeSkip v;
    if (!U64(&has) || !U64(&source) || !U64(&v.offset) || !U64(&v.length) || !U64(&v.nonblank)) return false;
    v.source = static_cast<std::uint32_t>(source);
    if (has) *e = v;
    return true;
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

// A FILE that appends what is written to `text` (which must outlive it):
// a shard's records and messages, kept for rank 0.
std::FILE* AppendingFile(std::string* text) {
  cookie_io_functions_t io{};
  io.write = [](void* cookie, const char* data, std::size_t size) -> ssize_t {
    static_cast<std::string*>(cookie)->append(data, size);
    return static_cast<ssize_t>(size);
  };
  return fopencookie(text, "w", io);
}

std::string Serialize(const ShardResult& r) {
  std::string out;
  PutU64(r.tag.index, &out);
  PutU64(r.tag.empty ? 1 : 0, &out);
  PutEdge(r.tag.edges.leading, &out);
  PutEdge(r.tag.edges.trailing, &out);
  PutBytes(r.records, &out);
  PutBytes(r.messages, &out);
  PutBytes(r.error, &out);
  return out;
}

absl::StatusOr<ShardResult> Parse(std::string_view bytes, int from, std::uint32_t shards) {
  ShardResult r;
  Cursor c(bytes);
  std::uint64_t index = 0, empty = 0;
  if (!c.U64(&index) || index >= shards || !c.U64(&empty) || !c.Edge(&r.tag.edges.leading) ||
      !c.Edge(&r.tag.edges.trailing) || !c.Bytes(&r.records) || !c.Bytes(&r.messages) || !c.Bytes(&r.error) ||
      !c.done()) {
    return absl::DataLossError(absl::StrCat("rank ", from, " sent a malformed shard result"));
  }
  r.tag.index = static_cast<std::uint32_t>(index);
  r.tag.count = shards;
  r.tag.empty = empty != 0;
  return r;
}

// "shard 3/16 (path:byte 8388608 to path2)": what a shard reads, for errors.
std::string DescribeShard(const corpus::Corpus& corpus, const split::CorpusSpan& span, std::uint32_t index,
                          std::uint32_t shards) {
  const auto where = [&](const split::CorpusPoint& p) {
    if (p.source >= corpus.listed_count()) return std::string("the end");
    return absl::StrCat(corpus.source(p.source).path, ":byte ", p.offset);
  };
  return absl::StrCat("shard ", index, "/", shards, " (", where(span.begin), " to ", where(span.end), ")");
}

// Runs shards of one rank and adds their statistics up.
class ShardRunner {
 public:
  ShardRunner(const corpus::Corpus& corpus, const DistributedOptions& options, std::uint32_t shards)
      : corpus_(corpus), options_(options), shards_(shards), sources_(split::ShardSources(corpus)) {}

  ShardResult Run(std::uint32_t index) {
    ShardResult r;
    r.tag.index = index;
    r.tag.count = shards_;
    jobs::RunOptions run = options_.run;
    run.pipeline.plan.span = Span(index);
    r.tag.empty = run.pipeline.plan.span.begin == run.pipeline.plan.span.end;
    run.edges = &r.tag.edges;
    run.max_messages = UINT64_MAX;  // rank 0 caps them, in corpus order
    // Records are about as long as the letters they describe.
    if (options_.records) r.records.reserve(split::SpanBytes(sources_, run.pipeline.plan.span));
    std::FILE* out = options_.records ? AppendingFile(&r.records) : nullptr;
    std::FILE* diag = AppendingFile(&r.messages);
    absl::StatusOr<stats::Stats> s =
        out != nullptr ? jobs::RunExtract(corpus_, run, out, diag) : jobs::RunStats(corpus_, run, diag);
    if (out != nullptr) std::fclose(out);
    std::fclose(diag);
    if (s.ok()) {
      total_.Merge(*s);
    } else {
      r.error = std::string(s.status().message());
    }
    return r;
  }

  split::CorpusSpan Span(std::uint32_t index) const {
    return split::PlanShard(sources_, options_.run.pipeline.plan.chunk_bytes, index, shards_);
  }
  stats::Stats& total() { return total_; }

 private:
  const corpus::Corpus& corpus_;
  const DistributedOptions& options_;
  std::uint32_t shards_;
  std::vector<split::ShardSource> sources_;
  stats::Stats total_;
};

// Every rank tells rank 0 which corpus it sees; rank 0 says whether to go on.
absl::Status AgreeOnCorpus(const std::string& fingerprint, Transport& t) {
  if (t.rank() != 0) {
    if (absl::Status s = t.Send(fingerprint, 0, kCorpus); !s.ok()) return s;
    absl::StatusOr<std::string> verdict = t.Receive(0, kVerdict);
    if (!verdict.ok()) return verdict.status();
    if (!verdict->empty()) return absl::FailedPreconditionError(*verdict);
    return absl::OkStatus();
  }
  std::string verdict;
  for (int r = 1; r < t.size(); ++r) {
    absl::StatusOr<std::string> theirs = t.Receive(r, kCorpus);
    if (!theirs.ok()) return theirs.status();
    if (*theirs != fingerprint && verdict.empty()) {
      verdict = absl::StrCat("rank ", r, " sees another corpus (", *theirs, ") than rank 0 (", fingerprint,
                             "): give every rank the same paths, on a file system they share");
    }
  }
  for (int r = 1; r < t.size(); ++r) {
    if (absl::Status s = t.Send(verdict, r, kVerdict); !s.ok()) return s;
  }
  if (!verdict.empty()) return absl::FailedPreconditionError(verdict);
  return absl::OkStatus();
}

// Rank != 0: asks for shards until there are none left.
absl::Status Work(ShardRunner& runner, Transport& t) {
  std::string result;  // nothing done yet
  while (true) {
    if (absl::Status s = t.Send(result, 0, kRequest); !s.ok()) return s;
    absl::StatusOr<std::string> assignment = t.Receive(0, kAssignment);
    if (!assignment.ok()) return assignment.status();
    if (assignment->empty()) return absl::OkStatus();
    result = Serialize(runner.Run(static_cast<std::uint32_t>(std::stoul(*assignment))));
  }
}

// Rank 0's writer: records and messages of the shards in shard order, the
// messages capped at max_messages lines. A skipped range that shard edges
// cut was reported by each shard for its piece: the writer holds the pieces
// back and reports the range once, where one run reports it (after the
// messages of the shard where it begins, before those of the next).
class OrderedWriter {
 public:
  OrderedWriter(const corpus::Corpus& corpus, std::FILE* out, std::FILE* diag, std::uint64_t max_messages)
      : corpus_(corpus), out_(out), diag_(diag), max_messages_(max_messages) {}

  absl::Status Write(const ShardResult& r) {
    std::vector<std::string_view> lines;
    for (std::string_view rest = r.messages; !rest.empty();) {
      const std::size_t end = std::min(rest.find('\n'), rest.size() - 1) + 1;
      lines.push_back(rest.substr(0, end));
      rest.remove_prefix(end);
    }
    std::size_t first = 0, last = lines.size();
    if (!r.tag.empty) {
      const std::optional<stats::EdgeSkip>& lead = r.tag.edges.leading;
      const std::optional<stats::EdgeSkip>& trail = r.tag.edges.trailing;
      const bool continues =
          cut_ && lead && lead->source == cut_->source && lead->offset == cut_->offset + cut_->length;
      if (continues) {
        if (first < last && IsPieceMessage(*lead, lines[first])) ++first;
        cut_->length += lead->length;
        cut_->nonblank += lead->nonblank;
        if (trail != lead) ReportCut();
      } else {
        ReportCut();
      }
      if (trail && !(continues && trail == lead)) {
        if (first < last && IsPieceMessage(*trail, lines[last - 1])) --last;
        cut_ = trail;
      }
    }
    for (std::size_t i = first; i < last; ++i) Message(lines[i]);
    if (out_ != nullptr && !r.records.empty() &&
        std::fwrite(r.records.data(), 1, r.records.size(), out_) != r.records.size()) {
      return absl::DataLossError(absl::StrCat("writing output: ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }

  void Finish() {
    ReportCut();
    if (messages_ > max_messages_) {
      std::fprintf(diag_, "imr: %llu more messages not shown (--max-messages)\n",
                   static_cast<unsigned long long>(messages_ - max_messages_));
    }
  }

 private:
  static split::SkippedRange Range(const stats::EdgeSkip& e) {
    return {split::Position{e.source, e.offset, 0}, e.length, e.nonblank};
  }
  bool IsPieceMessage(const stats::EdgeSkip& piece, std::string_view line) const {
    return piece.nonblank > 0 && line == jobs::SkippedMessage(corpus_, Range(piece));
  }
  // The range cut by shard edges, once all its pieces are in.
  void ReportCut() {
    if (cut_ && cut_->nonblank > 0) Message(jobs::SkippedMessage(corpus_, Range(*cut_)));
    cut_.reset();
  }
  void Message(std::string_view line) {
    if (++messages_ <= max_messages_) std::fwrite(line.data(), 1, line.size(), diag_);
  }

  const corpus::Corpus& corpus_;
  std::FILE* out_;
  std::FILE* diag_;
  std::uint64_t max_messages_;
  std::uint64_t messages_ = 0;
  std::optional<stats::EdgeSkip> cut_;  // pieces of a cut range so far, joined
};

// Rank 0: hands out shards (to itself through a second thread), writes
// results in order, and collects the shards' tags.
absl::Status Coordinate(const corpus::Corpus& corpus, const DistributedOptions& options, ShardRunner& runner,
                        std::uint32_t shards, Transport& t, OrderedWriter& writer, std::vector<stats::ShardTag>* tags) {
  std::atomic<std::uint32_t> next{0};
  std::mutex mu;
  std::map<std::uint32_t, std::pair<int, ShardResult>> done;  // by index: (rank, result)
  std::thread own([&] {
    for (std::uint32_t k; (k = next++) < shards;) {
      ShardResult r = runner.Run(k);
      std::lock_guard<std::mutex> lock(mu);
      done.emplace(k, std::make_pair(0, std::move(r)));
    }
  });
  absl::Status status;
  int asking = t.size() - 1;  // ranks that have not been told "no more"
  std::uint32_t written = 0;
  while (status.ok() && (written < shards || asking > 0)) {
    bool progressed = false;
    if (asking > 0) {
      absl::StatusOr<int> from = t.Poll(kRequest);
      if (!from.ok()) {
        status = from.status();
        break;
      }
      if (*from >= 0) {
        progressed = true;
        absl::StatusOr<std::string> result = t.Receive(*from, kRequest);
        if (!result.ok()) {
          status = result.status();
          break;
        }
        if (!result->empty()) {
          absl::StatusOr<ShardResult> r = Parse(*result, *from, shards);
          if (!r.ok()) {
            status = r.status();
            break;
          }
          std::lock_guard<std::mutex> lock(mu);
          const std::uint32_t index = r->tag.index;
          done.emplace(index, std::make_pair(*from, std::move(*r)));
        }
        const std::uint32_t k = next++;
        if (k < shards && options.on_assign) options.on_assign(*from, DescribeShard(corpus, runner.Span(k), k, shards));
        status = t.Send(k < shards ? std::to_string(k) : "", *from, kAssignment);
        if (k >= shards) --asking;
      }
    }
    while (status.ok() && written < shards) {
      std::pair<int, ShardResult> entry;
      {
        std::lock_guard<std::mutex> lock(mu);
        const auto it = done.find(written);
        if (it == done.end()) break;
        entry = std::move(it->second);
        done.erase(it);
      }
      progressed = true;
      const ShardResult& r = entry.second;
      if (!r.error.empty()) {
        status = absl::InternalError(absl::StrCat("rank ", entry.first, " failed on ",
                                                  DescribeShard(corpus, runner.Span(r.tag.index), r.tag.index, shards),
                                                  ": ", r.error));
        break;
      }
      status = writer.Write(r);
      tags->push_back(r.tag);
      ++written;
    }
    if (!progressed) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  if (!status.ok()) next = shards;  // the own thread stops after its current shard
  own.join();
  return status;
}

// Adds up the ranks' statistics on rank 0: in round k, rank r with bit k
// set sends to r - 2^k, which merges it.
absl::Status Reduce(stats::Stats& local, Transport& t) {
  for (int step = 1; step < t.size(); step *= 2) {
    if (t.rank() % (2 * step) == step) return t.Send(stats::FormatPartialJson(local), t.rank() - step, kPartial);
    if (t.rank() % (2 * step) == 0 && t.rank() + step < t.size()) {
      absl::StatusOr<std::string> partial = t.Receive(t.rank() + step, kPartial);
      if (!partial.ok()) return partial.status();
      absl::StatusOr<stats::Stats> s = stats::ParsePartialJson(*partial, absl::StrCat("rank ", t.rank() + step));
      if (!s.ok()) return s.status();
      local.Merge(*s);
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::uint32_t DefaultShards(std::uint64_t corpus_bytes, int ranks) {
  const std::uint64_t by_size = corpus_bytes / (std::uint64_t{256} << 20) + 1;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(
      std::max<std::uint64_t>(8 * static_cast<std::uint64_t>(std::max(ranks, 1)), by_size), UINT32_MAX));
}

absl::StatusOr<stats::Stats> RunDistributed(const corpus::Corpus& corpus, const DistributedOptions& options,
                                            Transport& transport, std::FILE* out, std::FILE* diag) {
  const std::uint64_t chunk = options.run.pipeline.plan.chunk_bytes;
  if (absl::Status s = AgreeOnCorpus(split::CorpusFingerprint(corpus, chunk), transport); !s.ok()) return s;
  const std::uint32_t shards =
      options.shards > 0 ? options.shards : DefaultShards(corpus.total_bytes(), transport.size());
  ShardRunner runner(corpus, options, shards);
  std::vector<stats::ShardTag> tags;
  if (transport.rank() == 0) {
    OrderedWriter writer(corpus, options.records ? out : nullptr, diag, options.run.max_messages);
    if (absl::Status s = Coordinate(corpus, options, runner, shards, transport, writer, &tags); !s.ok()) return s;
    writer.Finish();
  } else if (absl::Status s = Work(runner, transport); !s.ok()) {
    return s;
  }
  stats::Stats& total = runner.total();
  if (absl::Status s = Reduce(total, transport); !s.ok()) return s;
  if (transport.rank() != 0) return stats::Stats{};
  total.accounting.skipped_ranges -= stats::SkippedRangesCutByShards(tags);
  if (options.records && std::fflush(out) != 0) {
    return absl::DataLossError(absl::StrCat("writing output: ", std::strerror(errno)));
  }
  return std::move(total);
}

}  // namespace imr::cluster
