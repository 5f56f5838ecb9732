# Writes a .cc that holds data/taxonomy.tsv as a string, so the built-in
# taxonomy is always the file in the tree. Run at build time:
#   cmake -DINPUT=data/taxonomy.tsv -DOUTPUT=default_taxonomy.cc -P embed_taxonomy.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")imr_taxonomy\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )imr_taxonomy\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by lib/imr/taxonomy/embed_taxonomy.cmake; do not edit.
#include \"imr/taxonomy/taxonomy.h\"

namespace imr::taxonomy {

std::string_view DefaultTaxonomyText() {
  static constexpr char kText[] = R\"imr_taxonomy(${text})imr_taxonomy\";
  return std::string_view(kText, sizeof(kText) - 1);
}

}  // namespace imr::taxonomy
")
# Only touch the output when it changed, so an unchanged file rebuilds nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
