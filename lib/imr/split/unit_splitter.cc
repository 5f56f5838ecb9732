#include "imr/split/unit_splitter.h"

#include <sys/stat.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "imr/base/text.h"
#include "imr/split/text_splitter.h"

namespace imr::split {
namespace {

// What a unit may have read before its begin (see Split).
constexpr std::uint64_t kReleaseLookBehind = kMaxDocumentBytes + (64u << 10);

// The room a JSON Lines record's text is first read into, before its line
// end is known (JsonlReader::ReadIndexed): a letter is a few kilobytes; a
// longer one is read again once its line is cut.
constexpr std::size_t kTextRoom = 16 * 1024;

}  // namespace

UnitSplitter::UnitSplitter(const corpus::Corpus& corpus, const BoundaryRule& rule, const std::string& text_field,
                           int slots)
    : corpus_(corpus), rule_(rule) {
  for (int i = 0; i < std::max(slots, 1); ++i) readers_.push_back(std::make_unique<JsonlReader>(text_field));
  openers_.resize(readers_.size());
}

void UnitSplitter::Split(const WorkUnit& unit, int slot, Batch* batch) {
  batch->seq = unit.seq;
  if (!unit.is_range()) {
    // The unit's small files share one buffer (their batch keeps it alive).
    io::ReadArena arena;
    for (const WholeSource& whole : unit.whole_sources) {
      if (whole.bytes == nullptr && whole.error.ok()) arena.Expect(corpus_.source(whole.id).size);
    }
    for (const WholeSource& whole : unit.whole_sources) {
      const std::uint32_t id = whole.id;
      std::string warning;  // a PDF read despite problems
      absl::StatusOr<std::shared_ptr<const io::FileData>> file =
          !whole.error.ok()        ? absl::StatusOr<std::shared_ptr<const io::FileData>>(whole.error)
          : whole.bytes != nullptr ? corpus_.Text(id, whole.bytes, &warning)
                                   : corpus_.Open(id, &warning, &openers_[slot], &arena);
      ++batch->files_done;
      if (id < corpus_.listed_count()) batch->input_bytes += corpus_.source(id).size;
      if (!warning.empty()) {
        absl::StrAppend(&batch->diagnostics, warning, "\n");
        ++batch->diagnostic_lines;
      }
      if (!file.ok()) {
        batch->errors.push_back({DocumentError::Kind::kFile, Position{id, 0, 0}, file.status()});
        continue;
      }
      batch->bytes_read += (*file)->size();
      SplitSource(id, **file, 0, (*file)->size(), 0, slot, batch);
      batch->finished.emplace_back(id, *file);
      batch->files.push_back(std::move(*file));
    }
    return;
  }
  if (unit.last_of_source) ++batch->files_done;
  const bool listed = unit.source_id < corpus_.listed_count();
  if (!unit.open_error.ok()) {
    if (listed) batch->input_bytes += corpus_.source(unit.source_id).size;
    batch->errors.push_back({DocumentError::Kind::kFile, Position{unit.source_id, 0, 0}, unit.open_error});
    return;
  }
  if (listed) batch->input_bytes += unit.end - unit.begin;
  batch->bytes_read += unit.end - unit.begin;
  SplitSource(unit.source_id, *unit.file, unit.begin, unit.end, unit.newlines_before, slot, batch);
  batch->files.push_back(unit.file);
  if (unit.last_of_source) batch->finished.emplace_back(unit.source_id, unit.file);
  batch->release_file = unit.file;
  // Release what splitting and extracting this unit read before its own range
  // too: the splitter looks up to kMaxDocumentBytes back for the letter that
  // covers the range's first bytes (JSON Lines read the byte before it), and
  // the kernel maps up to 64 KiB of cached pages around each fault. The units
  // there are already written, often released, so nothing else would drop
  // those pages again and resident memory would grow with the corpus (the
  // memory budget of scripts/budget.sh measured it). A page dropped while a
  // unit still in flight reads it is faulted back in from the page cache.
  batch->release_begin = unit.begin > kReleaseLookBehind ? unit.begin - kReleaseLookBehind : 0;
  batch->release_end = unit.end;
}

void UnitSplitter::ReportLostBytes(Batch* batch) const {
  for (const auto& [id, file] : batch->finished) {
    std::uint64_t lost = file->lost_from();
    if (lost == io::FileData::kNoLoss) continue;
    // lost_from() is the first missing page; the file's current size, when it
    // is smaller, is where the loss really begins.
    const std::string& path = corpus_.source(id).path;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) < lost) {
      lost = static_cast<std::uint64_t>(st.st_size);
    }
    batch->errors.push_back(
        {DocumentError::Kind::kFile, Position{id, lost, 0},
         absl::DataLossError(absl::StrCat(path, ":byte ", lost,
                                          ": the file shrank while it was being read (mapped); its bytes from here "
                                          "on were read as zeros (use --read-mode read for files that change)"))});
  }
}

void UnitSplitter::SplitSource(std::uint32_t source_id, const io::FileData& file, std::uint64_t begin,
                               std::uint64_t end, std::uint64_t newlines_before, int slot, Batch* batch) {
  if (corpus_.source(source_id).kind == corpus::SourceKind::kJsonl) {
    SplitJsonl(source_id, file, begin, end, newlines_before, slot, batch);
  } else {
    SplitRange(file.bytes(), begin, end, rule_, Position{source_id, 0, 0}, batch);
  }
}

void UnitSplitter::SplitJsonl(std::uint32_t source_id, const io::FileData& file, std::uint64_t begin, std::uint64_t end,
                              std::uint64_t newlines_before, int slot, Batch* batch) {
  const std::string_view bytes = file.bytes();
  std::uint64_t line_no = newlines_before + 1;  // the line that holds `begin`
  std::size_t pos = begin;
  if (pos > 0 && bytes[pos - 1] != '\n') {  // that line started in an earlier unit
    const std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos || nl + 1 >= end) return;
    pos = nl + 1;
    ++line_no;
  }
  JsonlReader& reader = *readers_[slot];
  for (; pos < end; ++line_no) {
    const std::size_t line_pos = pos;
    std::string_view text, id;
    const std::size_t first_doc = batch->documents.size();
    const Position in_text{source_id, 0, line_no};
    const TextIndex::Mark since = batch->index.Here();
    // The common record is read up to its line end, found as it is read;
    // the rest is cut at the line end first.
    std::size_t line_size = 0;
    bool indexed =
        reader.ReadIndexed(bytes.substr(pos), kTextRoom, &batch->arena, &batch->index, &text, &id, &line_size);
    if (indexed) {
      pos += line_size + 1;
    } else {
      std::size_t line_end = bytes.find('\n', pos);
      if (line_end == std::string_view::npos) line_end = bytes.size();
      std::string_view line = bytes.substr(pos, line_end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      pos = line_end + 1;
      if (TrimSpace(line).empty()) {
        if (!line.empty()) batch->skipped.push_back({Position{source_id, line_pos, line_no}, line.size(), 0});
        continue;
      }
      indexed = line.size() > kTextRoom &&
                reader.ReadIndexed(line, line.size(), &batch->arena, &batch->index, &text, &id, &line_size);
      if (!indexed) {
        absl::Status status = reader.Read(line, bytes.size() - line_pos + io::kReadPadding, &batch->arena, &text, &id);
        if (!status.ok()) {
          batch->errors.push_back(
              {DocumentError::Kind::kPart, Position{source_id, line_pos, line_no}, std::move(status)});
          continue;
        }
      }
    }
    if (indexed) {
      SplitIndexedText(text, since, rule_, in_text, batch);
    } else {
      SplitRange(text, 0, text.size(), rule_, in_text, batch);
    }
    for (std::size_t i = first_doc; i < batch->documents.size(); ++i) batch->documents[i].id = id;
  }
}

}  // namespace imr::split
