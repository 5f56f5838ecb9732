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

// "INSERT INTO table (fixed..., columns...) VALUES (?1, ?2, ...)".
std::string InsertSql(std::string_view table, std::string_view fixed, int fixed_count,
                      const std::vector<Column>& columns) {
  std::string sql = absl::StrCat("INSERT INTO ", ToAbsl(table), " (", ToAbsl(fixed), Names(columns), ") VALUES (");
  const int n = fixed_count + static_cast<int>(CellCount(columns));
  for (int i = 1; i <= n; ++i) absl::StrAppend(&sql, i == 1 ? "?" : ", ?", i);
  return sql + ")";
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

// Binds the next `count` cells of `rows` from parameter `first` on; the text
// stays in `rows` until the statement has run, so SQLite does not copy it.
void LetterRows::Bind(std::size_t count, int first, std::size_t* next, Statement* s) const {
  for (std::size_t k = 0; k < count; ++k) {
    const Cell& cell = cells_[(*next)++];
    const int i = first + static_cast<int>(k);
    switch (cell.type) {
      case Cell::Type::kNull:
        s->BindNull(i);
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

RecordTables::RecordTables(Statement letter, Statement item, Statement citation, Statement warning,
                           Statement delete_citations, Statement delete_items, Statement delete_warnings,
                           Statement delete_letters)
    : letter_(std::move(letter)),
      item_(std::move(item)),
      citation_(std::move(citation)),
      warning_(std::move(warning)),
      delete_citations_(std::move(delete_citations)),
      delete_items_(std::move(delete_items)),
      delete_warnings_(std::move(delete_warnings)),
      delete_letters_(std::move(delete_letters)) {}

absl::StatusOr<RecordTables> RecordTables::Prepare(Database& db) {
  IMR_ASSIGN_OR_RETURN(Statement letter, db.Prepare(InsertSql("letters", "file_id", 1, output::StoreLetterColumns())));
  IMR_ASSIGN_OR_RETURN(Statement item, db.Prepare(InsertSql("items", "letter_id", 1, output::StoreItemColumns())));
  IMR_ASSIGN_OR_RETURN(Statement citation,
                       db.Prepare(InsertSql("citations", "item_id, block, citation_index", 3, CitationColumns())));
  IMR_ASSIGN_OR_RETURN(Statement warning,
                       db.Prepare(InsertSql("warnings", "letter_id, warning_index", 2, WarningColumns())));
  constexpr std::string_view kLettersOf = "SELECT letter_id FROM letters WHERE file_id = ?1";
  IMR_ASSIGN_OR_RETURN(
      Statement delete_citations,
      db.Prepare(absl::StrCat("DELETE FROM citations WHERE item_id IN (SELECT item_id FROM items WHERE letter_id IN (",
                              ToAbsl(kLettersOf), "))")));
  IMR_ASSIGN_OR_RETURN(Statement delete_items,
                       db.Prepare(absl::StrCat("DELETE FROM items WHERE letter_id IN (", ToAbsl(kLettersOf), ")")));
  IMR_ASSIGN_OR_RETURN(Statement delete_warnings,
                       db.Prepare(absl::StrCat("DELETE FROM warnings WHERE letter_id IN (", ToAbsl(kLettersOf), ")")));
  IMR_ASSIGN_OR_RETURN(Statement delete_letters, db.Prepare("DELETE FROM letters WHERE file_id = ?1"));
  RecordTables tables(std::move(letter), std::move(item), std::move(citation), std::move(warning),
                      std::move(delete_citations), std::move(delete_items), std::move(delete_warnings),
                      std::move(delete_letters));
  tables.db_ = &db;
  return tables;
}

absl::Status RecordTables::Insert(std::int64_t file_id, const extract::Letter& letter, const LetterRows& rows) {
  std::size_t next = 0;
  letter_.BindInt(1, file_id);
  static const std::size_t letter_cells = CellCount(output::StoreLetterColumns());
  static const std::size_t item_cells = CellCount(output::StoreItemColumns());
  static const std::size_t warning_cells = CellCount(WarningColumns());
  static const std::size_t citation_cells = CellCount(CitationColumns());
  rows.Bind(letter_cells, 2, &next, &letter_);
  IMR_RETURN_IF_ERROR(letter_.Run());
  const std::int64_t letter_id = db_->last_insert_rowid();
  for (std::size_t w = 0; w < letter.warnings.size(); ++w) {
    warning_.BindInt(1, letter_id);
    warning_.BindInt(2, static_cast<std::int64_t>(w));
    rows.Bind(warning_cells, 3, &next, &warning_);
    IMR_RETURN_IF_ERROR(warning_.Run());
  }
  for (std::size_t i = 0; i < letter.items.size(); ++i) {
    item_.BindInt(1, letter_id);
    rows.Bind(item_cells, 2, &next, &item_);
    IMR_RETURN_IF_ERROR(item_.Run());
    const std::int64_t item_id = db_->last_insert_rowid();
    for (const auto& [block, member] : kBlocks) {
      const extract::Guideline& g = letter.items[i].*member;
      for (std::size_t k = 0; k < g.citations.size(); ++k) {
        citation_.BindInt(1, item_id);
        citation_.BindText(2, block);
        citation_.BindInt(3, static_cast<std::int64_t>(k));
        rows.Bind(citation_cells, 4, &next, &citation_);
        IMR_RETURN_IF_ERROR(citation_.Run());
      }
    }
  }
  return absl::OkStatus();
}

absl::Status RecordTables::DeleteFile(std::int64_t file_id) {
  for (Statement* s : {&delete_citations_, &delete_items_, &delete_warnings_, &delete_letters_}) {
    s->BindInt(1, file_id);
    IMR_RETURN_IF_ERROR(s->Run());
  }
  return absl::OkStatus();
}

}  // namespace imr::store
