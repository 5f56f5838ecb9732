#include "imr/cluster/transport.h"

#include <dlfcn.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "imr/base/module_loader.h"

namespace imr::cluster {
namespace {

absl::Status Check(int code, const std::string& what) {
  if (code == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, " failed (MPI error ", code, ")"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Transport>> Transport::OpenMpi(int* argc, char*** argv) {
  const std::string module = ExecutableDir() + "/libimr_mpi.so";
  // RTLD_GLOBAL: Open MPI's own plugins resolve symbols of libmpi.
  absl::StatusOr<void*> open_symbol = LoadModuleSymbol({&module, 1}, "imr_transport_open", RTLD_GLOBAL);
  if (!open_symbol.ok()) {
    return absl::UnavailableError(absl::StrCat("--mpi: cannot load ", module, " (", open_symbol.status().message(),
                                               "); build imr with Open MPI installed (libopenmpi-dev) and "
                                               "-DIMR_MPI=ON"));
  }
  auto open = reinterpret_cast<ImrTransportOpen>(*open_symbol);
  ImrTransportTable table;
  char error[512] = {};
  if (open(argc, argv, &table, error, sizeof(error)) != 0) {
    return absl::InternalError(absl::StrCat("--mpi: ", error));
  }
  // The module stays loaded for the life of the process: Open MPI may run
  // exit handlers in it.
  return std::make_unique<Transport>(table);
}

Transport::~Transport() {
  if (table_.finalize != nullptr) table_.finalize(table_.state);
}

absl::Status Transport::Send(std::string_view bytes, int to, int tag) {
  return Check(table_.send(table_.state, bytes.data(), bytes.size(), to, tag), absl::StrCat("sending to rank ", to));
}

absl::StatusOr<int> Transport::Poll(int tag) {
  int ready = 0, from = -1;
  if (absl::Status s = Check(table_.poll(table_.state, tag, &ready, &from), "polling"); !s.ok()) return s;
  return ready ? from : -1;
}

absl::StatusOr<std::string> Transport::Receive(int from, int tag) {
  std::uint64_t size = 0;
  const std::string what = absl::StrCat("receiving from rank ", from);
  if (absl::Status s = Check(table_.receive_size(table_.state, from, tag, &size), what); !s.ok()) return s;
  std::string bytes(size, '\0');
  if (absl::Status s = Check(table_.receive_data(table_.state, from, tag, bytes.data(), size), what); !s.ok()) return s;
  return bytes;
}

void Transport::Abort(int code) {
  table_.abort(table_.state, code);
  _exit(code);  // MPI_Abort does not return; this is for a table that does
}

}  // namespace imr::cluster
