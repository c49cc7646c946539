#include "fxk_called.h"

float fxk_pick(const float *values, int index)
{
    return values[index];
}
