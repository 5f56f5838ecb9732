#include "imr/pipeline/parallel_for.h"

#include "imr/pipeline/pipeline.h"
#include "oneapi/tbb/blocked_range.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"

namespace imr::pipeline {

void ParallelFor(std::size_t n, int threads, const std::function<void(std::size_t)>& body) {
  const int t = ResolveThreads(threads);
  if (t <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  oneapi::tbb::task_arena arena(t);
  arena.execute([&] {
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, n, 1),
                              [&](const oneapi::tbb::blocked_range<std::size_t>& r) {
                                for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
                              });
  });
}

}  // namespace imr::pipeline
