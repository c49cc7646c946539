#include "common.h"

float fxk_max(const float *values, int n)
{
    float top = values[0];
    for (int i = 1; i < n; i++)
        top = values[i] > top ? values[i] : top;
    return top;
}
