#include "imr/pipeline/progress.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/strings.h"

namespace imr::pipeline {
namespace {

constexpr auto kInterval = std::chrono::milliseconds(100);  // at most ten draws a second

std::string Bytes(double b) {
  if (b >= 1e9) return absl::StrFormat("%.2f GB", b / 1e9);
  if (b >= 1e6) return absl::StrFormat("%.1f MB", b / 1e6);
  if (b >= 1e3) return absl::StrFormat("%.1f kB", b / 1e3);
  return absl::StrFormat("%.0f B", b);
}

std::string Clock(double seconds) {
  const auto s = static_cast<std::int64_t>(seconds);
  if (s >= 3600) return absl::StrFormat("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

std::string Count(std::uint64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

std::string FormatProgress(std::uint64_t bytes, std::uint64_t total_bytes, std::uint64_t documents,
                           std::string_view unit, double elapsed_seconds) {
  const double done = static_cast<double>(bytes);
  std::string line = Bytes(done);
  if (total_bytes != 0) {
    const double share = std::min(1.0, done / static_cast<double>(total_bytes));
    absl::StrAppend(&line, " of ", Bytes(static_cast<double>(total_bytes)), " (",
                    static_cast<int>(std::floor(share * 100)), "%)");
  }
  absl::StrAppend(&line, ", ", Count(documents), " ", ToAbsl(unit));
  const double rate = elapsed_seconds > 0 ? done / elapsed_seconds : 0;
  absl::StrAppend(&line, ", ", absl::StrFormat("%.1f MB/s", rate / 1e6), ", ", Clock(elapsed_seconds), " elapsed");
  if (total_bytes != 0 && rate > 0 && bytes < total_bytes) {
    absl::StrAppend(&line, ", ", Clock(static_cast<double>(total_bytes - bytes) / rate), " left");
  }
  return line;
}

ProgressLine::ProgressLine(const Progress& progress, std::uint64_t total_bytes, std::string_view unit, std::FILE* out)
    : progress_(progress),
      total_bytes_(total_bytes),
      unit_(unit),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      thread_([this] { Loop(); }) {}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  Draw("\n");
}

void ProgressLine::Draw(std::string_view end) const {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  // One write, so that a message written by another thread never splits it.
  const std::string line = absl::StrCat(
      ToAbsl(kEraseLine),
      FormatProgress(progress_.bytes(), total_bytes_, progress_.documents(), unit_, elapsed.count()), ToAbsl(end));
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

void ProgressLine::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, kInterval, [this] { return stop_; })) Draw("");
}

}  // namespace imr::pipeline
