#include "imr/output/letter_json.h"

#include "imr/output/json_cursor.h"
#include "imr/output/record_fields.h"

namespace imr::output {

void AppendLetterJson(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                      std::string* out) {
  JsonCursor cursor(out);
  WriteLetterJson(cursor, {.source = &source, .letter = &letter, .options = &options});
  cursor.EndLine();
}

}  // namespace imr::output
