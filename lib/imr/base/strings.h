// File: imr/base/strings.h
//
// Bridges between std::string_view and absl::string_view. Debian's Abseil is
// built with ABSL_OPTION_USE_STD_STRING_VIEW=0, so the two are distinct types
// and every crossing of the boundary is explicit.
//
// Example:
//   return absl::NotFoundError(imr::ToAbsl(path));
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace imr {

inline absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace imr
