#include "imr/split/unit_planner.h"

#include <algorithm>

namespace imr::split {

UnitPlanner::UnitPlanner(const corpus::Corpus& corpus, const PlanOptions& options)
    : corpus_(corpus), options_(options) {
  options_.chunk_bytes = std::max<std::uint64_t>(options_.chunk_bytes, 1);
  next_source_ = options_.span.begin.source;
}

bool UnitPlanner::Next(WorkUnit* unit) {
  *unit = WorkUnit{};
  unit->seq = seq_;
  const auto& sources = corpus_.sources();

  if (open_file_ == nullptr) {
    const CorpusSpan& span = options_.span;
    if (!(span.begin < span.end)) return false;  // an empty shard
    // Sources before this one are the span's whole; the span may end inside it.
    const std::size_t whole_end = std::min<std::size_t>(sources.size(), span.end.source);
    // Group small files; stop at the first large one.
    std::uint64_t bytes = 0;
    while (next_source_ < whole_end && sources[next_source_].size <= options_.chunk_bytes) {
      if (!unit->whole_sources.empty() && (bytes + sources[next_source_].size > options_.batch_bytes ||
                                           unit->whole_sources.size() >= options_.batch_files)) {
        break;
      }
      bytes += sources[next_source_].size;
      unit->whole_sources.push_back(next_source_++);
    }
    if (!unit->whole_sources.empty()) {
      ++seq_;
      return true;
    }
    const bool ends_inside = span.end.offset > 0 && next_source_ == span.end.source;
    if (next_source_ >= sources.size() || (next_source_ >= whole_end && !ends_inside)) return false;
    // A large source: open it here, cut it into ranges below.
    open_id_ = next_source_++;
    open_limit_ = ends_inside ? span.end.offset : UINT64_MAX;
    absl::StatusOr<std::shared_ptr<const io::FileData>> file = corpus_.Open(open_id_);
    if (!file.ok()) {
      // Reported once, by the span that holds the source's end.
      if (ends_inside) return false;
      unit->source_id = open_id_;
      unit->open_error = file.status();
      unit->last_of_source = true;
      ++seq_;
      return true;
    }
    open_file_ = std::move(*file);
    open_pos_ = open_id_ == span.begin.source ? std::min(span.begin.offset, open_file_->size()) : 0;
    open_newlines_ = 0;
    if (open_pos_ > 0 && sources[open_id_].kind == corpus::SourceKind::kJsonl) {
      const char* p = open_file_->bytes().data();
      open_newlines_ = static_cast<std::uint64_t>(std::count(p, p + open_pos_, '\n'));
      open_file_->Release(0, open_pos_);  // read once, for line numbers only
    }
  }

  const std::uint64_t size = open_file_->size();
  unit->source_id = open_id_;
  unit->file = open_file_;
  unit->begin = open_pos_;
  unit->end = std::min({size, open_pos_ + options_.chunk_bytes, open_limit_});
  unit->newlines_before = open_newlines_;
  unit->last_of_source = unit->end == size;
  if (corpus_.sources()[open_id_].kind == corpus::SourceKind::kJsonl) {
    const char* p = open_file_->bytes().data();
    open_newlines_ += static_cast<std::uint64_t>(std::count(p + unit->begin, p + unit->end, '\n'));
  }
  open_pos_ = unit->end;
  if (unit->last_of_source || unit->end == open_limit_) open_file_.reset();
  ++seq_;
  return true;
}

}  // namespace imr::split
