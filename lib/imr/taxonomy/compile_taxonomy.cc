// compile_taxonomy INPUT OUTPUT: parses the taxonomy file INPUT
// (data/taxonomy.tsv) and writes OUTPUT, a C++ source that defines
// DefaultTaxonomyText() (the file) and BuiltInTaxonomyData() (its rules,
// fingerprint and compiled matchers), so that Taxonomy::Default() neither
// parses nor compiles at every start. A build step: a file that does not
// parse fails the build with the parser's message.
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/strings.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::taxonomy {
namespace {

constexpr std::string_view kDelimiter = "imr_taxonomy";

// One cell of a generated array, as a C++ initializer.
template <typename T>
std::string Cell(const T& value) {
  return absl::StrCat(value);
}
std::string Cell(const PhraseMatcher::Phrase& p) {
  return absl::StrCat("{", p.rule, ", ", p.text, ", ", p.length, ", ", p.right, "}");
}
std::string Cell(const PhraseMatcher::Entry& e) {
  return absl::StrCat("{", e.length, ", ", e.rule, ", ", e.left, ", ", e.right, "}");
}

// Writes `values` as the array `name` of `type`, and returns the expression
// for a span of it (C++ has no empty arrays).
template <typename T>
std::string Array(std::string* out, std::string_view type, std::string_view name, std::span<const T> values) {
  if (values.empty()) return "{}";
  *out += absl::StrCat("constexpr ", ToAbsl(type), " ", ToAbsl(name), "[] = {");
  for (std::size_t i = 0; i < values.size(); ++i) {
    absl::StrAppend(out, i % 16 == 0 ? "\n   " : "", " ", Cell(values[i]), ",");
  }
  *out += "\n};\n";
  return std::string(name);
}

// `s` as a C++ string literal: patterns may hold quotes, backslashes and
// bytes outside printable ASCII (octal escapes, three digits, so that a digit
// after one is not read into it).
std::string Literal(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b >= 0x7f || c == '?') {  // '?': no trigraph-like runs
      out += absl::StrFormat("\\%03o", b);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The rules, their patterns in one array (a rule names its range of it), and
// the fingerprint.
std::string Rules(std::string* out, const Taxonomy& taxonomy) {
  *out += "constexpr std::string_view kPatterns[] = {\n";
  std::string rules = "constexpr BuiltInRule kRules[] = {\n";
  std::size_t first = 0;
  for (const Rule& r : taxonomy.rules()) {
    absl::StrAppend(&rules, "    {", Literal(r.category), ", ", Literal(r.drug_class), ", ", r.line, ", ", first, ", ",
                    r.patterns.size(), "},\n");
    for (const std::string& p : r.patterns) absl::StrAppend(out, "    ", Literal(p), ",\n");
    first += r.patterns.size();
  }
  *out += "};\n" + rules + "};\n";
  return absl::StrCat("kRules,\n    kPatterns,\n    ", Literal(taxonomy.fingerprint()));
}

// Writes the arrays of a matcher's tables, their names prefixed by `name`
// ("kDrug": kDrugDelta, ...), and returns the initializer of the Tables.
std::string MatcherTables(std::string* out, std::string_view name, const PhraseMatcher::Tables& t) {
  const auto array_name = [&](std::string_view what) { return absl::StrCat(ToAbsl(name), ToAbsl(what)); };
  const std::string delta = Array(out, "std::uint32_t", array_name("Delta"), t.delta);
  const std::string own = Array(out, "std::int32_t", array_name("Own"), t.own);
  const std::string entries = Array(out, "PhraseMatcher::Entry", array_name("Entries"), t.entries);
  const std::string lead_slots = Array(out, "std::uint32_t", array_name("LeadSlots"), t.lead_slots);
  const std::string phrases = Array(out, "PhraseMatcher::Phrase", array_name("Phrases"), t.phrases);
  std::string init = "{{";
  for (std::size_t b = 0; b < t.class_of.size(); ++b) absl::StrAppend(&init, b == 0 ? "" : ", ", t.class_of[b]);
  absl::StrAppend(&init, "},\n     ", t.classes, ",\n     ", delta, ",\n     ", own, ",\n     ", entries, ",\n     ",
                  lead_slots, ",\n     ", phrases, ",\n     std::string_view(", Literal(t.phrase_text), ", ",
                  t.phrase_text.size(), "),\n     {", t.other_leads[0], "u, ", t.other_leads[1], "u, ",
                  t.other_leads[2], "u, ", t.other_leads[3], "u}}");
  return init;
}

std::string Source(std::string_view text, const Taxonomy& taxonomy) {
  std::string out =
      "// Generated from data/taxonomy.tsv by lib/imr/taxonomy/compile_taxonomy.cc; do not edit.\n"
      "#include <cstdint>\n#include <string_view>\n\n#include \"imr/taxonomy/taxonomy.h\"\n\nnamespace imr::taxonomy "
      "{\nnamespace {\n\n";
  out += absl::StrCat("constexpr char kText[] = R\"", ToAbsl(kDelimiter), "(", ToAbsl(text), ")", ToAbsl(kDelimiter),
                      "\";\n\n");
  const std::string matcher = MatcherTables(&out, "k", taxonomy.matcher().tables());
  const std::string drug_matcher = MatcherTables(&out, "kDrug", taxonomy.drug_matcher().tables());
  const std::string rules = Rules(&out, taxonomy);
  absl::StrAppend(&out, "\nconstexpr BuiltInTaxonomy kBuiltIn = {\n    ", rules, ",\n    ", matcher, ",\n    ",
                  drug_matcher, ",\n};\n\n}  // namespace\n\n",
                  "std::string_view DefaultTaxonomyText() { return std::string_view(kText, sizeof(kText) - 1); }\n",
                  "const BuiltInTaxonomy& BuiltInTaxonomyData() { return kBuiltIn; }\n\n",
                  "}  // namespace imr::taxonomy\n");
  return out;
}

bool ReadFile(const char* path, std::string* text) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return false;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text->append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  return !failed;
}

int Main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: compile_taxonomy INPUT OUTPUT\n");
    return 2;
  }
  std::string text;
  if (!ReadFile(argv[1], &text)) {
    std::fprintf(stderr, "compile_taxonomy: cannot read %s\n", argv[1]);
    return 1;
  }
  if (text.find(absl::StrCat(")", ToAbsl(kDelimiter), "\"")) != std::string::npos) {
    std::fprintf(stderr, "compile_taxonomy: %s contains the raw-string delimiter )%s\"\n", argv[1],
                 std::string(kDelimiter).c_str());
    return 1;
  }
  const absl::StatusOr<Taxonomy> taxonomy = Taxonomy::Parse(text, argv[1]);
  if (!taxonomy.ok()) {
    std::fprintf(stderr, "%s\n", std::string(taxonomy.status().message()).c_str());
    return 1;
  }
  const std::string source = Source(text, *taxonomy);
  std::FILE* out = std::fopen(argv[2], "wb");
  if (out == nullptr || std::fwrite(source.data(), 1, source.size(), out) != source.size() || std::fclose(out) != 0) {
    std::fprintf(stderr, "compile_taxonomy: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace imr::taxonomy

int main(int argc, char** argv) { return imr::taxonomy::Main(argc, argv); }
