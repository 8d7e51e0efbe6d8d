#ifndef QUENCH_CMPI_SHIM_H
#define QUENCH_CMPI_SHIM_H
#include <mpi.h>
#endif
