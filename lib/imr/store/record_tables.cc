#include "imr/store/record_tables.h"

#include <array>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"
#include "imr/base/text.h"
#include "imr/output/letter_csv.h"
#include "imr/output/record_fields.h"

namespace imr::store {
namespace {

using output::Column;
using output::Field;
using output::Kind;

const output::RecordOptions kNoText{.include_text = false};

// The fields of a list field (`name`) of `fields`, as columns.
std::vector<Column> ListColumns(std::span<const Field> fields, std::string_view name) {
  std::vector<Column> out;
  for (const Field& f : fields) {
    if (f.name.name() != name) continue;
    for (const Field& child : f.children) out.push_back({std::string(child.name.name()), child.kind, child.get});
  }
  return out;
}

// A guideline block's citations: the "citations" list of either block's object.
const std::vector<Column>& CitationColumns() {
  static const std::vector<Column> columns = [] {
    for (const Field& f : output::kItemFields) {
      if (f.kind == Kind::kObject && !f.children.empty()) {
        std::vector<Column> c = ListColumns(f.children, "citations");
        if (!c.empty()) return c;
      }
    }
    return std::vector<Column>{};
  }();
  return columns;
}

const std::vector<Column>& WarningColumns() {
  static const std::vector<Column> columns = ListColumns(output::kLetterFields, "warnings");
  return columns;
}

constexpr std::pair<std::string_view, extract::Guideline extract::Item::*> kBlocks[] = {
    {"claims_administrator", &extract::Item::claims_administrator},
    {"maximus", &extract::Item::maximus},
};

std::string_view SqlType(Kind kind) { return kind == Kind::kInteger || kind == Kind::kBoolean ? "INTEGER" : "TEXT"; }

// The SQL columns of `columns`: each one, and after a text list its lines
// column (ListLinesColumn).
std::vector<std::pair<std::string, std::string_view>> SqlColumns(const std::vector<Column>& columns) {
  std::vector<std::pair<std::string, std::string_view>> out;
  for (const Column& c : columns) {
    out.emplace_back(c.name, SqlType(c.kind));
    if (c.kind == Kind::kTextList) out.emplace_back(ListLinesColumn(c.name), "TEXT");
  }
  return out;
}

// How many cells LetterRows keeps of a row of `columns`.
std::size_t CellCount(const std::vector<Column>& columns) {
  std::size_t n = columns.size();
  for (const Column& c : columns) n += c.kind == Kind::kTextList ? 1 : 0;
  return n;
}

std::string Declarations(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& [name, type] : SqlColumns(columns)) absl::StrAppend(&out, ",\n  \"", name, "\" ", ToAbsl(type));
  return out;
}

std::string Names(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& [name, type] : SqlColumns(columns)) absl::StrAppend(&out, ", \"", name, "\"");
  return out;
}

// The insert of `table`, its rows' parameters being the key columns `keys`
// (`key_count` of them), then the cells of `columns`.
MultiRowInsert InsertOf(std::string_view table, std::string_view keys, int key_count,
                        const std::vector<Column>& columns) {
  return MultiRowInsert(absl::StrCat("INSERT INTO ", ToAbsl(table), " (", ToAbsl(keys), Names(columns), ") VALUES "),
                        key_count + static_cast<int>(CellCount(columns)));
}

}  // namespace

// Appends the values of `columns` for `context`: text normalised as the
// record writes it, into text_; a text list is followed by its lines cell.
void LetterRows::Append(const std::vector<Column>& columns, const output::RecordContext& context) {
  for (const Column& c : columns) {
    const output::Value v = c.get(context);
    Cell cell;
    if (!v.present || c.kind == Kind::kObject || c.kind == Kind::kList) {
      cells_.push_back(cell);
      if (c.kind == Kind::kTextList) cells_.push_back(Cell());
      continue;
    }
    if (c.kind == Kind::kInteger || c.kind == Kind::kBoolean) {
      cell.type = Cell::Type::kInteger;
      cell.number = c.kind == Kind::kInteger ? v.number : (v.flag ? 1 : 0);
      cells_.push_back(cell);
      continue;
    }
    cell.type = Cell::Type::kText;
    cell.offset = text_.size();
    switch (c.kind) {
      case Kind::kString:
        text_.append(v.text);
        break;
      case Kind::kText:
        AppendNormalized(v.text, &text_);
        break;
      case Kind::kDate: {
        std::array<char, 10> iso;
        text_.append(extract::IsoDate(v.date, &iso));
        break;
      }
      default:  // kTextList
        AppendList(*v.list, &cell);
        continue;
    }
    cell.length = text_.size() - cell.offset;
    cells_.push_back(cell);
  }
}

// A text list joined with "; ", as the CSV writes it, begun at cell->offset;
// then its lines cell: null when splitting the joined form at each "; "
// gives the elements back, else the elements one per line (a normalised
// element holds no line break).
void LetterRows::AppendList(const std::vector<std::string_view>& list, Cell* cell) {
  bool splits_back = true;
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (k != 0) text_.append("; ");
    const std::size_t from = text_.size();
    AppendNormalized(list[k], &text_);
    const std::string_view element = std::string_view(text_).substr(from);
    splits_back = splits_back && !element.empty() && element.find("; ") == std::string_view::npos;
  }
  cell->length = text_.size() - cell->offset;
  cells_.push_back(*cell);
  Cell lines;
  if (!splits_back) {
    lines.type = Cell::Type::kText;
    lines.offset = text_.size();
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (k != 0) text_.push_back('\n');
      AppendNormalized(list[k], &text_);
    }
    lines.length = text_.size() - lines.offset;
  }
  cells_.push_back(lines);
}

void LetterRows::Read(const output::SourceRef& source, const extract::Letter& letter) {
  cells_.clear();
  text_.clear();
  output::RecordContext context{.source = &source, .letter = &letter, .options = &kNoText};
  Append(output::StoreLetterColumns(), context);
  for (const extract::Warning& w : letter.warnings) {
    context.warning = &w;
    Append(WarningColumns(), context);
  }
  for (std::size_t i = 0; i < letter.items.size(); ++i) {
    context.item = &letter.items[i];
    context.item_index = i;
    Append(output::StoreItemColumns(), context);
    for (const auto& [block, member] : kBlocks) {
      const extract::Guideline& g = letter.items[i].*member;
      context.guideline = &g;
      for (const extract::Citation& c : g.citations) {
        context.citation = &c;
        Append(CitationColumns(), context);
      }
    }
  }
}

// The text stays in `rows` until the statement has run, so SQLite does not
// copy it. A null is not bound: the statement's parameters are null after
// every run (Statement::Reset).
void LetterRows::Bind(std::size_t first, std::size_t count, int param, Statement* s) const {
  for (std::size_t k = 0; k < count; ++k) {
    const Cell& cell = cells_[first + k];
    const int i = param + static_cast<int>(k);
    switch (cell.type) {
      case Cell::Type::kNull:
        break;
      case Cell::Type::kInteger:
        s->BindInt(i, cell.number);
        break;
      case Cell::Type::kText:
        s->BindText(i, std::string_view(text_).substr(cell.offset, cell.length));
        break;
    }
  }
}

std::string ListLinesColumn(std::string_view name) { return absl::StrCat(ToAbsl(name), "_lines"); }

std::string RecordTablesCreate() {
  return absl::StrCat(
      "CREATE TABLE letters (\n  letter_id INTEGER PRIMARY KEY,\n  file_id INTEGER NOT NULL",
      Declarations(output::StoreLetterColumns()),
      ");\nCREATE TABLE items (\n  item_id INTEGER PRIMARY KEY,\n  letter_id INTEGER NOT NULL",
      Declarations(output::StoreItemColumns()),
      ");\nCREATE TABLE citations (\n  item_id INTEGER NOT NULL,\n  block TEXT NOT NULL,\n  citation_index INTEGER "
      "NOT NULL",
      Declarations(CitationColumns()),
      ");\nCREATE TABLE warnings (\n  letter_id INTEGER NOT NULL,\n  warning_index INTEGER NOT NULL",
      Declarations(WarningColumns()), ");\n");
}

std::string RecordTablesIndexes() {
  return "CREATE INDEX IF NOT EXISTS letters_file ON letters(file_id);\n"
         "CREATE INDEX IF NOT EXISTS letters_case_number ON letters(case_number);\n"
         "CREATE INDEX IF NOT EXISTS letters_decision_date ON letters(decision_date);\n"
         "CREATE INDEX IF NOT EXISTS items_letter ON items(letter_id);\n"
         "CREATE INDEX IF NOT EXISTS items_category ON items(category);\n"
         "CREATE INDEX IF NOT EXISTS items_outcome ON items(outcome);\n"
         "CREATE INDEX IF NOT EXISTS citations_item ON citations(item_id);\n"
         "CREATE INDEX IF NOT EXISTS warnings_letter ON warnings(letter_id);\n";
}

std::string RecordTablesSchema() { return RecordTablesCreate() + RecordTablesIndexes(); }

absl::StatusOr<RecordTables> RecordTables::Prepare(Database& db) {
  RecordTables tables(db, {InsertOf("letters", "letter_id, file_id", 2, output::StoreLetterColumns()), 2, {}},
                      {InsertOf("items", "item_id, letter_id", 2, output::StoreItemColumns()), 2, {}},
                      {InsertOf("citations", "item_id, block, citation_index", 3, CitationColumns()), 3, {}},
                      {InsertOf("warnings", "letter_id, warning_index", 2, WarningColumns()), 2, {}});
  for (auto [table, next] : {std::pair{"letters", &tables.next_letter_}, std::pair{"items", &tables.next_item_}}) {
    IMR_ASSIGN_OR_RETURN(Statement last,
                         db.Prepare(absl::StrCat("SELECT max(rowid) FROM ", ToAbsl(std::string_view(table)))));
    IMR_ASSIGN_OR_RETURN(bool row, last.Step());
    if (row) *next = last.ColumnInt(0) + 1;
  }
  constexpr std::string_view kLettersOf = "SELECT letter_id FROM letters WHERE file_id = ?1";
  for (const std::string& sql :
       {absl::StrCat("DELETE FROM citations WHERE item_id IN (SELECT item_id FROM items WHERE letter_id IN (",
                     ToAbsl(kLettersOf), "))"),
        absl::StrCat("DELETE FROM items WHERE letter_id IN (", ToAbsl(kLettersOf), ")"),
        absl::StrCat("DELETE FROM warnings WHERE letter_id IN (", ToAbsl(kLettersOf), ")"),
        std::string("DELETE FROM letters WHERE file_id = ?1")}) {
    IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
    tables.deletes_.push_back(std::move(s));
  }
  return tables;
}

void RecordTables::Add(std::int64_t file_id, const extract::Letter& letter, const LetterRows& rows) {
  const std::int64_t letter_id = next_letter_++;
  std::size_t next = 0;
  static const std::size_t letter_cells = CellCount(output::StoreLetterColumns());
  static const std::size_t item_cells = CellCount(output::StoreItemColumns());
  static const std::size_t warning_cells = CellCount(WarningColumns());
  static const std::size_t citation_cells = CellCount(CitationColumns());
  auto queue = [&](Table& table, std::array<std::int64_t, 3> keys, std::size_t count, std::string_view block = {}) {
    table.queue.push_back({keys, block, &rows, next, count});
    next += count;
  };
  queue(letters_, {letter_id, file_id}, letter_cells);
  for (std::size_t w = 0; w < letter.warnings.size(); ++w) {
    queue(warnings_, {letter_id, static_cast<std::int64_t>(w)}, warning_cells);
  }
  for (std::size_t i = 0; i < letter.items.size(); ++i) {
    const std::int64_t item_id = next_item_++;
    queue(items_, {item_id, letter_id}, item_cells);
    for (const auto& [block, member] : kBlocks) {
      const extract::Guideline& g = letter.items[i].*member;
      for (std::size_t k = 0; k < g.citations.size(); ++k) {
        queue(citations_, {item_id, 0, static_cast<std::int64_t>(k)}, citation_cells, block);
      }
    }
  }
}

absl::Status RecordTables::Flush() {
  for (Table* table : {&letters_, &warnings_, &items_, &citations_}) IMR_RETURN_IF_ERROR(Write(*table));
  return absl::OkStatus();
}

absl::Status RecordTables::Write(Table& table) {
  IMR_RETURN_IF_ERROR(table.insert.Run(*db_, table.queue.size(), [&](std::size_t r, int param, Statement& s) {
    const QueuedRow& row = table.queue[r];
    if (!row.block.empty()) {  // a citation: item_id, block, citation_index
      s.BindInt(param, row.keys[0]);
      s.BindText(param + 1, row.block);
      s.BindInt(param + 2, row.keys[2]);
    } else {
      for (int k = 0; k < table.keys; ++k) s.BindInt(param + k, row.keys[k]);
    }
    row.rows->Bind(row.first, row.count, param + table.keys, &s);
  }));
  table.queue.clear();
  return absl::OkStatus();
}

absl::Status RecordTables::DeleteFile(std::int64_t file_id) {
  for (Statement& s : deletes_) {
    s.BindInt(1, file_id);
    IMR_RETURN_IF_ERROR(s.Run());
  }
  return absl::OkStatus();
}

}  // namespace imr::store
