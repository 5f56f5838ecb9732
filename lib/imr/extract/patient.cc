#include "imr/extract/fields.h"

namespace imr::extract {

void ExtractPatient(std::string_view summary, Letter* letter) {}

}  // namespace imr::extract
