// File: imr/gen/gen.h
//
// `imr gen`: writes a synthetic corpus of N letters (letter_gen.h) as one
// file per letter in nested folders, as large files of concatenated letters,
// or as JSON Lines, and optionally the truth: the record `imr extract` should
// write for every letter, in corpus order. The bytes depend only on the seed,
// the options and the vocabulary, never on the thread count: each letter has
// its own random stream, letters are made in parallel blocks and written in
// order.
//
// Layout of the output (OUT is GenOptions::out):
//   dir     OUT/DDD/DDD/NNNNNNNNN.txt, the letter index in nine digits (1,000
//           files per folder, 1,000 folders per folder)
//   concat  OUT/letters-FFFFF.txt, `per_file` letters each, separated by
//           nothing, a newline, blank lines or a form feed (sometimes mid-line)
//   jsonl   OUT/letters-FFFFF.jsonl, `per_file` lines {"id": "L000000042",
//           "text": ...}
// Truth records name their letter exactly as `imr extract OUT` does:
// source.path (OUT joined as the directory walk joins it), source.offset
// (byte of the letter's first line; in JSON Lines, inside "text"), and for
// JSON Lines source.line and source.id.
//
// Truth conventions: the truth is what the extractor (imr/extract) reads
// from the letter as written, so where the extractor canonicalises, so does
// the truth:
//   citations, "Decision based on MTUS ...": source MTUS; part the canonical
//     2016 MTUS part whatever the letter names ("Chronic Pain Treatment
//     Guidelines" -> "Chronic Pain Medical Treatment", "Opioids" -> "Opioid
//     Treatment", "ACOEM Chapter 12 Low Back Complaints" -> "Low Back
//     Complaints"; ACOEM chapters 1-7 -> "General Approaches" with the
//     chapter's name as the first section); year the edition written after
//     the part (2016 layout) else 0; sections the "Section(s):" text (2016)
//     or the topic before "Page(s):" (2014); pages the "Page(s):" list split
//     at commas. Two parts cited in a row are always different parts (the
//     same part twice reads as one citation).
//   citations, "Decision based on Non-MTUS Citation ...": ODG ("Official
//     Disability Guidelines[ (ODG)], <chapter> Chapter, <topic>."): part the
//     chapter of odg.tsv, sections [topic]; ACOEM (text starting "ACOEM") and
//     other (UpToDate, URLs, "Gym memberships (http://...odgtwc...)"): part
//     the text without its final period. Flag-only statements ("did not cite
//     any medical evidence", "No guidelines found") add no citation.
//   quantity/unit, from the disputed service: "#N"/"quantity N": N tablets
//     (strength in mg/mcg), patches (a patch), else no unit; otherwise an
//     amount glued to ml/gm in a strength ("180gm": 180 grams); otherwise the
//     template's {N} in services.tsv's unit (visits, sessions, refills,
//     months, weeks, days, hours, injections, ...); {TIMES} "A times a week
//     for B weeks" is A*B sessions.
//   body_region: extraction's reading (extract::BodyRegionIn, its table made
//     from regions.tsv): the first region the service names, canonical
//     ("right knee" -> knee, "Lumbar laminectomy" -> lumbar spine).
//   category/drug_class: services.tsv's category, and the drug's class
//     (drugs.tsv) unless the service names its own (a compound cream is
//     topical_compounded); data/taxonomy.tsv must agree (imr eval checks).
//
// Example:
//   IMR_ASSIGN_OR_RETURN(Vocab vocab, DefaultVocab());
//   IMR_ASSIGN_OR_RETURN(GenStats s, GenerateCorpus(vocab, {.letters = 1000, .out = "corpus"}));
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/vocab.h"

namespace imr::gen {

enum class Format { kDir, kConcat, kJsonl };

struct GenOptions {
  std::uint64_t letters = 1000;
  std::uint64_t seed = 1;
  std::string out;  // folder, created if missing
  bool layout_2014 = true;
  bool layout_2016 = true;
  Format format = Format::kDir;
  std::string truth_path;          // empty: no truth file
  std::uint64_t per_file = 10000;  // letters per file (concat, jsonl)
  int threads = 0;                 // 0: every core
};

struct GenStats {
  std::uint64_t letters = 0, items = 0, files = 0, bytes = 0;  // bytes of letters written
  std::uint64_t items_upheld = 0, letters_2014 = 0, single_item_letters = 0, partial_items = 0;
};

// Errors: InvalidArgument (options), and the errno-derived codes of creating
// folders and writing files (PermissionDenied, NotFound, DataLoss when a
// write falls short).
absl::StatusOr<GenStats> GenerateCorpus(const Vocab& vocab, const GenOptions& options);

}  // namespace imr::gen
