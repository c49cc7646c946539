#ifndef FX_DENSE_H
#define FX_DENSE_H

/* Like TinyMaix's tm_port.h: a header the integrator supplies (here the
 * converter generates it), included from the library's own header. */
#include "fx_port.h"

/* y = W x + b, W row-major [n_out][n_in]. */
void fx_dense(const float *w, const float *b, const float *x, float *y, int n_in, int n_out);

#endif
