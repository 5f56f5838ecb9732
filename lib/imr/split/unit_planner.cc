#include "imr/split/unit_planner.h"

#include <algorithm>
#include <utility>

#include "imr/base/byte_count.h"

namespace imr::split {

UnitPlanner::UnitPlanner(const corpus::Corpus& corpus, const PlanOptions& options)
    : corpus_(corpus), options_(options) {
  options_.chunk_bytes = std::max<std::uint64_t>(options_.chunk_bytes, 1);
  next_source_ = options_.span.begin.source;
}

bool UnitPlanner::Next(WorkUnit* unit) {
  *unit = WorkUnit{};
  unit->seq = seq_;
  if (open_file_ != nullptr) return NextRange(unit);
  const CorpusSpan& span = options_.span;
  if (!(span.begin < span.end)) return false;  // an empty shard
  const std::uint32_t listed = corpus_.listed_count();
  // Sources before this one are the span's whole; the span may end inside it.
  const std::uint32_t whole_end = std::min(listed, span.end.source);
  for (;;) {
    if (archive_ != nullptr) {
      if (NextMembers(unit)) return true;
      archive_.reset();
    }
    // Group small files; stop at the first large one or archive. A PDF,
    // whatever its size, is a unit of its own, opened and converted by the
    // worker: its conversion costs far more than its bytes suggest, and one
    // per unit lets every core convert one while the in-flight limit bounds
    // their texts.
    std::uint64_t bytes = 0;
    while (next_source_ < whole_end) {
      const corpus::Source& source = corpus_.source(next_source_);
      const bool pdf = source.kind == corpus::SourceKind::kPdf;
      if ((!pdf && source.size > options_.chunk_bytes) || source.kind == corpus::SourceKind::kArchive) break;
      if (!unit->whole_sources.empty() &&
          (pdf || bytes + source.size > options_.batch_bytes || unit->whole_sources.size() >= options_.batch_files)) {
        break;
      }
      bytes += source.size;
      unit->whole_sources.push_back({next_source_++, nullptr, absl::OkStatus()});
      if (pdf) break;
    }
    if (!unit->whole_sources.empty()) {
      ++seq_;
      return true;
    }
    const bool ends_inside = span.end.offset > 0 && next_source_ == span.end.source;
    if (next_source_ >= listed || (next_source_ >= whole_end && !ends_inside)) return false;
    const std::uint32_t id = next_source_++;
    if (corpus_.source(id).kind == corpus::SourceKind::kArchive) {
      archive_ = std::make_unique<corpus::ArchiveMembers>(corpus_.source(id), corpus_.max_member_bytes());
      continue;
    }
    // A large source: open it here, cut it into ranges.
    absl::StatusOr<std::shared_ptr<const io::FileData>> text = corpus_.Open(id);
    // An unreadable source is reported once, by the span that holds its end.
    if (!text.ok() && ends_inside) return false;
    return FirstRange(id, std::move(text), id == span.begin.source ? span.begin.offset : 0,
                      ends_inside ? span.end.offset : UINT64_MAX, unit);
  }
}

bool UnitPlanner::NextMembers(WorkUnit* unit) {
  std::uint64_t bytes = 0;
  for (;;) {
    if (!held_.has_value()) {
      corpus::ArchiveMembers::Member member;
      if (!archive_->Next(&member)) break;
      held_ = std::move(member);
    }
    corpus::ArchiveMembers::Member& member = *held_;
    const std::uint64_t size = member.bytes != nullptr ? member.bytes->size() : 0;
    // A PDF member, like a PDF file, is a unit of its own, converted by the worker.
    const bool pdf = member.source.kind == corpus::SourceKind::kPdf;
    const bool large = !pdf && size > options_.chunk_bytes;
    if (!unit->whole_sources.empty() &&
        (pdf || large || bytes + size > options_.batch_bytes || unit->whole_sources.size() >= options_.batch_files)) {
      break;  // planned with the next unit
    }
    const std::uint32_t id = corpus_.AddMember(std::move(member.source));
    if (large) {
      absl::StatusOr<std::shared_ptr<const io::FileData>> text = corpus_.Text(id, std::move(member.bytes));
      held_.reset();
      return FirstRange(id, std::move(text), 0, UINT64_MAX, unit);
    }
    bytes += size;
    unit->whole_sources.push_back({id, std::move(member.bytes), std::move(member.error)});
    held_.reset();
    if (pdf) break;
  }
  if (unit->whole_sources.empty()) return false;
  ++seq_;
  return true;
}

bool UnitPlanner::FirstRange(std::uint32_t id, absl::StatusOr<std::shared_ptr<const io::FileData>> text,
                             std::uint64_t begin, std::uint64_t limit, WorkUnit* unit) {
  if (!text.ok()) {
    unit->source_id = id;
    unit->open_error = text.status();
    unit->last_of_source = true;
    ++seq_;
    return true;
  }
  open_file_ = std::move(*text);
  open_id_ = id;
  open_limit_ = limit;
  open_pos_ = std::min(begin, open_file_->size());
  open_newlines_ = 0;
  if (open_pos_ > 0 && corpus_.source(id).kind == corpus::SourceKind::kJsonl) {
    open_newlines_ = CountByte(open_file_->bytes().substr(0, open_pos_), '\n');
    open_file_->Release(0, open_pos_);  // read once, for line numbers only
  }
  return NextRange(unit);
}

bool UnitPlanner::NextRange(WorkUnit* unit) {
  const std::uint64_t size = open_file_->size();
  unit->source_id = open_id_;
  unit->file = open_file_;
  unit->begin = open_pos_;
  unit->end = std::min({size, open_pos_ + options_.chunk_bytes, open_limit_});
  unit->newlines_before = open_newlines_;
  unit->last_of_source = unit->end == size;
  if (corpus_.source(open_id_).kind == corpus::SourceKind::kJsonl) {
    open_newlines_ += CountByte(open_file_->bytes().substr(unit->begin, unit->end - unit->begin), '\n');
  }
  open_pos_ = unit->end;
  if (unit->last_of_source || unit->end == open_limit_) open_file_.reset();
  ++seq_;
  return true;
}

}  // namespace imr::split
