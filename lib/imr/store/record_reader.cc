#include "imr/store/record_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"
#include "imr/output/csv_row.h"
#include "imr/output/json_cursor.h"
#include "imr/output/letter_csv.h"
#include "imr/output/record_fields.h"
#include "imr/store/record_tables.h"

namespace imr::store {
namespace {

using output::Field;
using output::Kind;

enum Table : std::uint8_t { kLetters, kItems, kWarnings, kCitations, kTableCount };

// Each table's rows of one file, letter, or item and guideline block, in the
// order they were stored (the record's order).
constexpr std::string_view kQueries[kTableCount] = {
    "SELECT * FROM letters WHERE file_id = ?1 ORDER BY letter_id",
    "SELECT * FROM items WHERE letter_id = ?1 ORDER BY item_id",
    "SELECT * FROM warnings WHERE letter_id = ?1 ORDER BY warning_index",
    "SELECT * FROM citations WHERE item_id = ?1 AND block = ?2 ORDER BY citation_index",
};

// The record's lists and the tables that hold their elements.
constexpr std::pair<std::string_view, Table> kListTables[] = {
    {"items", kItems}, {"warnings", kWarnings}, {"citations", kCitations}};

// One statement per table; while a record is written, each is at the row of
// the letter, item, warning or citation being written.
class Tables {
 public:
  static absl::StatusOr<Tables> Prepare(Database& db) {
    Tables tables;
    for (std::string_view sql : kQueries) {
      IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
      absl::flat_hash_map<std::string, int> columns;
      for (int i = 0; i < s.ColumnCount(); ++i) columns.emplace(s.ColumnName(i), i);
      tables.statements_.push_back(std::move(s));
      tables.columns_.push_back(std::move(columns));
    }
    return tables;
  }

  Statement& operator[](Table t) { return statements_[t]; }

  // The column of `t` named `name`. Internal: none (the record has a field
  // the store does not keep).
  absl::StatusOr<int> Column(Table t, std::string_view name) const {
    auto it = columns_[t].find(std::string(name));
    if (it == columns_[t].end()) {
      return absl::InternalError(absl::StrCat("the store has no column ", ToAbsl(name), " for the record"));
    }
    return it->second;
  }

 private:
  Tables() = default;
  std::vector<Statement> statements_;
  std::vector<absl::flat_hash_map<std::string, int>> columns_;
};

// A field of the JSON record and where the store keeps its value.
struct Node {
  const Field* field = nullptr;
  Table table = kLetters;      // the table whose row holds it
  int column = -1;             // a scalar's
  int lines = -1;              // a text list's lines column (ListLinesColumn)
  std::vector<Node> children;  // an object's fields, or a list element's
  std::vector<int> columns;    // an object's scalars, nested ones too: all null, the object is absent
  Table rows = kLetters;       // a list's elements' table
  int parent_key = -1;         // a list's: the column of `table` its elements' rows name
  std::string block;           // citations: the guideline block they belong to
};

void CollectColumns(const std::vector<Node>& nodes, std::vector<int>* columns) {
  for (const Node& n : nodes) {
    if (n.column >= 0) columns->push_back(n.column);
    if (n.field->kind == Kind::kObject) CollectColumns(n.children, columns);
  }
}

// The JSON record's fields under `options`, resolved to the store's columns
// by name: a scalar is the column named like it, an object's members are
// named prefix + member (the CSV's names: source_path, patient_age,
// claims_administrator_text_offset), a list is a table of its own.
absl::StatusOr<std::vector<Node>> Plan(const Tables& tables, std::span<const Field> fields, Table table,
                                       const std::string& prefix, const output::RecordOptions& options) {
  std::vector<Node> nodes;
  for (const Field& f : fields) {
    if (!output::InJson(f.presence, options)) continue;
    Node node;
    node.field = &f;
    node.table = table;
    const std::string name = absl::StrCat(prefix, ToAbsl(f.name.name()));
    if (f.kind == Kind::kObject) {
      IMR_ASSIGN_OR_RETURN(node.children,
                           Plan(tables, f.children, table, absl::StrCat(prefix, ToAbsl(f.csv_prefix)), options));
      CollectColumns(node.children, &node.columns);
    } else if (f.kind == Kind::kList) {
      const auto* list = std::find_if(std::begin(kListTables), std::end(kListTables),
                                      [&](const auto& l) { return l.first == f.name.name(); });
      if (list == std::end(kListTables)) return absl::InternalError(absl::StrCat("the store has no table ", name));
      node.rows = list->second;
      IMR_ASSIGN_OR_RETURN(node.parent_key, tables.Column(table, table == kLetters ? "letter_id" : "item_id"));
      // A block's citations: the block is the object's prefix ("maximus_").
      if (node.rows == kCitations) node.block = prefix.substr(0, prefix.size() - 1);
      IMR_ASSIGN_OR_RETURN(node.children, Plan(tables, f.children, node.rows, "", options));
    } else {
      IMR_ASSIGN_OR_RETURN(node.column, tables.Column(table, name));
      if (f.kind == Kind::kTextList) {
        IMR_ASSIGN_OR_RETURN(node.lines, tables.Column(table, ListLinesColumn(name)));
      }
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

// The elements of a stored text list: its lines column when set, else the
// joined text split at each "; " (record_tables.h).
void SplitList(const Statement& row, const Node& n, std::vector<std::string_view>* elements) {
  elements->clear();
  const bool by_lines = !row.ColumnIsNull(n.lines);
  const std::string_view text = row.ColumnText(by_lines ? n.lines : n.column);
  if (!by_lines && text.empty()) return;
  const std::string_view separator = by_lines ? "\n" : "; ";
  for (std::size_t from = 0;;) {
    const std::size_t end = text.find(separator, from);
    elements->push_back(text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
    if (end == std::string_view::npos) break;
    from = end + separator.size();
  }
}

class JsonWriter {
 public:
  explicit JsonWriter(Tables& tables) : tables_(tables) {}

  // Writes the object of `nodes` from the tables' current rows.
  absl::Status Object(output::JsonCursor& out, const std::vector<Node>& nodes) {
    out.Open('{');
    bool first = true;
    for (const Node& n : nodes) {
      const Statement& row = tables_[n.table];
      const Field& f = *n.field;
      if (f.kind == Kind::kObject) {
        const bool absent = (f.nullable || f.omitted_when_absent) &&
                            std::all_of(n.columns.begin(), n.columns.end(), [&](int c) { return row.ColumnIsNull(c); });
        if (absent && f.omitted_when_absent) continue;
        out.Key(f.name, first);
        if (absent) {
          out.Null();
        } else {
          IMR_RETURN_IF_ERROR(Object(out, n.children));
        }
      } else if (f.kind == Kind::kList) {
        out.Key(f.name, first);
        IMR_RETURN_IF_ERROR(List(out, n));
      } else if (row.ColumnIsNull(n.column)) {
        if (f.omitted_when_absent) continue;
        out.Key(f.name, first);
        out.Null();
      } else {
        out.Key(f.name, first);
        Scalar(out, n, row);
      }
      first = false;
    }
    out.Close('}');
    return absl::OkStatus();
  }

 private:
  // As the record's writer writes the value it stored (record_tables.cc):
  // text is normalised again, which leaves normalised text as it is.
  void Scalar(output::JsonCursor& out, const Node& n, const Statement& row) {
    switch (n.field->kind) {
      case Kind::kText:
        out.Text(row.ColumnText(n.column));
        return;
      case Kind::kInteger:
        out.Int(row.ColumnInt(n.column));
        return;
      case Kind::kBoolean:
        out.Bool(row.ColumnInt(n.column) != 0);
        return;
      case Kind::kTextList:
        SplitList(row, n, &elements_);
        out.Open('[');
        for (std::size_t i = 0; i < elements_.size(); ++i) {
          if (i != 0) out.Comma();
          out.Text(elements_[i]);
        }
        out.Close(']');
        return;
      default:  // kString, kDate (stored as the record writes it)
        out.String(row.ColumnText(n.column));
        return;
    }
  }

  absl::Status List(output::JsonCursor& out, const Node& n) {
    Statement& rows = tables_[n.rows];
    rows.BindInt(1, tables_[n.table].ColumnInt(n.parent_key));
    if (!n.block.empty()) rows.BindText(2, n.block);
    out.Open('[');
    for (bool first = true;; first = false) {
      IMR_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      if (!first) out.Comma();
      IMR_RETURN_IF_ERROR(Object(out, n.children));
    }
    out.Close(']');
    rows.Reset();
    return absl::OkStatus();
  }

  Tables& tables_;
  std::vector<std::string_view> elements_;
};

// A CSV column and where the store keeps it.
struct CsvColumn {
  Table table;
  int column;
  Kind kind;
};

class CsvWriter {
 public:
  static absl::StatusOr<CsvWriter> Plan(Tables& tables, const output::RecordOptions& options) {
    CsvWriter writer(tables);
    for (const auto& [table, columns] :
         {std::pair{kLetters, &output::LetterColumns(options)}, std::pair{kItems, &output::ItemColumns(options)}}) {
      for (const output::Column& c : *columns) {
        IMR_ASSIGN_OR_RETURN(int column, tables.Column(table, c.name));
        (table == kLetters ? writer.letter_ : writer.item_).push_back({table, column, c.kind});
      }
    }
    IMR_ASSIGN_OR_RETURN(writer.letter_id_, tables.Column(kLetters, "letter_id"));
    return writer;
  }

  // The rows of the letter at the letters table's current row: one per
  // item, or one with empty item cells.
  absl::Status Letter(std::string* out) {
    Statement& items = tables_[kItems];
    items.BindInt(1, tables_[kLetters].ColumnInt(letter_id_));
    for (bool first = true;; first = false) {
      IMR_ASSIGN_OR_RETURN(bool item, items.Step());
      if (!item && !first) break;
      output::CsvRow row(out);
      for (const CsvColumn& c : letter_) Cell(row, c);
      for (const CsvColumn& c : item_) {
        if (item) {
          Cell(row, c);
        } else {
          row.Cell("");
        }
      }
      row.End();
      if (!item) break;
    }
    items.Reset();
    return absl::OkStatus();
  }

 private:
  explicit CsvWriter(Tables& tables) : tables_(tables) {}

  void Cell(output::CsvRow& row, const CsvColumn& c) {
    const Statement& s = tables_[c.table];
    if (s.ColumnIsNull(c.column)) {
      row.Cell("");
      return;
    }
    switch (c.kind) {
      case Kind::kText:
        row.Text(s.ColumnText(c.column));
        return;
      case Kind::kInteger:
        row.Number(static_cast<std::uint64_t>(s.ColumnInt(c.column)));
        return;
      case Kind::kBoolean:
        row.Bool(s.ColumnInt(c.column) != 0);
        return;
      default:  // kString, kDate, kTextList (joined as the CSV joins it)
        row.Cell(s.ColumnText(c.column));
        return;
    }
  }

  Tables& tables_;
  std::vector<CsvColumn> letter_, item_;
  int letter_id_ = -1;
};

// The files of the store that hold letters, in walk order.
absl::StatusOr<std::vector<std::pair<std::string, std::int64_t>>> FilesInWalkOrder(Database& db) {
  IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT path, file_id FROM files WHERE letters > 0"));
  std::vector<std::pair<std::string, std::int64_t>> files;
  for (;;) {
    IMR_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    files.emplace_back(std::string(s.ColumnText(0)), s.ColumnInt(1));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return WalkOrder(a.first, b.first); });
  return files;
}

}  // namespace

bool WalkOrder(std::string_view a, std::string_view b) {
  const auto rank = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return rank(x) < rank(y); });
}

absl::Status WriteStoredRecords(Database& db, const output::RecordOptions& options, std::FILE* out) {
  if (options.include_text) {
    return absl::InvalidArgumentError("the store keeps rationale and guideline text as spans, not as text");
  }
  IMR_ASSIGN_OR_RETURN(Tables tables, Tables::Prepare(db));
  const bool csv = options.format == output::RecordFormat::kCsv;
  std::vector<Node> letter;
  std::optional<CsvWriter> csv_writer;
  if (csv) {
    IMR_ASSIGN_OR_RETURN(CsvWriter writer, CsvWriter::Plan(tables, options));
    csv_writer.emplace(std::move(writer));
  } else {
    IMR_ASSIGN_OR_RETURN(letter, Plan(tables, output::kLetterFields, kLetters, "", options));
  }
  JsonWriter json(tables);
  IMR_ASSIGN_OR_RETURN(auto files, FilesInWalkOrder(db));
  std::string buffer = csv ? output::CsvHeader(options) : std::string();
  const auto flush = [&] {
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    buffer.clear();
  };
  Statement& letters = tables[kLetters];
  for (const auto& [path, file_id] : files) {
    letters.BindInt(1, file_id);
    for (;;) {
      IMR_ASSIGN_OR_RETURN(bool row, letters.Step());
      if (!row) break;
      if (csv) {
        IMR_RETURN_IF_ERROR(csv_writer->Letter(&buffer));
      } else {
        output::JsonCursor cursor(&buffer);
        IMR_RETURN_IF_ERROR(json.Object(cursor, letter));
        cursor.EndLine();
      }
      if (buffer.size() >= (1u << 20)) flush();
    }
    letters.Reset();
  }
  flush();
  return absl::OkStatus();
}

}  // namespace imr::store
