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
//   IMR_RETURN_IF_ERROR(tables.Insert(file_id, letter, rows));
//
// Thread-safety: none. Lifetime: must not outlive the Database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "imr/extract/letter.h"
#include "imr/output/letter_csv.h"
#include "imr/output/letter_json.h"
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
// run on any thread); RecordTables::Insert binds them.
// Lifetime: Insert's statements view the text; keep the rows until it returns.
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
  void Bind(std::size_t count, int first, std::size_t* next, Statement* s) const;

  std::vector<Cell> cells_;  // the letter's, each warning's, each item's then its citations'
  std::string text_;
};

class RecordTables {
 public:
  // Errors: as Database::Prepare.
  static absl::StatusOr<RecordTables> Prepare(Database& db);
  // Inserts the rows of one letter of file `file_id`, `rows` read from it.
  // Errors: as Statement::Run (a full disk, I/O).
  absl::Status Insert(std::int64_t file_id, const extract::Letter& letter, const LetterRows& rows);
  // Deletes the rows of every letter of file `file_id`.
  absl::Status DeleteFile(std::int64_t file_id);

 private:
  RecordTables(Statement letter, Statement item, Statement citation, Statement warning, Statement delete_citations,
               Statement delete_items, Statement delete_warnings, Statement delete_letters);
  Statement letter_, item_, citation_, warning_;
  Statement delete_citations_, delete_items_, delete_warnings_, delete_letters_;
  Database* db_ = nullptr;
};

}  // namespace imr::store
