// File: apps/imr/taxonomy_flag.h
//
// The --taxonomy FILE flag of the commands that classify items (extract,
// stats): registers it, loads the file, and points jobs::RunOptions at it.
// Without the flag the built-in taxonomy (data/taxonomy.tsv at build time)
// is used.
//
// Example:
//   TaxonomyFlag taxonomy;
//   taxonomy.Register(&flags);
//   ... flags.Parse(...) ...
//   if (!taxonomy.Load(&options)) return kExitUsage;   // error already printed
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "flags.h"
#include "imr/jobs/jobs.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::cli {

class TaxonomyFlag {
 public:
  void Register(FlagParser* flags) {
    flags->String("taxonomy", &path_, "FILE",
                  "classify items with the rules in FILE (format: see data/taxonomy.tsv)\n"
                  "instead of the built-in ones");
  }

  // Loads the file when one was given and sets options->taxonomy; false
  // (after printing "imr: FILE:LINE: ...") when it cannot be read or parsed.
  // Lifetime: this object must outlive the run that uses `options`.
  bool Load(jobs::RunOptions* options) {
    if (path_.empty()) return true;
    absl::StatusOr<taxonomy::Taxonomy> t = taxonomy::Taxonomy::FromFile(path_);
    if (!t.ok()) {
      std::fprintf(stderr, "imr: %s\n", std::string(t.status().message()).c_str());
      return false;
    }
    loaded_.emplace(std::move(*t));
    options->taxonomy = &*loaded_;
    return true;
  }

 private:
  std::string path_;
  std::optional<taxonomy::Taxonomy> loaded_;
};

}  // namespace imr::cli
