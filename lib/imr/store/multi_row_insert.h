// File: imr/store/multi_row_insert.h
//
// Inserts rows into one table many to a statement: an INSERT's fixed cost
// (cursors opened, the table's last page found, the statement closed, its
// parameters reset) is paid once per up to kMaxRows rows instead of once a
// row, which for the store's narrow rows cost as much as the row itself.
// The rows go in order, in statements of 64, 32, ... 1 rows, each prepared
// when first used.
//
// Example:
//   MultiRowInsert insert("INSERT INTO t (a, b) VALUES ", 2);
//   IMR_RETURN_IF_ERROR(insert.Run(db, values.size(), [&](std::size_t row, int param, Statement& s) {
//     s.BindInt(param, values[row].a);
//     s.BindText(param + 1, values[row].b);     // must stay valid until Run returns
//   }));
//
// Thread-safety: none. Lifetime: must not outlive the Database it ran on.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "imr/store/sqlite.h"

namespace imr::store {

class MultiRowInsert {
 public:
  static constexpr std::size_t kMaxRows = 64;

  // `insert`: the statement up to its values ("INSERT INTO t (a, b) VALUES ");
  // `params`: the parameters of one row.
  MultiRowInsert(std::string insert, int params);

  // Inserts `rows` rows; `bind(row, param, statement)` binds row `row`'s
  // parameters from `param` on. A parameter left unbound is null.
  // Errors: as Database::Prepare and Statement::Run (a full disk, I/O).
  absl::Status Run(Database& db, std::size_t rows,
                   absl::FunctionRef<void(std::size_t row, int param, Statement& s)> bind);

 private:
  std::string insert_;
  std::string values_;  // one row's "(?, ?, ...)"
  int params_;
  std::vector<Statement> statements_;  // [k]: of 2^k rows; unprepared until used
};

}  // namespace imr::store
