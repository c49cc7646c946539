/*
 * The C++ ABI pieces compiled C++ may call, for a toolchain that has no C++ support library
 * (libsupc++) to link them from: toolchains/libc.yaml names this file in the `cxx` entry of such a
 * compiler (riscv64-unknown-elf: Debian 12 ships no libstdc++ for it), and only C++ engines get it.
 * One thread, no exceptions: nothing here needs more. picolibc itself has __cxa_atexit and
 * __dso_handle (static objects' destructors), and its crt0 runs .init_array (their constructors).
 * Only C headers: this file must compile where no C++ library headers are installed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A class with a virtual destructor has a deleting destructor in its vtable, which calls the global
 * operator delete even when nothing is ever deleted (C++14 sized deallocation: the sized form). */
void operator delete(void *p) noexcept
{
    free(p);
}

void operator delete(void *p, size_t) noexcept
{
    free(p);
}

void operator delete[](void *p) noexcept
{
    free(p);
}

void operator delete[](void *p, size_t) noexcept
{
    free(p);
}

extern "C" {

/* An abstract class's vtable names these for its pure virtual (and deleted) functions; a call through
 * one is a program error (a virtual call from a base class's constructor or destructor). Reported in
 * the harness protocol (harness/main.c), rather than a jump to address 0. */
[[noreturn]] static void cxx_abi_error(const char *stage)
{
    fputs("EB:ERROR ", stdout);
    fputs(stage, stdout);
    fputs(" 1\n", stdout);
    fflush(stdout);
    exit(2);
}

void __cxa_pure_virtual(void)
{
    cxx_abi_error("pure-virtual-call");
}

void __cxa_deleted_virtual(void)
{
    cxx_abi_error("deleted-virtual-call");
}

/* Local statics with a constructor, where the engine is compiled without -fno-threadsafe-statics:
 * on one thread the guard's first byte alone says whether the object is built (the Itanium C++ ABI's
 * one-time construction API, which RISC-V follows; its guard is 64 bits). */
int __cxa_guard_acquire(uint64_t *guard)
{
    return *(volatile uint8_t *)guard == 0;
}

void __cxa_guard_release(uint64_t *guard)
{
    *(volatile uint8_t *)guard = 1;
}

void __cxa_guard_abort(uint64_t *guard)
{
    (void)guard;
}

}
