#include "imr/output/csv_row.h"

#include "absl/strings/str_cat.h"
#include "imr/base/json_writer.h"
#include "imr/base/text.h"

namespace imr::output {

void CsvRow::Cell(std::string_view value) {
  if (!first_) out_->push_back(',');
  first_ = false;
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    AppendValidUtf8(value, out_);
    return;
  }
  out_->push_back('"');
  for (std::size_t from = 0;;) {
    const std::size_t q = value.find('"', from);
    AppendValidUtf8(value.substr(from, q == std::string_view::npos ? std::string_view::npos : q + 1 - from), out_);
    if (q == std::string_view::npos) break;
    out_->push_back('"');
    from = q + 1;
  }
  out_->push_back('"');
}

void CsvRow::Text(std::string_view raw) {
  scratch_.clear();
  AppendNormalized(raw, &scratch_);
  Cell(scratch_);
}

void CsvRow::Number(std::uint64_t v) { Cell(absl::StrCat(v)); }

void CsvRow::List(const std::vector<std::string_view>& items) {
  scratch_.clear();
  for (std::string_view s : items) {
    if (!scratch_.empty()) scratch_ += "; ";
    AppendNormalized(s, &scratch_);
  }
  Cell(scratch_);
}

}  // namespace imr::output
