#include "imr/extract/fields.h"

namespace imr::extract {

void ExtractReviewer(std::string_view credentials, Letter* letter) {}

}  // namespace imr::extract
