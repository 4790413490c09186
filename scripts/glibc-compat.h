/*
 * glibc-compat.h — force-included (-include) when scripts/package-linux.mjs builds the shipped
 * libOneTrans.so, so that the library loads on the glibc the shipped Node needs (2.28: UOS 20,
 * Kylin V10, CentOS/RHEL 8) although it is built on a newer one (Debian 12: 2.36).
 *
 * glibc 2.34 moved pthread_* and dl* into libc.so.6 under new symbol versions (GLIBC_2.34), and
 * 2.33 made stat() a real function (GLIBC_2.33); a library linked against them fails on older
 * systems with "version `GLIBC_2.34' not found". These directives bind each reference to the
 * oldest version instead, which every glibc still exports; the package script links
 * libpthread.so.0 and libdl.so.2 explicitly, where older glibcs keep those functions.
 * test/linux checks the result with objdump -T (no version newer than GLIBC_2.28).
 * Touches no source file: the native code stays plain POSIX.
 */
#ifndef ONETRANS_GLIBC_COMPAT_H
#define ONETRANS_GLIBC_COMPAT_H

#if defined(__x86_64__)
#define OT_GLIBC_BASE "GLIBC_2.2.5"
#define OT_GLIBC_SETCLOCK "GLIBC_2.3.3" /* added after the x86-64 base version */
#define OT_XSTAT_VER 1
#elif defined(__aarch64__)
#define OT_GLIBC_BASE "GLIBC_2.17"
#define OT_GLIBC_SETCLOCK "GLIBC_2.17"
#define OT_XSTAT_VER 0
#endif

#ifdef OT_GLIBC_BASE
__asm__(".symver pthread_create,pthread_create@" OT_GLIBC_BASE);
__asm__(".symver pthread_once,pthread_once@" OT_GLIBC_BASE);
__asm__(".symver pthread_sigmask,pthread_sigmask@" OT_GLIBC_BASE);
__asm__(".symver pthread_condattr_setclock,pthread_condattr_setclock@" OT_GLIBC_SETCLOCK);
__asm__(".symver pthread_join,pthread_join@" OT_GLIBC_BASE);
__asm__(".symver pthread_detach,pthread_detach@" OT_GLIBC_BASE);
__asm__(".symver pthread_key_create,pthread_key_create@" OT_GLIBC_BASE);
__asm__(".symver pthread_setspecific,pthread_setspecific@" OT_GLIBC_BASE);
__asm__(".symver pthread_getspecific,pthread_getspecific@" OT_GLIBC_BASE);
__asm__(".symver pthread_attr_setstacksize,pthread_attr_setstacksize@" OT_GLIBC_BASE);
__asm__(".symver pthread_mutexattr_settype,pthread_mutexattr_settype@" OT_GLIBC_BASE);
__asm__(".symver dlopen,dlopen@" OT_GLIBC_BASE);
__asm__(".symver dlsym,dlsym@" OT_GLIBC_BASE);
__asm__(".symver dlclose,dlclose@" OT_GLIBC_BASE);
__asm__(".symver dlerror,dlerror@" OT_GLIBC_BASE);
__asm__(".symver dladdr,dladdr@" OT_GLIBC_BASE);

/* stat() before 2.33 was an inline wrapper around __xstat(_STAT_VER, ...). The macros below
 * must come after <sys/stat.h>'s declarations, so it is included here, with the feature set the
 * sources ask for (platform-posix.c defines _GNU_SOURCE only when it is not defined). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/stat.h>
extern int __xstat(int ver, const char *path, struct stat *buf);
__asm__(".symver __xstat,__xstat@" OT_GLIBC_BASE);
static inline int ot_compat_stat(const char *path, struct stat *buf) { return __xstat(OT_XSTAT_VER, path, buf); }
#define stat(path, buf) ot_compat_stat(path, buf)
extern int __fxstat(int ver, int fd, struct stat *buf);
__asm__(".symver __fxstat,__fxstat@" OT_GLIBC_BASE);
static inline int ot_compat_fstat(int fd, struct stat *buf) { return __fxstat(OT_XSTAT_VER, fd, buf); }
#define fstat(fd, buf) ot_compat_fstat(fd, buf)
#endif

#endif
