#include "store_flags.h"

#include <cstdio>
#include <utility>

#include "commands.h"
#include "imr/store/store.h"

namespace imr::cli {

void StoreFlags::Register(FlagParser* f) {
  f->String("db", &db, "FILE",
            "keep a SQLite store in FILE: read only the files that are new or\n"
            "changed since the last run, drop the files that disappeared under\n"
            "the PATHs, then print as usual; without PATHs, print from the store");
  f->Bool("rebuild", &rebuild, "with --db: empty the store first and read every file again");
  f->Int("db-wait", &wait_seconds, 0, "SECONDS",
         "with --db: how long to wait for another run using the store\n"
         "before failing (default 10)");
}

bool StoreFlags::Check(const std::string& command, const std::vector<std::string>& paths) const {
  if (rebuild && db.empty()) {
    UsageError(command, "--rebuild needs --db");
    return false;
  }
  if (paths.empty() && db.empty()) {
    UsageError(command, "no PATH given (use - for standard input)");
    return false;
  }
  return true;
}

std::optional<stats::Stats> StoreFlags::Update(const std::vector<std::string>& paths, const InputFlags& input,
                                               const jobs::RunOptions& options,
                                               std::function<absl::Status(store::Database&)> read) const {
  store::UpdateOptions o;
  o.run = options;
  o.corpus = input.CorpusOptions();
  o.rebuild = rebuild;
  o.busy_timeout_ms = static_cast<int>(wait_seconds * 1000);
  o.read = std::move(read);
  absl::StatusOr<stats::Stats> s = store::UpdateStore(db, paths, o, stderr);
  if (!s.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(s.status().message()).c_str());
    return std::nullopt;
  }
  return *std::move(s);
}

}  // namespace imr::cli
