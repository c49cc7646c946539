#ifndef FXDENSE_H
#define FXDENSE_H
/* y = W x + b, W row-major (n_out x n_in) */
void fxdense_run(const float *w, const float *b, int n_in, int n_out, const float *x, float *y);
float fxmath_dot(const float *a, const float *b, int n);
#endif
