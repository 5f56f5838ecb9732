#include "imr/extract/fields.h"

namespace imr::extract {

void ParseQuantity(std::string_view service, Item* item) {}

}  // namespace imr::extract
