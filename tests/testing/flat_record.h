// File: testing/flat_record.h
//
// A JSON record flattened to (field path, value), such as
// "items[2].maximus_guideline.citations[0].part", so that two records are
// compared field by field and a new field is checked without touching a test.
// Strings are normalised and without hyphens (pdftotext's arrangements break
// lines and words differently); other values are kept as minified JSON.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "simdjson.h"

namespace imr::testing {

using FlatRecord = std::map<std::string, std::string>;

// Free text normalised, without hyphens: plain pdftotext (the default mode)
// joins a word broken at a line-end hyphen, so "skilled-\nnursing" in one
// mode is "skillednursing" in another.
std::string WithoutHyphens(std::string_view s);

void Flatten(simdjson::dom::element e, const std::string& path, FlatRecord* out);

}  // namespace imr::testing
