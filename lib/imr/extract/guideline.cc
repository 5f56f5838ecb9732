#include "imr/extract/fields.h"

namespace imr::extract {

void ParseGuideline(std::string_view block, Guideline* guideline) {}

}  // namespace imr::extract
