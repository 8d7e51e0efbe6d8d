#ifndef QUENCH_CSUPPORT_H
#define QUENCH_CSUPPORT_H
// Small POSIX helpers that Swift cannot reach cleanly.

/// Number of CPUs in this process's affinity mask (what mpirun's binding leaves us), at least 1.
int quench_allowed_cpu_count(void);

/// Make stdout line buffered, so progress shows when it goes to a file (batch schedulers).
void quench_line_buffer_stdout(void);

/// How the numeric kernels were built: "portable", or "cpu=NAME,fma" (QUENCH_TARGET_CPU at build time).
const char *quench_build_flavour(void);

#endif
