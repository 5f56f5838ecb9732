#include "testing/flat_record.h"

#include <algorithm>

#include "imr/base/text.h"

namespace imr::testing {

std::string WithoutHyphens(std::string_view s) {
  std::string out = Normalized(s);
  std::erase(out, '-');
  return out;
}

void Flatten(simdjson::dom::element e, const std::string& path, FlatRecord* out) {
  simdjson::dom::object object;
  simdjson::dom::array array;
  std::string_view text;
  if (e.get(object) == simdjson::SUCCESS) {
    for (auto field : object) Flatten(field.value, path + (path.empty() ? "" : ".") + std::string(field.key), out);
  } else if (e.get(array) == simdjson::SUCCESS) {
    std::size_t i = 0;
    for (simdjson::dom::element x : array) Flatten(x, path + "[" + std::to_string(i++) + "]", out);
    if (i == 0) (*out)[path] = "[]";
  } else if (e.get(text) == simdjson::SUCCESS) {
    (*out)[path] = WithoutHyphens(text);
  } else {
    (*out)[path] = simdjson::minify(e);
  }
}

}  // namespace imr::testing
