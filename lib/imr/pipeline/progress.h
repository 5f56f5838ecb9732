// File: imr/pipeline/progress.h
//
// Progress of a long run, for the person who started it: Progress counts the
// bytes and documents written so far (the pipeline's writer advances it once
// per batch, when PipelineOptions::progress is set), and ProgressLine shows
// them on a terminal as one line, redrawn ten times a second by a thread of
// its own: bytes done of the total, documents, MB/s, elapsed time and the
// estimated time left.
//
// The cost stays out of the run: one relaxed atomic add per batch (a batch
// is megabytes) in the serial writer, and a thread that sleeps between
// draws. Nothing is drawn unless a ProgressLine exists.
//
// Example:
//   pipeline::Progress progress;
//   options.progress = &progress;
//   {
//     pipeline::ProgressLine line(progress, corpus.total_bytes(), "letters", stderr);
//     RunPipeline(corpus, rule, job, options);
//   }  // the final line stays, ended by a newline
//
// Thread-safety: Progress may be advanced and read from any thread. Others
// may write to the line's FILE while it shows: write the whole text in one
// call, starting with kEraseLine, and the next draw puts the line back.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace imr::pipeline {

// Carriage return, then erase to the end of the line (ANSI/VT100).
inline constexpr std::string_view kEraseLine = "\r\x1b[K";

class Progress {
 public:
  void Advance(std::uint64_t bytes, std::uint64_t documents) {
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
    documents_.fetch_add(documents, std::memory_order_relaxed);
  }
  std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  std::uint64_t documents() const { return documents_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::uint64_t> documents_{0};
};

// The text of the line, without control characters:
// "412.3 MB of 1.1 GB (38%), 118,220 letters, 512.4 MB/s, 0:08 elapsed, 0:13 left".
// An unknown total (0) leaves out the share and the time left.
std::string FormatProgress(std::uint64_t bytes, std::uint64_t total_bytes, std::uint64_t documents,
                           std::string_view unit, double elapsed_seconds);

class ProgressLine {
 public:
  // Starts drawing `progress` on `out` every 100 ms. `progress`, `out` and
  // `unit` must outlive this.
  ProgressLine(const Progress& progress, std::uint64_t total_bytes, std::string_view unit, std::FILE* out);
  // Stops the thread and draws the final line, ended by a newline.
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void Draw(std::string_view end) const;
  void Loop();

  const Progress& progress_;
  const std::uint64_t total_bytes_;
  const std::string_view unit_;
  std::FILE* const out_;
  const std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace imr::pipeline
