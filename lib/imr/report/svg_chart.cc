#include "imr/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "imr/base/strings.h"
#include "imr/report/html_text.h"

namespace imr::report {
namespace {

// Okabe and Ito's palette: distinguishable with every common colour vision
// deficiency. The first two also differ in lightness (blue dark, orange
// light), so they stay apart in grey.
constexpr const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7"};
// Lines: vermillion rather than orange for the second, darker against white.
constexpr const char* kLineColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"};
constexpr const char* kDashes[] = {"", "7 4", "2 3", "9 3 2 3"};
constexpr int kWidth = 720;
// An estimate of the width of a character of the 12px labels: no font
// metrics without a browser, and a label that runs long only overlaps the
// margin it was given.
constexpr double kCharWidth = 6.6;

double Width(std::string_view text) { return static_cast<double>(text.size()) * kCharWidth; }

// `text` cut to `chars` characters (at a UTF-8 boundary) with an ellipsis.
std::string Shorten(std::string_view text, std::size_t chars) {
  if (text.size() <= chars) return std::string(text);
  std::size_t cut = chars > 1 ? chars - 1 : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(ToAbsl(text.substr(0, cut)), "\xE2\x80\xA6");
}

std::string TickLabel(double v, Scale scale) {
  if (scale == Scale::kShare) return absl::StrCat(std::lround(v * 100), "%");
  return Thousands(static_cast<std::uint64_t>(std::llround(v)));
}

double LargestValue(const ChartSpec& c) {
  double max = 0;
  for (const Series& s : c.series) {
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      if (!std::isnan(s.values[i])) max = std::max(max, s.values[i]);
      if (i < s.whiskers.size() && s.whiskers[i]) max = std::max(max, s.whiskers[i]->high);
    }
  }
  return max;
}

// The fill of bar series `i`: colour, or for the second series a hatch.
// Bars with whiskers are sky blue, light enough for a black whisker to show
// on them in colour and in grey.
std::string BarFill(const ChartSpec& c, std::size_t i) {
  if (i == 1) return absl::StrCat("url(#", c.id, "-hatch)");
  if (!c.series[i].whiskers.empty()) return "#56B4E9";
  return kColours[i % std::size(kColours)];
}

std::string Open(const ChartSpec& c, int height) {
  std::string out =
      absl::StrCat("<svg class=\"chart\" role=\"img\" aria-labelledby=\"", c.id, "-t ", c.id, "-d\" viewBox=\"0 0 ",
                   kWidth, " ", height, "\" width=\"", kWidth, "\" height=\"", height, "\" data-chart=\"", c.id, "\"",
                   c.categories.empty() ? " data-empty=\"\"" : "", ">\n<title id=\"", c.id, "-t\">", Escape(c.title),
                   "</title>\n<desc id=\"", c.id, "-d\">", Escape(c.description), "</desc>\n");
  absl::StrAppend(&out, "<defs><pattern id=\"", c.id,
                  "-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                  "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"",
                  kColours[1],
                  "\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2.5\" "
                  "stroke-opacity=\"0.55\"/></pattern></defs>\n");
  return out;
}

std::string Text(double x, double y, std::string_view text, std::string_view attributes = {}) {
  return absl::StrCat("<text x=\"", Coord(x), "\" y=\"", Coord(y), "\"", attributes.empty() ? "" : " ",
                      ToAbsl(attributes), ">", Escape(text), "</text>\n");
}

std::string NoData(const ChartSpec& c) {
  return absl::StrCat(Open(c, 60), Text(kWidth / 2.0, 34, "No data", "text-anchor=\"middle\" class=\"note\""),
                      "</svg>\n");
}

// A point marker of line series `i` (circle, square, triangle, diamond).
std::string Marker(std::size_t i, double x, double y, std::string_view title) {
  const char* const colour = kLineColours[i % std::size(kLineColours)];
  std::string shape;
  switch (i % 4) {
    case 0:
      shape = absl::StrCat("<circle class=\"mark\" cx=\"", Coord(x), "\" cy=\"", Coord(y), "\" r=\"4\"");
      break;
    case 1:
      shape = absl::StrCat("<rect class=\"mark\" x=\"", Coord(x - 4), "\" y=\"", Coord(y - 4),
                           "\" width=\"8\" height=\"8\"");
      break;
    case 2:
      shape = absl::StrCat("<path class=\"mark\" d=\"M", Coord(x), " ", Coord(y - 5), "L", Coord(x + 5), " ",
                           Coord(y + 4), "L", Coord(x - 5), " ", Coord(y + 4), "Z\"");
      break;
    default:
      shape = absl::StrCat("<path class=\"mark\" d=\"M", Coord(x), " ", Coord(y - 5), "L", Coord(x + 5), " ", Coord(y),
                           "L", Coord(x), " ", Coord(y + 5), "L", Coord(x - 5), " ", Coord(y), "Z\"");
      break;
  }
  return absl::StrCat(shape, " fill=\"", colour, "\" stroke=\"#fff\" stroke-width=\"1\"><title>", Escape(title),
                      "</title>",
                      i % 4 == 0   ? "</circle>\n"
                      : i % 4 == 1 ? "</rect>\n"
                                   : "</path>\n");
}

// The legend, in a row at the top, when there is more than one series.
std::string Legend(const ChartSpec& c, bool lines, double x, double y) {
  if (c.series.size() < 2) return {};
  std::string out = "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    if (lines) {
      absl::StrAppend(&out, "<line x1=\"", Coord(x), "\" y1=\"", Coord(y), "\" x2=\"", Coord(x + 28), "\" y2=\"",
                      Coord(y), "\" stroke=\"", kLineColours[i % 4], "\" stroke-width=\"2\"",
                      *kDashes[i % 4] == '\0' ? "" : absl::StrCat(" stroke-dasharray=\"", kDashes[i % 4], "\""),
                      "/>\n");
      std::string marker = Marker(i, x + 14, y, c.series[i].name);
      marker.replace(marker.find("class=\"mark\""), 12, "class=\"key\"");
      out += marker;
    } else {
      absl::StrAppend(&out, "<rect x=\"", Coord(x), "\" y=\"", Coord(y - 6), "\" width=\"28\" height=\"12\" fill=\"",
                      BarFill(c, i), "\" stroke=\"#333\" stroke-width=\"0.5\"/>\n");
    }
    out += Text(x + 34, y + 4, c.series[i].name);
    x += 34 + Width(c.series[i].name) + 24;
  }
  return out + "</g>\n";
}

// The value axis's ticks and grid, vertical (horizontal bars) or horizontal.
std::string ValueGrid(const ChartSpec& c, const std::vector<double>& ticks, bool vertical, double from, double to,
                      double across_from, double across_to) {
  const double top = ticks.back();
  std::string out = "<g class=\"axis\">\n";
  for (double t : ticks) {
    const double at = from + (to - from) * (t / top);
    if (vertical) {
      absl::StrAppend(&out, "<line class=\"grid\" x1=\"", Coord(at), "\" y1=\"", Coord(across_from), "\" x2=\"",
                      Coord(at), "\" y2=\"", Coord(across_to), "\"/>\n");
      out += Text(at, across_to + 14, TickLabel(t, c.scale), "text-anchor=\"middle\"");
    } else {
      absl::StrAppend(&out, "<line class=\"grid\" x1=\"", Coord(across_from), "\" y1=\"", Coord(at), "\" x2=\"",
                      Coord(across_to), "\" y2=\"", Coord(at), "\"/>\n");
      out += Text(across_from - 6, at + 4, TickLabel(t, c.scale), "text-anchor=\"end\"");
    }
  }
  return out + "</g>\n";
}

std::string Whisker(double x_low, double x_high, double y, bool horizontal) {
  const auto line = [](double x1, double y1, double x2, double y2) {
    return absl::StrCat("<line x1=\"", Coord(x1), "\" y1=\"", Coord(y1), "\" x2=\"", Coord(x2), "\" y2=\"", Coord(y2),
                        "\"/>");
  };
  if (horizontal) {
    return absl::StrCat("<g class=\"whisker\">", line(x_low, y, x_high, y), line(x_low, y - 5, x_low, y + 5),
                        line(x_high, y - 5, x_high, y + 5), "</g>\n");
  }
  return absl::StrCat("<g class=\"whisker\">", line(y, x_low, y, x_high), line(y - 5, x_low, y + 5, x_low),
                      line(y - 5, x_high, y + 5, x_high), "</g>\n");
}

std::string MarkTitle(const ChartSpec& c, std::size_t series, std::size_t i) {
  const Series& s = c.series[series];
  const std::string value = i < s.labels.size() ? s.labels[i] : TickLabel(s.values[i], c.scale);
  return c.series.size() > 1 ? absl::StrCat(c.categories[i], ", ", s.name, ": ", value)
                             : absl::StrCat(c.categories[i], ": ", value);
}

// The frame of columns and lines: categories along the bottom, values up.
struct Frame {
  double left = 76, right, top, bottom, band;
  bool rotate = false;
  std::size_t label_every = 1;
};

Frame ColumnFrame(const ChartSpec& c, int height) {
  Frame f;
  f.right = kWidth - 16;
  f.top = c.series.size() > 1 ? 40 : 16;
  const std::size_t n = c.categories.size();
  f.band = (f.right - f.left) / static_cast<double>(n);
  double longest = 0;
  for (const std::string& k : c.categories) longest = std::max(longest, Width(k));
  f.rotate = longest + 6 > f.band;
  f.label_every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(16 / f.band)));
  f.bottom = height - (f.rotate ? 70 : 44);
  return f;
}

std::string CategoryAxis(const ChartSpec& c, const Frame& f) {
  std::string out = absl::StrCat("<g class=\"axis\">\n<line class=\"baseline\" x1=\"", Coord(f.left), "\" y1=\"",
                                 Coord(f.bottom), "\" x2=\"", Coord(f.right), "\" y2=\"", Coord(f.bottom), "\"/>\n");
  for (std::size_t i = 0; i < c.categories.size(); i += f.label_every) {
    const double x = f.left + f.band * (static_cast<double>(i) + 0.5);
    const std::string label = Shorten(c.categories[i], 12);
    if (f.rotate) {
      out += Text(
          x + 4, f.bottom + 12, label,
          absl::StrCat("text-anchor=\"end\" transform=\"rotate(-45 ", Coord(x + 4), " ", Coord(f.bottom + 12), ")\""));
    } else {
      out += Text(x, f.bottom + 16, label, "text-anchor=\"middle\"");
    }
  }
  return out + "</g>\n";
}

std::string ValueAxisTitle(const ChartSpec& c, const Frame& f) {
  const double y = (f.top + f.bottom) / 2;
  return Text(14, y, c.value_axis,
              absl::StrCat("text-anchor=\"middle\" class=\"axis-title\" transform=\"rotate(-90 14 ", Coord(y), ")\""));
}

}  // namespace

std::vector<double> Ticks(double max, Scale scale) {
  if (scale == Scale::kShare) return {0, 0.2, 0.4, 0.6, 0.8, 1};
  if (!(max > 0)) return {0, 1};
  const double rough = max / 5;
  const double power = std::pow(10, std::floor(std::log10(rough)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= rough) break;
  }
  step = std::max(step, 1.0);  // counts and days are whole
  std::vector<double> ticks;
  for (double t = 0; ticks.empty() || ticks.back() < max; t += step) ticks.push_back(t);
  return ticks;
}

std::string HorizontalBarChart(const ChartSpec& c) {
  if (c.categories.empty()) return NoData(c);
  double longest_key = 0, longest_label = 0;
  for (const std::string& k : c.categories) longest_key = std::max(longest_key, Width(k));
  for (const Series& s : c.series) {
    for (const std::string& l : s.labels) longest_label = std::max(longest_label, Width(l));
  }
  // Keys are sized and cut with a wider estimate than other text, so that a
  // key of wide letters still fits (the mark's title has it whole).
  constexpr double kKeyCharWidth = kCharWidth * 1.15;
  const double label_width = std::clamp(longest_key / kCharWidth * kKeyCharWidth + 12, 60.0, 270.0);
  const double x0 = label_width;
  const double x1 = kWidth - std::clamp(longest_label + 16, 30.0, 220.0);
  const double bar = 14;
  const double band = static_cast<double>(c.series.size()) * (bar + 2) + 10;
  const double top = c.series.size() > 1 ? 34 : 8;
  const double bottom = top + band * static_cast<double>(c.categories.size());
  const int height = static_cast<int>(bottom + 44);
  const std::vector<double> ticks = Ticks(LargestValue(c), c.scale);
  const auto x = [&](double v) { return x0 + (x1 - x0) * (v / ticks.back()); };

  std::string out = Open(c, height);
  out += Legend(c, false, x0, 14);
  out += ValueGrid(c, ticks, true, x0, x1, top, bottom);
  out += Text((x0 + x1) / 2, bottom + 34, c.value_axis, "text-anchor=\"middle\" class=\"axis-title\"");
  const std::size_t key_chars = static_cast<std::size_t>((label_width - 12) / kKeyCharWidth);
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const double y = top + band * static_cast<double>(i) + 5;
    const double center = y + band / 2 - 5;
    out += absl::StrCat("<g class=\"row\">",
                        Text(x0 - 8, center + 4, Shorten(c.categories[i], key_chars), "text-anchor=\"end\""));
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      const Series& series = c.series[s];
      const double v = series.values[i];
      const double bar_y = y + static_cast<double>(s) * (bar + 2);
      double end = x(v);
      if (v > 0) end = std::max(end, x0 + 1);  // a small non-zero value stays visible
      absl::StrAppend(&out, "<rect class=\"mark\" x=\"", Coord(x0), "\" y=\"", Coord(bar_y), "\" width=\"",
                      Coord(end - x0), "\" height=\"", Coord(bar), "\" fill=\"", BarFill(c, s), "\"><title>",
                      Escape(MarkTitle(c, s, i)), "</title></rect>\n");
      double label_x = end;
      if (i < series.whiskers.size() && series.whiskers[i]) {
        out += Whisker(x(series.whiskers[i]->low), x(series.whiskers[i]->high), bar_y + bar / 2, true);
        label_x = std::max(label_x, x(series.whiskers[i]->high));
      }
      if (i < series.labels.size()) out += Text(label_x + 6, bar_y + bar - 3, series.labels[i], "class=\"value\"");
    }
    out += "</g>\n";
  }
  absl::StrAppend(&out, "<line class=\"baseline\" x1=\"", Coord(x0), "\" y1=\"", Coord(top), "\" x2=\"", Coord(x0),
                  "\" y2=\"", Coord(bottom), "\"/>\n</svg>\n");
  return out;
}

std::string ColumnChart(const ChartSpec& c) {
  if (c.categories.empty()) return NoData(c);
  const Frame f = ColumnFrame(c, 280);
  const std::vector<double> ticks = Ticks(LargestValue(c), c.scale);
  const auto y = [&](double v) { return f.bottom - (f.bottom - f.top) * (v / ticks.back()); };
  const double width = std::min(f.band * 0.7, 64.0) / static_cast<double>(c.series.size());
  // Values are written over the columns only when every one fits: a chart
  // that labels some columns and not others reads as if the others had none.
  bool labels_fit = true;
  for (const Series& series : c.series) {
    for (const std::string& label : series.labels) labels_fit = labels_fit && Width(label) <= f.band;
  }

  std::string out = Open(c, 280);
  out += Legend(c, false, f.left, 16);
  out += ValueGrid(c, ticks, false, f.bottom, f.top, f.left, f.right);
  out += ValueAxisTitle(c, f);
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const double start =
        f.left + f.band * (static_cast<double>(i) + 0.5) - width * static_cast<double>(c.series.size()) / 2;
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      const Series& series = c.series[s];
      const double x = start + width * static_cast<double>(s);
      double top = y(series.values[i]);
      if (series.values[i] > 0) top = std::min(top, f.bottom - 1);
      absl::StrAppend(&out, "<rect class=\"mark\" x=\"", Coord(x), "\" y=\"", Coord(top), "\" width=\"", Coord(width),
                      "\" height=\"", Coord(f.bottom - top), "\" fill=\"", BarFill(c, s), "\"><title>",
                      Escape(MarkTitle(c, s, i)), "</title></rect>\n");
      if (labels_fit && i < series.labels.size()) {
        out += Text(x + width / 2, top - 4, series.labels[i], "text-anchor=\"middle\" class=\"value\"");
      }
    }
  }
  out += CategoryAxis(c, f);
  return out + "</svg>\n";
}

std::string LineChart(const ChartSpec& c) {
  if (c.categories.empty()) return NoData(c);
  const Frame f = ColumnFrame(c, 300);
  const std::vector<double> ticks = Ticks(LargestValue(c), c.scale);
  const auto y = [&](double v) { return f.bottom - (f.bottom - f.top) * (v / ticks.back()); };
  const auto x = [&](std::size_t i) { return f.left + f.band * (static_cast<double>(i) + 0.5); };

  std::string out = Open(c, 300);
  out += Legend(c, true, f.left, 16);
  out += ValueGrid(c, ticks, false, f.bottom, f.top, f.left, f.right);
  out += ValueAxisTitle(c, f);
  for (std::size_t s = 0; s < c.series.size(); ++s) {
    const Series& series = c.series[s];
    std::string path;
    bool pen_down = false;
    for (std::size_t i = 0; i < series.values.size(); ++i) {
      if (std::isnan(series.values[i])) {
        pen_down = false;
        continue;
      }
      absl::StrAppend(&path, pen_down ? "L" : "M", Coord(x(i)), " ", Coord(y(series.values[i])));
      pen_down = true;
    }
    absl::StrAppend(&out, "<path class=\"line\" d=\"", path, "\" fill=\"none\" stroke=\"", kLineColours[s % 4],
                    "\" stroke-width=\"2\"",
                    *kDashes[s % 4] == '\0' ? "" : absl::StrCat(" stroke-dasharray=\"", kDashes[s % 4], "\""), "/>\n");
    for (std::size_t i = 0; i < series.values.size(); ++i) {
      if (!std::isnan(series.values[i])) out += Marker(s, x(i), y(series.values[i]), MarkTitle(c, s, i));
    }
  }
  out += CategoryAxis(c, f);
  return out + "</svg>\n";
}

}  // namespace imr::report
