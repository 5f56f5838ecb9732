#include "imr/split/text_splitter.h"

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "imr/base/text.h"
#include "imr/base/text_index.h"

namespace imr::split {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Positions in an index are 32-bit offsets from the start of the range's
// first line. A range longer than this (a huge --chunk-size) is split in
// pieces, which gives the same documents (ranges that tile a text do); the
// line before a piece must then leave room for the piece and a letter's tail.
constexpr std::size_t kMaxIndexedRange = std::size_t{1} << 30;
constexpr std::size_t kMaxIndexedSpan = std::numeric_limits<std::uint32_t>::max() - kMaxDocumentBytes;

// The range is indexed, and its starts found, this many bytes at a time (a
// multiple of the index's 64-byte blocks): small enough for the L1 cache.
constexpr std::size_t kRulePiece = 16 * 1024;

// The starts in [from, to), for a window outside the range being split
// (the lookups before and after it): indexed here, in a scratch index.
void FindStartsIn(std::string_view text, std::size_t from, std::size_t to, const BoundaryRule& rule,
                  std::vector<std::size_t>* starts) {
  thread_local TextIndex scratch;
  const std::size_t first_line = LineBegin(text, from);
  if (to - first_line > kMaxIndexedSpan) return;  // inside a line of gigabytes: no letter starts there
  const std::string_view lines = text.substr(first_line, to - first_line);
  scratch.Build(lines);
  rule.FindStarts(text, from, to, scratch.Whole(lines), starts);
}

// First start in [from, limit), searching in growing windows so that the
// common case (a start within a few kilobytes) reads little.
std::size_t NextStart(std::string_view text, std::size_t from, std::size_t limit, const BoundaryRule& rule,
                      std::vector<std::size_t>* scratch) {
  limit = std::min(limit, text.size());
  for (std::size_t window = 16 * 1024; from < limit; window *= 4) {
    const std::size_t to = std::min(limit, from + window);
    scratch->clear();
    FindStartsIn(text, from, to, rule, scratch);
    if (!scratch->empty()) return scratch->front();
    from = to;
  }
  return kNone;
}

// Last start in [floor, before), same growing windows, backwards.
std::size_t PrevStart(std::string_view text, std::size_t before, std::size_t floor, const BoundaryRule& rule,
                      std::vector<std::size_t>* scratch) {
  for (std::size_t window = 1024; before > floor; window *= 4) {
    const std::size_t from = before - floor > window ? before - window : floor;
    scratch->clear();
    FindStartsIn(text, from, before, rule, scratch);
    if (!scratch->empty()) return scratch->back();
    before = from;
  }
  return kNone;
}

std::uint64_t CountNonBlank(std::string_view s) {
  return static_cast<std::uint64_t>(std::count_if(s.begin(), s.end(), [](char c) { return !IsSpace(c); }));
}

class RangeEmitter {
 public:
  RangeEmitter(std::string_view text, std::size_t begin, std::size_t end, const Position& base, Batch* batch)
      : text_(text), begin_(begin), end_(end), base_(base), batch_(batch) {}

  // Records [from, to) clipped to this call's range as skipped.
  void Skip(std::size_t from, std::size_t to) {
    from = std::max(from, begin_);
    to = std::min(to, end_);
    if (from >= to) return;
    Position p = base_;
    p.offset += from;
    batch_->skipped.push_back({p, to - from, CountNonBlank(text_.substr(from, to - from))});
  }

  // A document, with the slice of the batch's index that covers it
  // (positions in the index are offsets from `origin`), found from *since
  // (documents come in order: *since moves past this one's positions).
  void Emit(std::size_t from, std::size_t to, bool truncated, TextIndex::Mark* since, std::size_t origin) {
    Position p = base_;
    p.offset += from;
    const TextIndex::Slice slice = batch_->index.SliceOf(*since, static_cast<std::uint32_t>(from - origin),
                                                         static_cast<std::uint32_t>(to - origin));
    *since = TextIndex::After(slice);
    batch_->documents.push_back({p, {}, text_.substr(from, to - from), truncated, slice});
  }

 private:
  std::string_view text_;
  std::size_t begin_, end_;
  Position base_;
  Batch* batch_;
};

}  // namespace

namespace {

// Cuts text[begin, end) at `starts`, the rule's starts in it: the documents
// take their slices of the positions of text[origin, end) that batch->index
// recorded since `since` (offsets from `origin`).
void EmitDocuments(std::string_view text, std::size_t begin, std::size_t end, std::size_t origin,
                   const TextIndex::Mark& since, std::span<const std::size_t> starts, const BoundaryRule& rule,
                   const Position& base, Batch* batch) {
  RangeEmitter emit(text, begin, end, base, batch);
  TextIndex& index = batch->index;
  std::vector<std::size_t> scratch;
  const std::size_t first = starts.empty() ? end : starts.front();

  // The bytes before this range's first start: covered by a document that
  // started earlier (up to its cap), or skipped.
  if (begin == 0) {
    emit.Skip(0, first);
  } else if (first > begin) {
    const std::size_t floor = begin > kMaxDocumentBytes ? begin - kMaxDocumentBytes : 0;
    const std::size_t prev = PrevStart(text, begin, floor, rule, &scratch);
    const std::size_t covered = prev == kNone ? begin : prev + kMaxDocumentBytes;
    emit.Skip(std::max(begin, covered), first);
  }

  TextIndex::Mark after_documents = since;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t s = starts[i];
    const std::size_t cap = std::min(text.size(), s + kMaxDocumentBytes);
    std::size_t next = i + 1 < starts.size() ? starts[i + 1] : NextStart(text, end, cap + 1, rule, &scratch);
    if (next == kNone) next = text.size();
    const std::size_t doc_end = std::min(next, cap);
    // The last document runs past the range: its tail is indexed too.
    if (doc_end > end) index.Add(text.substr(end, doc_end - end), static_cast<std::uint32_t>(end - origin));
    emit.Emit(s, doc_end, doc_end < next, &after_documents, origin);
    emit.Skip(doc_end, next);
  }
}

}  // namespace

void SplitRange(std::string_view text, std::size_t begin, std::size_t end, const BoundaryRule& rule,
                const Position& base, Batch* batch) {
  end = std::min(end, text.size());
  if (begin >= end) return;
  if (end - begin > kMaxIndexedRange) {
    for (std::size_t piece = begin; piece < end; piece += kMaxIndexedRange) {
      SplitRange(text, piece, std::min(end, piece + kMaxIndexedRange), rule, base, batch);
    }
    return;
  }
  const std::size_t origin = LineBegin(text, begin);
  if (end - origin > kMaxIndexedSpan) {
    // Gigabytes without a line end before this range: no letter text, and
    // its positions would not fit the index. Said, and counted as skipped.
    Position p = base;
    p.offset += begin;
    batch->errors.push_back({DocumentError::Kind::kPart, p,
                             absl::ResourceExhaustedError("a line longer than 3 GiB: the range is not split")});
    RangeEmitter(text, begin, end, base, batch).Skip(begin, end);
    return;
  }
  // The structural pass over the range, once: the rule finds the starts from
  // its line ends, and each document takes its slice of it to the extractor.
  // A piece at a time, the rule right after the index, up to the piece's
  // last line start: the rule reads the first bytes of every line, which are
  // then still in the L1 cache (read after the whole range, they would come
  // from memory). Each call begins at a line start, so a line is visited
  // once however many pieces it spans; the rule's starts do not depend on
  // where the range is cut.
  TextIndex& index = batch->index;
  const TextIndex::Mark since = index.Here();
  std::vector<std::size_t> starts;
  // Where the starts found so far end, the start of its line, and a mark
  // past the positions before that line.
  std::size_t done = begin, line = origin;
  TextIndex::Mark line_mark = since;
  const auto find_starts = [&](std::size_t to) {
    const TextIndex::Slice slice =
        index.TailOf(line_mark, static_cast<std::uint32_t>(line - origin), static_cast<std::uint32_t>(to - origin));
    rule.FindStarts(text, done, to, index.Part(slice, text.substr(line, to - line)), &starts);
    line_mark = TextIndex::After(slice);
  };
  for (std::size_t piece = origin; piece < end;) {
    const std::size_t piece_end = end - piece > kRulePiece ? piece + kRulePiece : end;
    const std::size_t newlines_before = index.newlines().size();
    index.Add(text.substr(piece, piece_end - piece), static_cast<std::uint32_t>(piece - origin));
    piece = piece_end;
    if (index.newlines().size() == newlines_before) continue;
    // The range's lines start at or after `begin`: cut > done.
    const std::size_t cut = origin + index.newlines().back() + 1;
    find_starts(cut);
    done = line = cut;
  }
  if (done < end) find_starts(end);
  EmitDocuments(text, begin, end, origin, since, starts, rule, base, batch);
}

void SplitIndexedText(std::string_view text, const TextIndex::Mark& since, const BoundaryRule& rule,
                      const Position& base, Batch* batch) {
  if (text.empty()) return;
  TextIndex& index = batch->index;
  std::vector<std::size_t> starts;
  rule.FindStarts(text, 0, text.size(),
                  index.Part(index.SliceOf(since, 0, static_cast<std::uint32_t>(text.size())), text), &starts);
  EmitDocuments(text, 0, text.size(), 0, since, starts, rule, base, batch);
}

}  // namespace imr::split
