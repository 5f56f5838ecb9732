// RunDistributed over ranks that are threads of this process, talking
// through an in-process table of transport_abi.h: rank 0 prints what one
// process prints (records, statistics, messages) at 1, 2 and 3 ranks. The
// same code runs under mpirun in tests/cluster/mpi_test.sh; this test runs
// where Open MPI is absent and under the sanitizers.
#include "imr/cluster/distributed_run.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "imr/stats/report.h"
#include "testing/test_util.h"

namespace imr::cluster {
namespace {

// Messages between threads: a queue per (to, from, tag).
class Mailbox {
 public:
  void Put(int to, int from, int tag, std::string bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    queues_[{to, from, tag}].push_back(std::move(bytes));
    cv_.notify_all();
  }
  bool Waiting(int to, int tag, int* from) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [key, queue] : queues_) {
      if (std::get<0>(key) == to && std::get<2>(key) == tag && !queue.empty()) {
        *from = std::get<1>(key);
        return true;
      }
    }
    return false;
  }
  // The next message's size, waiting for it.
  std::uint64_t Peek(int to, int from, int tag) {
    std::unique_lock<std::mutex> lock(mu_);
    std::deque<std::string>& queue = queues_[{to, from, tag}];
    cv_.wait(lock, [&] { return !queue.empty(); });
    return queue.front().size();
  }
  std::string Take(int to, int from, int tag) {
    std::lock_guard<std::mutex> lock(mu_);
    std::deque<std::string>& queue = queues_[{to, from, tag}];
    std::string bytes = std::move(queue.front());
    queue.pop_front();
    return bytes;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::tuple<int, int, int>, std::deque<std::string>> queues_;
};

struct Endpoint {
  Mailbox* mailbox;
  int rank;
};

ImrTransportTable Table(Endpoint* e, int size) {
  ImrTransportTable t{};
  t.rank = e->rank;
  t.size = size;
  t.state = e;
  t.send = [](void* s, const void* data, std::uint64_t n, int to, int tag) {
    auto* e = static_cast<Endpoint*>(s);
    e->mailbox->Put(to, e->rank, tag, std::string(static_cast<const char*>(data), n));
    return 0;
  };
  t.poll = [](void* s, int tag, int* ready, int* from) {
    auto* e = static_cast<Endpoint*>(s);
    *ready = e->mailbox->Waiting(e->rank, tag, from) ? 1 : 0;
    return 0;
  };
  t.receive_size = [](void* s, int from, int tag, std::uint64_t* n) {
    auto* e = static_cast<Endpoint*>(s);
    *n = e->mailbox->Peek(e->rank, from, tag);
    return 0;
  };
  t.receive_data = [](void* s, int from, int tag, void* data, std::uint64_t n) {
    auto* e = static_cast<Endpoint*>(s);
    const std::string bytes = e->mailbox->Take(e->rank, from, tag);
    std::copy(bytes.begin(), bytes.end(), static_cast<char*>(data));
    return 0;
  };
  t.abort = [](void*, int code) { std::abort(); };
  t.finalize = [](void*) {};
  return t;
}

// What a run printed: records, statistics (JSON), messages.
struct Printed {
  std::string records, stats, messages;
};

std::string ReadBack(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof(buf), f)) > 0;) s.append(buf, n);
  std::fclose(f);
  return s;
}

jobs::RunOptions Options() {
  jobs::RunOptions o;
  o.pipeline.threads = 2;
  o.pipeline.plan.chunk_bytes = 4096;  // test letters are small: cut them anyway
  return o;
}

Printed OneProcess(const corpus::Corpus& corpus) {
  std::FILE* out = std::tmpfile();
  std::FILE* diag = std::tmpfile();
  const absl::StatusOr<stats::Stats> s = jobs::RunExtract(corpus, Options(), out, diag);
  EXPECT_TRUE(s.ok()) << s.status();
  return {ReadBack(out), s.ok() ? stats::FormatStatsJson(*s) : "", ReadBack(diag)};
}

Printed Distributed(const corpus::Corpus& corpus, int ranks, std::uint32_t shards) {
  Mailbox mailbox;
  std::vector<Endpoint> endpoints;
  for (int r = 0; r < ranks; ++r) endpoints.push_back({&mailbox, r});
  Printed printed;
  std::FILE* out = std::tmpfile();
  std::FILE* diag = std::tmpfile();
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      Transport transport(Table(&endpoints[r], ranks));
      DistributedOptions options;
      options.run = Options();
      options.records = true;
      options.shards = shards;
      const absl::StatusOr<stats::Stats> s =
          RunDistributed(corpus, options, transport, r == 0 ? out : nullptr, r == 0 ? diag : nullptr);
      EXPECT_TRUE(s.ok()) << "rank " << r << ": " << s.status();
      if (r == 0 && s.ok()) printed.stats = stats::FormatStatsJson(*s);
    });
  }
  for (std::thread& t : threads) t.join();
  printed.records = ReadBack(out);
  printed.messages = ReadBack(diag);
  return printed;
}

TEST(DistributedRunTest, RanksPrintWhatOneProcessPrints) {
  const std::vector<std::string> paths{testing::SourceDir() + "/tests/testdata/letters"};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
  const Printed one = OneProcess(corpus);
  ASSERT_FALSE(one.records.empty());
  ASSERT_FALSE(one.messages.empty());  // the test letters hold garbage and a broken JSON line
  for (int ranks : {1, 2, 3}) {
    for (std::uint32_t shards : {1u, 5u, 40u}) {
      const Printed d = Distributed(corpus, ranks, shards);
      EXPECT_EQ(d.records, one.records) << ranks << " ranks, " << shards << " shards";
      EXPECT_EQ(d.stats, one.stats) << ranks << " ranks, " << shards << " shards";
      EXPECT_EQ(d.messages, one.messages) << ranks << " ranks, " << shards << " shards";
    }
  }
}

TEST(DistributedRunTest, DefaultShardsAreEightPerRankAndOnePer256MiB) {
  EXPECT_EQ(DefaultShards(0, 1), 8u);
  EXPECT_EQ(DefaultShards(1000, 4), 32u);
  EXPECT_EQ(DefaultShards(std::uint64_t{1} << 40, 4), 4097u);
}

}  // namespace
}  // namespace imr::cluster
