#include "dense.h"

#ifndef FX_PORTED
#error "fx_port.h is the converter's: the build must generate it before compiling the library"
#endif

void fx_dense(const float *w, const float *b, const float *x, float *y, int n_in, int n_out)
{
    for (int o = 0; o < n_out; o++) {
        float acc = b[o];
        for (int i = 0; i < n_in; i++)
            acc += w[o * n_in + i] * x[i];
        y[o] = acc;
    }
}
