// File: apps/imr/store_flags.h
//
// The store flags of `imr stats` and `imr extract` (--db, --rebuild) and the
// store run they start (imr/store/store.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "flags.h"
#include "imr/stats/stats.h"
#include "imr/store/sqlite.h"
#include "input_flags.h"

namespace imr::cli {

struct StoreFlags {
  std::string db;
  bool rebuild = false;
  long long wait_seconds = 10;

  void Register(FlagParser* flags);
  // Usage errors of the store flags with `paths`; prints them.
  bool Check(const std::string& command, const std::vector<std::string>& paths) const;
  // Brings the store up to date with `paths` (none: reads it only), then
  // runs `read` on it when set (store::UpdateOptions::read), and returns the
  // statistics of every file in it; nullopt after printing why it failed.
  std::optional<stats::Stats> Update(const std::vector<std::string>& paths, const InputFlags& input,
                                     const jobs::RunOptions& options,
                                     std::function<absl::Status(store::Database&)> read = nullptr) const;
};

}  // namespace imr::cli
