#include "imr/output/letter_csv.h"

#include <string_view>
#include <vector>

#include "imr/output/csv_row.h"
#include "imr/output/record_fields.h"

namespace imr::output {
namespace {

// The columns of one level (letter or item), from its fields' scalars and
// cells: those at `place`, under these options (with `store`, also the
// store's own cells).
void AddColumns(std::span<const Field> fields, CsvPlace place, const RecordOptions& options, bool store,
                std::vector<Column>* columns) {
  for (const Field& f : fields) {
    if (!InCsv(f.presence, options)) continue;
    if (f.csv == place) columns->push_back({std::string(f.name.name()), f.kind, f.get});
    for (const CsvCell& c : f.csv_cells) {
      if (c.place == place && (InCsv(c.presence, options) || (store && c.presence == Presence::kStoreOnly))) {
        columns->push_back({std::string(f.csv_prefix).append(c.name), c.kind, c.get});
      }
    }
  }
}

// A row is the letter's columns, the item's, then the item's long text.
struct Columns {
  std::vector<Column> letter, item;

  Columns(const RecordOptions& options, bool store) {
    for (CsvPlace place : {CsvPlace::kMain, CsvPlace::kLast}) {
      AddColumns(kLetterFields, place, options, store, &letter);
      AddColumns(kItemFields, place, options, store, &item);
    }
  }
};

const Columns& ColumnsFor(const RecordOptions& options) {
  static const Columns with_text(RecordOptions{.include_text = true}, false);
  static const Columns without_text(RecordOptions{.include_text = false}, false);
  return options.include_text ? with_text : without_text;
}

const Columns& StoreColumns() {
  static const Columns store(RecordOptions{.include_text = false}, true);
  return store;
}

}  // namespace

const std::vector<Column>& LetterColumns(const RecordOptions& options) { return ColumnsFor(options).letter; }
const std::vector<Column>& ItemColumns(const RecordOptions& options) { return ColumnsFor(options).item; }
const std::vector<Column>& StoreLetterColumns() { return StoreColumns().letter; }
const std::vector<Column>& StoreItemColumns() { return StoreColumns().item; }

std::string CsvHeader(const RecordOptions& options) {
  const Columns& columns = ColumnsFor(options);
  std::string out;
  CsvRow row(&out);
  for (const std::vector<Column>* level : {&columns.letter, &columns.item}) {
    for (const Column& c : *level) row.Cell(c.name);
  }
  row.End();
  return out;
}

void AppendLetterCsv(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                     std::string* out) {
  const Columns& columns = ColumnsFor(options);
  RecordContext context{.source = &source, .letter = &letter, .options = &options};
  // A letter without items still gets one row, its item columns empty.
  const std::size_t rows = letter.items.empty() ? 1 : letter.items.size();
  for (std::size_t i = 0; i < rows; ++i) {
    CsvRow row(out);
    for (const Column& c : columns.letter) WriteCsvValue(row, c.kind, c.get(context));
    if (letter.items.empty()) {
      for (std::size_t k = 0; k < columns.item.size(); ++k) row.Cell("");
    } else {
      context.item = &letter.items[i];
      context.item_index = i;
      for (const Column& c : columns.item) WriteCsvValue(row, c.kind, c.get(context));
    }
    row.End();
  }
}

}  // namespace imr::output
