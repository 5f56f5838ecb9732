#include "imr/pipeline/pipeline.h"

#include <exception>
#include <memory>
#include <new>

#include "absl/strings/str_cat.h"
#include "imr/split/unit_splitter.h"
#include "oneapi/tbb/flow_graph.h"
#include "oneapi/tbb/global_control.h"
#include "oneapi/tbb/info.h"
#include "oneapi/tbb/task_arena.h"

namespace imr::pipeline {
namespace {

namespace flow = oneapi::tbb::flow;

// TBB copies messages, so they are shared pointers to the real payloads.
using UnitMsg = std::shared_ptr<split::WorkUnit>;
using BatchMsg = std::shared_ptr<split::Batch>;

int CurrentSlot() { return std::max(0, oneapi::tbb::this_task_arena::current_thread_index()); }

void ReleaseWritten(const split::Batch& batch) {
  if (batch.release_file != nullptr) batch.release_file->Release(batch.release_begin, batch.release_end);
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

absl::Status RunPipeline(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                         const PipelineOptions& options) {
  const int threads = ResolveThreads(options.threads);
  const int in_flight = options.max_in_flight > 0 ? options.max_in_flight : 4 * threads;
  split::UnitPlanner planner(corpus, options.plan);
  split::UnitSplitter splitter(corpus, rule, options.text_field, threads);
  absl::Status result;
  // Lets --threads exceed the core count (for tests and oversubscription)
  // without TBB capping the arena and warning about it.
  oneapi::tbb::global_control allow(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
  oneapi::tbb::task_arena arena(threads);
  arena.execute([&] {
    flow::graph g;
    FirstError first_error(g);

    // Nodes, in data-flow order.
    flow::input_node<UnitMsg> plan(g, [&](oneapi::tbb::flow_control& fc) -> UnitMsg {
      auto unit = std::make_shared<split::WorkUnit>();
      if (!planner.Next(unit.get())) fc.stop();
      return unit;
    });
    flow::limiter_node<UnitMsg> throttle(g, static_cast<std::size_t>(in_flight));
    flow::function_node<UnitMsg, BatchMsg> split(g, flow::unlimited, [&](const UnitMsg& unit) {
      auto batch = std::make_shared<split::Batch>();
      splitter.Split(*unit, CurrentSlot(), batch.get());
      return batch;
    });
    flow::function_node<BatchMsg, BatchMsg> process(g, flow::unlimited, [&](const BatchMsg& batch) {
      job.Process(*batch, CurrentSlot());
      return batch;
    });
    flow::sequencer_node<BatchMsg> in_order(g, [](const BatchMsg& batch) { return batch->seq; });
    flow::function_node<BatchMsg, flow::continue_msg> write(g, flow::serial, [&](const BatchMsg& batch) {
      splitter.ReportLostBytes(batch.get());
      first_error.Record(job.Write(*batch));
      ReleaseWritten(*batch);
      return flow::continue_msg();
    });

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
  split::WorkUnit unit;
  while (planner.Next(&unit)) {
    split::Batch batch;
    splitter.Split(unit, 0, &batch);
    job.Process(batch, 0);
    splitter.ReportLostBytes(&batch);
    if (absl::Status s = job.Write(batch); !s.ok()) return s;
    ReleaseWritten(batch);
  }
  return absl::OkStatus();
}

}  // namespace imr::pipeline
