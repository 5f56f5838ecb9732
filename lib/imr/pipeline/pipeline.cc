#include "imr/pipeline/pipeline.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "imr/pipeline/problem_order.h"
#include "imr/pipeline/tsan_handoff.h"
#include "imr/split/unit_splitter.h"
#include "oneapi/tbb/flow_graph.h"
#include "oneapi/tbb/global_control.h"
#include "oneapi/tbb/info.h"
#include "oneapi/tbb/task_arena.h"

namespace imr::pipeline {
namespace {

namespace flow = oneapi::tbb::flow;

// One work unit on its way through the graph: planned, split into a batch,
// processed, written.
struct Work {
  split::WorkUnit unit;
  split::Batch batch;
};

// Owns every Work of a run from planning until written; what is still in
// flight when a run stops early (an error, an exception) is freed with it.
// The graph's messages are plain Work pointers: TBB copies messages into its
// task objects and buffers, and under ThreadSanitizer those copies race with
// the task hand-offs inside libtbb that TSan cannot see (tsan_handoff.h). A
// pointer is copied by TBB's own code, which tests/tsan.supp leaves out; a
// shared_ptr would be copied by libstdc++ code, which the suppressions must
// not cover. One lock per unit (a unit is megabytes of letters) costs nothing
// measurable, needs no reasoning about how many units TBB holds, and is a
// std::mutex, which TSan sees.
class WorkOwner {
 public:
  // Called by the planner.
  Work* Add(std::unique_ptr<Work> work) {
    Work* const w = work.get();
    std::lock_guard<std::mutex> lock(mu_);
    works_.emplace(w, std::move(work));
    return w;
  }

  // Called by the writer, after the last use of `work`.
  void Remove(const Work* work) {
    std::unique_ptr<Work> done;  // freed after the lock is released
    std::lock_guard<std::mutex> lock(mu_);
    if (const auto it = works_.find(work); it != works_.end()) {
      done = std::move(it->second);
      works_.erase(it);
    }
  }

 private:
  std::mutex mu_;
  absl::flat_hash_map<const Work*, std::unique_ptr<Work>> works_;
};

int CurrentSlot() { return std::max(0, oneapi::tbb::this_task_arena::current_thread_index()); }

void ReleaseWritten(const split::Batch& batch) {
  if (batch.release_file != nullptr) batch.release_file->Release(batch.release_begin, batch.release_end);
}

void AdvanceProgress(const PipelineOptions& options, const split::Batch& batch) {
  if (options.progress != nullptr) options.progress->Advance(batch.input_bytes, batch.documents.size());
}

// Keeps the first error of a run and stops the graph.
class FirstError {
 public:
  explicit FirstError(flow::graph& g) : graph_(g) {}
  void Record(absl::Status status) {
    if (status.ok() || !status_.ok()) return;
    status_ = std::move(status);
    graph_.cancel();
  }
  const absl::Status& status() const { return status_; }

 private:
  flow::graph& graph_;
  absl::Status status_;
};

}  // namespace

int ResolveThreads(int requested) {
  return requested > 0 ? requested : std::max(1, oneapi::tbb::info::default_concurrency());
}

int Slots(const PipelineOptions& options, bool serial) { return serial ? 1 : ResolveThreads(options.threads); }

std::string Where(const corpus::Corpus& corpus, const split::Position& position) {
  const std::string& path = corpus.source(position.source_id).path;
  if (position.line != 0) return absl::StrCat(path, ":line ", position.line);
  return absl::StrCat(path, ":byte ", position.offset);
}

absl::Status RunPipeline(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                         const PipelineOptions& options) {
  const int threads = ResolveThreads(options.threads);
  const int in_flight = options.max_in_flight > 0 ? options.max_in_flight : 4 * threads;
  split::UnitPlanner planner(corpus, options.plan);
  split::UnitSplitter splitter(corpus, rule, options.text_field, threads);
  ProblemOrder problems(job);
  if (options.plan.span.first) problems.Start(corpus);
  absl::Status result;
  // Lets --threads exceed the core count (for tests and oversubscription)
  // without TBB capping the arena and warning about it.
  oneapi::tbb::global_control allow(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
  oneapi::tbb::task_arena arena(threads);
  arena.execute([&] {
    WorkOwner works;
    SlotHandoffs slots(threads);
    Graph g;
    FirstError first_error(g);

    // Nodes, in data-flow order. Each body first acquires the unit it was
    // handed and releases it last (tsan_handoff.h); the planner's calls are
    // ordered by the input node's lock, which TSan sees.
    flow::input_node<Work*> plan(g, [&](oneapi::tbb::flow_control& fc) -> Work* {
      auto work = std::make_unique<Work>();
      if (!planner.Next(&work->unit)) {
        fc.stop();
        return nullptr;
      }
      Work* added = works.Add(std::move(work));
      HandoffRelease(added);
      return added;
    });
    flow::limiter_node<Work*> throttle(g, static_cast<std::size_t>(in_flight));
    flow::function_node<Work*, Work*> split(g, flow::unlimited, [&](Work* work) {
      HandoffAcquire(work);
      const int slot = CurrentSlot();
      slots.Acquire(slot);
      splitter.Split(work->unit, slot, &work->batch);
      slots.Release(slot);
      HandoffRelease(work);
      return work;
    });
    flow::function_node<Work*, Work*> process(g, flow::unlimited, [&](Work* work) {
      HandoffAcquire(work);
      const int slot = CurrentSlot();
      slots.Acquire(slot);
      job.Process(work->batch, slot);
      slots.Release(slot);
      HandoffRelease(work);
      return work;
    });
    flow::sequencer_node<Work*> in_order(g, [](const Work* work) {
      HandoffAcquire(work);
      const std::uint64_t seq = work->batch.seq;
      HandoffRelease(work);
      return seq;
    });
    flow::function_node<Work*, flow::continue_msg> write(g, flow::serial, [&](Work* work) {
      HandoffAcquire(work);
      HandoffAcquire(&job);  // the previous call, maybe on another thread
      splitter.ReportLostBytes(&work->batch);
      problems.Add(work->batch);
      first_error.Record(job.Write(work->batch));
      AdvanceProgress(options, work->batch);
      ReleaseWritten(work->batch);
      HandoffRelease(&job);
      works.Remove(work);
      return flow::continue_msg();
    });

    [[maybe_unused]] ArenaEntryHandoff graph_built;

    // Edges, in the same order; every unit returns exactly one token.
    flow::make_edge(plan, throttle);
    flow::make_edge(throttle, split);
    flow::make_edge(split, process);
    flow::make_edge(process, in_order);
    flow::make_edge(in_order, write);
    flow::make_edge(write, throttle.decrementer());

    try {
      plan.activate();
      g.wait_for_all();
      result = first_error.status();
      if (result.ok()) problems.Finish();
    } catch (const std::bad_alloc&) {
      result = absl::ResourceExhaustedError("out of memory");
    } catch (const std::exception& e) {
      result = absl::InternalError(absl::StrCat("pipeline stage failed: ", e.what()));
    }
  });
  return result;
}

absl::Status RunSerial(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                       const PipelineOptions& options) {
  split::UnitPlanner planner(corpus, options.plan);
  split::UnitSplitter splitter(corpus, rule, options.text_field, 1);
  ProblemOrder problems(job);
  if (options.plan.span.first) problems.Start(corpus);
  split::WorkUnit unit;
  while (planner.Next(&unit)) {
    split::Batch batch;
    splitter.Split(unit, 0, &batch);
    job.Process(batch, 0);
    splitter.ReportLostBytes(&batch);
    problems.Add(batch);
    if (absl::Status s = job.Write(batch); !s.ok()) return s;
    AdvanceProgress(options, batch);
    ReleaseWritten(batch);
  }
  problems.Finish();
  return absl::OkStatus();
}

absl::Status Run(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                 const PipelineOptions& options, bool serial) {
  return serial ? RunSerial(corpus, rule, job, options) : RunPipeline(corpus, rule, job, options);
}

}  // namespace imr::pipeline
