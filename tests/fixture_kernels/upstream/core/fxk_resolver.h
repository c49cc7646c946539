/* The op resolver: one Add<Op>() per operator fxk can run, naming the builtin operator and the
 * registration it takes (as TFLM's micro_mutable_op_resolver.h). */
#ifndef FXK_RESOLVER_H
#define FXK_RESOLVER_H

#include "fxk.h"

fxk_registration Register_FULLY_CONNECTED(void);
fxk_registration Register_RELU(void);
fxk_registration Register_SOFTMAX(void);

static inline int AddFullyConnected(fxk_resolver *resolver)
{
    return fxk_resolver_add(resolver, BuiltinOperator_FULLY_CONNECTED, Register_FULLY_CONNECTED());
}

static inline int AddRelu(fxk_resolver *resolver)
{
    return fxk_resolver_add(resolver, BuiltinOperator_RELU, Register_RELU());
}

static inline int AddSoftmax(fxk_resolver *resolver)
{
    return fxk_resolver_add(resolver, BuiltinOperator_SOFTMAX, Register_SOFTMAX());
}

#endif
