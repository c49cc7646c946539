#ifndef FXK_FAST_H
#define FXK_FAST_H

/* A dot product in four partial sums (the fast kernels' helper, an option value's own source). */
float fxk_dot4(const float *a, const float *b, int n);

#endif
