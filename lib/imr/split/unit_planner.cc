#include "imr/split/unit_planner.h"

#include <algorithm>

namespace imr::split {

UnitPlanner::UnitPlanner(const corpus::Corpus& corpus, const PlanOptions& options)
    : corpus_(corpus), options_(options) {
  options_.chunk_bytes = std::max<std::uint64_t>(options_.chunk_bytes, 1);
}

bool UnitPlanner::Next(WorkUnit* unit) {
  *unit = WorkUnit{};
  unit->seq = seq_;
  const auto& sources = corpus_.sources();

  if (open_file_ == nullptr) {
    // Group small files; stop at the first large one. A PDF, whatever its
    // size, is a unit of its own, opened and converted by the worker: its
    // conversion costs far more than its bytes suggest, and one per unit lets
    // every core convert one while the in-flight limit bounds their texts.
    std::uint64_t bytes = 0;
    while (next_source_ < sources.size()) {
      const corpus::Source& source = sources[next_source_];
      const bool pdf = source.kind == corpus::SourceKind::kPdf;
      if (!pdf && source.size > options_.chunk_bytes) break;
      if (!unit->whole_sources.empty() &&
          (pdf || bytes + source.size > options_.batch_bytes || unit->whole_sources.size() >= options_.batch_files)) {
        break;
      }
      bytes += source.size;
      unit->whole_sources.push_back(next_source_++);
      if (pdf) break;
    }
    if (!unit->whole_sources.empty()) {
      ++seq_;
      return true;
    }
    if (next_source_ >= sources.size()) return false;
    // A large source: open it here, cut it into ranges below.
    open_id_ = next_source_++;
    absl::StatusOr<std::shared_ptr<const io::FileData>> file = corpus_.Open(open_id_);
    if (!file.ok()) {
      unit->source_id = open_id_;
      unit->open_error = file.status();
      unit->last_of_source = true;
      ++seq_;
      return true;
    }
    open_file_ = std::move(*file);
    open_pos_ = 0;
    open_newlines_ = 0;
  }

  const std::uint64_t size = open_file_->size();
  unit->source_id = open_id_;
  unit->file = open_file_;
  unit->begin = open_pos_;
  unit->end = std::min(size, open_pos_ + options_.chunk_bytes);
  unit->newlines_before = open_newlines_;
  unit->last_of_source = unit->end == size;
  if (corpus_.sources()[open_id_].kind == corpus::SourceKind::kJsonl) {
    const char* p = open_file_->bytes().data();
    open_newlines_ += static_cast<std::uint64_t>(std::count(p + unit->begin, p + unit->end, '\n'));
  }
  open_pos_ = unit->end;
  if (unit->last_of_source) open_file_.reset();
  ++seq_;
  return true;
}

}  // namespace imr::split
