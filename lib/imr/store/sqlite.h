// File: imr/store/sqlite.h
//
// The few SQLite calls the store makes, as owners that close what they open
// and errors as absl::Status naming the database file. SQLite's own result
// codes map to: SQLITE_BUSY/LOCKED -> Unavailable (another run holds the
// store), SQLITE_FULL/IOERR -> ResourceExhausted / DataLoss (disk full, I/O),
// SQLITE_NOTADB/CORRUPT -> DataLoss (not a database, or damaged), everything
// else -> Internal.
//
// Example:
//   IMR_ASSIGN_OR_RETURN(Database db, Database::Open("a.sqlite", /*create=*/true));
//   IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare("INSERT INTO t VALUES (?1)"));
//   s.BindInt(1, 7);
//   IMR_RETURN_IF_ERROR(s.Run());
//
// Thread-safety: none; one thread uses a Database and its statements.
// Lifetime: statements must be destroyed before their Database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;
struct sqlite3_stmt;

namespace imr::store {

class Statement;

class Database {
 public:
  // Opens `path` read-write; with `create`, creates it when missing.
  static absl::StatusOr<Database> Open(const std::string& path, bool create);
  Database(Database&& o) noexcept;
  Database& operator=(Database&& o) noexcept;
  ~Database();

  // Runs one or more statements without results.
  absl::Status Exec(std::string_view sql);
  absl::StatusOr<Statement> Prepare(std::string_view sql);
  // The status of SQLite's last error, for result code `rc`, prefixed by `what`.
  absl::Status Error(int rc, std::string_view what) const;
  std::int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement() = default;  // none yet: assign a prepared one before use
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  ~Statement();

  // Parameters count from 1, as in SQLite.
  void BindNull(int i);
  void BindInt(int i, std::int64_t v);
  // The text is not copied: it must stay valid until the statement is
  // stepped to the end or reset (Run() does both).
  void BindText(int i, std::string_view v);
  // Steps once: true when a row is ready to read, false when done.
  absl::StatusOr<bool> Step();
  // Steps to the end (a statement without results) and resets for reuse.
  absl::Status Run();
  // Back to the start, every parameter null again.
  void Reset();
  bool prepared() const { return stmt_ != nullptr; }

  // The result's columns, as the query names them (valid once prepared).
  int ColumnCount() const;
  std::string_view ColumnName(int i) const;
  std::int64_t ColumnInt(int i) const;
  bool ColumnIsNull(int i) const;
  // Valid until the next Step/Reset.
  std::string_view ColumnText(int i) const;

 private:
  friend class Database;
  Statement(const Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  const Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace imr::store
