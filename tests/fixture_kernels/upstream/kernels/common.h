#ifndef FXK_COMMON_H
#define FXK_COMMON_H

/* Kernel helpers (kernels/common.c registers nothing, so it goes into the library). */
float fxk_dot(const float *a, const float *b, int n);

#endif
