#define _GNU_SOURCE
#include "CSupport.h"
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

int quench_allowed_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

void quench_line_buffer_stdout(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
}

#ifndef QUENCH_BUILD_FLAVOUR
#define QUENCH_BUILD_FLAVOUR "portable"
#endif

const char *quench_build_flavour(void) {
    return QUENCH_BUILD_FLAVOUR;
}
