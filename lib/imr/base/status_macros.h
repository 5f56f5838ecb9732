// File: imr/base/status_macros.h
//
// Early-return helpers for absl::Status / absl::StatusOr. Debian 12's Abseil
// (20220623) predates ABSL_RETURN_IF_ERROR; switch to it once Abseil >= 20260526.
//
// Example:
//   IMR_ASSIGN_OR_RETURN(io::FileData file, io::FileData::Open(path));
//   IMR_RETURN_IF_ERROR(Validate(file));
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define IMR_STATUS_CONCAT_INNER_(a, b) a##b
#define IMR_STATUS_CONCAT_(a, b) IMR_STATUS_CONCAT_INNER_(a, b)

#define IMR_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::absl::Status imr_status_ = (expr);       \
    if (!imr_status_.ok()) return imr_status_; \
  } while (false)

#define IMR_ASSIGN_OR_RETURN(lhs, expr) \
  IMR_ASSIGN_OR_RETURN_IMPL_(IMR_STATUS_CONCAT_(imr_statusor_, __LINE__), lhs, expr)

#define IMR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(*tmp)
