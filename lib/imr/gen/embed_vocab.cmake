# Writes OUT, a C++ file holding every data/vocab file (DIR) as a raw string,
# so `imr gen` works without the source tree. Run by lib/CMakeLists.txt.
file(GLOB files ${DIR}/*.tsv ${DIR}/*.txt)
list(SORT files)
set(body "")
set(n 0)
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  file(READ ${f} content)
  string(APPEND body "    {\"${name}\", R\"imrvocab(${content})imrvocab\"},\n")
  math(EXPR n "${n} + 1")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from data/vocab/ by lib/imr/gen/embed_vocab.cmake; do not edit.
#include <cstddef>
#include <string_view>
#include <utility>

namespace imr::gen {
extern const std::pair<std::string_view, std::string_view> kEmbeddedVocab[];
extern const std::size_t kEmbeddedVocabFiles;
const std::pair<std::string_view, std::string_view> kEmbeddedVocab[] = {
${body}};
const std::size_t kEmbeddedVocabFiles = ${n};
}  // namespace imr::gen
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
