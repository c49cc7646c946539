#ifndef FXK_COMMON_H
#define FXK_COMMON_H

/* Kernel helpers: common.c and softmax_common.c register nothing, so a model compiles them only
 * when one of its kernels calls them. */
float fxk_dot(const float *a, const float *b, int n);
float fxk_max(const float *values, int n);

#endif
