// File: imr/cluster/transport.h
//
// The C++ side of transport_abi.h: loads the MPI module and sends and
// receives messages as strings, with errors as absl::Status.
//
// Example:
//   absl::StatusOr<std::unique_ptr<Transport>> t = Transport::OpenMpi(&argc, &argv);
//   if (t.ok() && (*t)->rank() == 0) ...
//
// Thread-safety: every call from the thread that opened it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "imr/cluster/transport_abi.h"

namespace imr::cluster {

class Transport {
 public:
  // Loads libimr_mpi.so from the folder of the running executable and
  // initializes MPI. Errors: Unavailable (built without MPI, or the module or
  // Open MPI's libraries cannot be loaded), Internal (MPI_Init failed).
  static absl::StatusOr<std::unique_ptr<Transport>> OpenMpi(int* argc, char*** argv);
  // Over a table filled by the caller (tests); `finalize` is called on destruction.
  explicit Transport(const ImrTransportTable& table) : table_(table) {}
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  int rank() const { return table_.rank; }
  int size() const { return table_.size; }
  absl::Status Send(std::string_view bytes, int to, int tag);
  // A waiting message's sender, or -1 when none is waiting.
  absl::StatusOr<int> Poll(int tag);
  absl::StatusOr<std::string> Receive(int from, int tag);
  [[noreturn]] void Abort(int code);

 private:
  ImrTransportTable table_;
};

}  // namespace imr::cluster
