// File: imr/store/record_tables.h
//
// The `imr extract` record as relational tables. Their columns are not
// listed here: they are the record's own fields (output/record_fields.h), as
// the CSV flattens them without text (output/letter_csv.h), so a field added
// to the record becomes a column of the store too:
//   letters   (letter_id, file_id, <the CSV's letter columns>)
//   items     (item_id, letter_id, <the CSV's item columns>)
//   citations (item_id, block, citation_index, <the citation fields>)
//   warnings  (letter_id, warning_index, <the warning fields>)
// Long text (rationale, guideline blocks) is stored as {offset, length} in
// the source file, as `--no-text` writes it, to keep the store small. The
// tables hold every value of the `--no-text` JSON record (record_reader.h
// prints it back): the CSV's columns, the cells only the store keeps
// (guideline text spans), and beside each text list its lines column.
//
// Example:
//   IMR_RETURN_IF_ERROR(db.Exec(RecordTablesSchema()));
//   IMR_ASSIGN_OR_RETURN(RecordTables tables, RecordTables::Prepare(db));
//   LetterRows rows;
//   rows.Read(source, letter);                   // any thread
//   tables.Add(file_id, letter, rows);
//   IMR_RETURN_IF_ERROR(tables.Flush());         // before `rows` goes
//
// Thread-safety: none. Lifetime: must not outlive the Database.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "imr/extract/letter.h"
#include "imr/output/letter_csv.h"
#include "imr/output/letter_json.h"
#include "imr/store/multi_row_insert.h"
#include "imr/store/sqlite.h"

namespace imr::store {

// CREATE TABLE statements.
std::string RecordTablesCreate();
// The column beside a text-list column `name` (joined with "; ", as the CSV
// joins it): null when splitting the joined text at each "; " gives the
// elements back, else (an element empty or holding "; ") the elements one
// per line.
std::string ListLinesColumn(std::string_view name);
// CREATE INDEX IF NOT EXISTS statements: on case number, decision date,
// category and outcome, and the keys that tie the tables together. A new
// store creates them after its first run's rows, which is faster than
// keeping them up to date row by row.
std::string RecordTablesIndexes();
// Both: the schema a store of this version has.
std::string RecordTablesSchema();

class RecordTables;

// The values of one letter's rows, computed away from the writer (Read may
// run on any thread); RecordTables binds them.
// Lifetime: RecordTables' statements view the text; keep the rows until
// RecordTables::Flush returns.
class LetterRows {
 public:
  void Read(const output::SourceRef& source, const extract::Letter& letter);

 private:
  friend class RecordTables;
  struct Cell {
    enum class Type : std::uint8_t { kNull, kInteger, kText };
    Type type = Type::kNull;
    std::int64_t number = 0;
    std::size_t offset = 0, length = 0;  // in text_
  };
  void Append(const std::vector<output::Column>& columns, const output::RecordContext& context);
  void AppendList(const std::vector<std::string_view>& list, Cell* cell);
  // Binds cells [first, first + count) to parameters `param` on.
  void Bind(std::size_t first, std::size_t count, int param, Statement* s) const;

  std::vector<Cell> cells_;  // the letter's, each warning's, each item's then its citations'
  std::string text_;
};

class RecordTables {
 public:
  // Errors: as Database::Prepare.
  static absl::StatusOr<RecordTables> Prepare(Database& db);
  // Queues the rows of one letter of file `file_id`, `rows` read from it.
  // Lifetime: `rows` must stay until the next Flush returns.
  void Add(std::int64_t file_id, const extract::Letter& letter, const LetterRows& rows);
  // Writes the rows queued, many to a statement (multi_row_insert.h).
  // Errors: as Statement::Run (a full disk, I/O).
  absl::Status Flush();
  // Deletes the rows of every letter of file `file_id`.
  absl::Status DeleteFile(std::int64_t file_id);

 private:
  // One row's parameters: the keys that tie it to the other tables, then
  // `count` cells of a LetterRows.
  struct QueuedRow {
    std::array<std::int64_t, 3> keys{};
    std::string_view block;  // a citation's
    const LetterRows* rows = nullptr;
    std::size_t first = 0, count = 0;
  };
  struct Table {
    MultiRowInsert insert;
    int keys = 0;  // key parameters before the cells (a citation's block among them)
    std::vector<QueuedRow> queue;
  };

  RecordTables(Database& db, Table letters, Table items, Table citations, Table warnings)
      : db_(&db),
        letters_(std::move(letters)),
        items_(std::move(items)),
        citations_(std::move(citations)),
        warnings_(std::move(warnings)) {}
  absl::Status Write(Table& table);

  Database* db_ = nullptr;
  Table letters_, items_, citations_, warnings_;
  // The ids the next letter and item get: the rows' keys are known before
  // they are written, so rows of different letters share a statement.
  std::int64_t next_letter_ = 1, next_item_ = 1;
  std::vector<Statement> deletes_;  // citations, items, warnings, letters
};

}  // namespace imr::store
