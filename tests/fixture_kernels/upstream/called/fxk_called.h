#ifndef FXK_CALLED_H
#define FXK_CALLED_H

/* The fast kernels' `called` sources: the kernel names only fxk_bias_of, an inline function here,
 * which calls fxk_pick (called/fxk_pick.c); following this header finds it. */
float fxk_pick(const float *values, int index);

static inline float fxk_bias_of(const float *bias, int o)
{
    return bias ? fxk_pick(bias, o) : 0.0f;
}

#endif
