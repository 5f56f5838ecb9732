#include "imr/store/multi_row_insert.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "absl/strings/str_cat.h"
#include "imr/base/status_macros.h"

namespace imr::store {

MultiRowInsert::MultiRowInsert(std::string insert, int params) : insert_(std::move(insert)), params_(params) {
  values_ = "(";
  for (int i = 0; i < params; ++i) values_.append(i == 0 ? "?" : ", ?");
  values_.push_back(')');
}

absl::Status MultiRowInsert::Run(Database& db, std::size_t rows,
                                 absl::FunctionRef<void(std::size_t row, int param, Statement& s)> bind) {
  std::size_t done = 0;
  while (done < rows) {
    // The largest power of two rows that are left, up to kMaxRows.
    const std::size_t size_index = std::bit_width(std::min(rows - done, kMaxRows)) - 1;
    const std::size_t count = std::size_t{1} << size_index;
    if (statements_.size() <= size_index) statements_.resize(size_index + 1);
    Statement& s = statements_[size_index];
    if (!s.prepared()) {
      std::string sql = insert_;
      for (std::size_t r = 0; r < count; ++r) absl::StrAppend(&sql, r == 0 ? "" : ", ", values_);
      IMR_ASSIGN_OR_RETURN(s, db.Prepare(sql));
    }
    for (std::size_t r = 0; r < count; ++r) bind(done + r, 1 + static_cast<int>(r) * params_, s);
    IMR_RETURN_IF_ERROR(s.Run());
    done += count;
  }
  return absl::OkStatus();
}

}  // namespace imr::store
