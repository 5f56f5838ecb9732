// File: imr/gen/marked_text.h
//
// Text under construction whose positions the truth refers to. A paragraph
// is built with marks (positions in its text); the wrapping writer
// (wrap_writer.h) rewrites every mark into an offset of the letter it
// writes, so spans of the truth describe the bytes actually written.
//
// Example:
//   Para& p = ...;
//   p << "State(s) of Licensure: ";
//   const std::size_t b = p.Mark();
//   p << "California";
//   const std::size_t e = p.Mark();
//   writer.Paragraph(&p);
//   Span state = SpanOf(p, b, e);   // offsets of "California" in the letter
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "imr/gen/date_text.h"

namespace imr::gen {

// Tokens of a paragraph's text the writer renders in the letter's style.
constexpr char kGap = '\x01';    // a redacted name or amount
constexpr char kBreak = '\x02';  // a forced line break (the outcome alone on its line)

// A paragraph under construction; Mark() remembers a position, which the
// writer later rewrites into an offset of the letter's text.
struct Para {
  std::string text;
  std::vector<std::size_t> marks;
  std::size_t Mark() {
    marks.push_back(text.size());
    return marks.size() - 1;
  }
  Para& operator<<(std::string_view s) {
    text += s;
    return *this;
  }
  Para& operator<<(int v) {
    AppendInt(&text, v);
    return *this;
  }
  void Clear() {
    text.clear();
    marks.clear();
  }
};

// A span of the final text, as two offsets (resolved to views at the end).
struct Span {
  std::size_t begin = 0, end = 0;
  bool set = false;
};
// The span between marks `b` and `e` of a written paragraph.
inline Span SpanOf(const Para& p, std::size_t b, std::size_t e) { return {p.marks[b], p.marks[e], true}; }

// A list of at most N trivially copyable values, kept inline (citations hold
// one section and one page list at most; a vector would allocate per
// citation).
template <typename T, std::size_t N>
class SmallList {
 public:
  void push_back(const T& v) { v_[n_++] = v; }
  std::size_t size() const { return n_; }
  const T& operator[](std::size_t i) const { return v_[i]; }
  const T* begin() const { return v_.data(); }
  const T* end() const { return v_.data() + n_; }

 private:
  std::array<T, N> v_{};
  std::size_t n_ = 0;
};

}  // namespace imr::gen
