#ifndef FX_DENSE_H
#define FX_DENSE_H

/* y = W x + b, W row-major [n_out][n_in]. */
void fx_dense(const float *w, const float *b, const float *x, float *y, int n_in, int n_out);

#endif
