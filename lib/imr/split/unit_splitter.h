// File: imr/split/unit_splitter.h
//
// Turns one WorkUnit into a Batch of documents: opens whole small files, cuts
// text at letter starts (text_splitter.h), reads JSON Lines records in place
// (jsonl_reader.h) and splits each record's text the same way. Everything that
// cannot be read becomes a DocumentError or a SkippedRange in the batch; a
// unit never fails as a whole.
//
// Example:
//   UnitSplitter splitter(corpus, rule, "text", /*slots=*/threads);
//   splitter.Split(unit, slot, &batch);
//
// Thread-safety: Split() may run concurrently for distinct `slot` values
// (each slot owns a JSON parser and a file opener).
// Lifetime: corpus and rule must outlive the splitter.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "imr/corpus/corpus.h"
#include "imr/split/batch.h"
#include "imr/split/boundary_rule.h"
#include "imr/split/jsonl_reader.h"
#include "imr/split/unit_planner.h"

namespace imr::split {

class UnitSplitter {
 public:
  UnitSplitter(const corpus::Corpus& corpus, const BoundaryRule& rule, const std::string& text_field, int slots);

  void Split(const WorkUnit& unit, int slot, Batch* batch);

  // Adds a DocumentError of kind kFile for every finished source
  // of `batch` that shrank while it was mapped (io::FileData::lost_from):
  // "path:byte N: the file shrank while it was being read ...". Call it when
  // the batch is about to be written: by then every batch of its sources has
  // been split and processed, in corpus order.
  void ReportLostBytes(Batch* batch) const;

 private:
  void SplitSource(std::uint32_t source_id, const io::FileData& file, std::uint64_t begin, std::uint64_t end,
                   std::uint64_t newlines_before, int slot, Batch* batch);
  void SplitJsonl(std::uint32_t source_id, const io::FileData& file, std::uint64_t begin, std::uint64_t end,
                  std::uint64_t newlines_before, int slot, Batch* batch);

  const corpus::Corpus& corpus_;
  const BoundaryRule& rule_;
  std::vector<std::unique_ptr<JsonlReader>> readers_;
  std::vector<io::FileOpener> openers_;  // by slot, like readers_
};

}  // namespace imr::split
