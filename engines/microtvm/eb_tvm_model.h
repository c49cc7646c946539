/* What eb_tvm_model.c (generated per model) gives the glue. */
#ifndef EB_TVM_MODEL_H
#define EB_TVM_MODEL_H

#include <stddef.h>

void *eb_tvm_input(size_t *bytes);
size_t eb_tvm_output_count(void);
const void *eb_tvm_output(size_t index, size_t *bytes);
/* One inference: tvmgen_default_run on the buffers above; 0 on success. */
int eb_tvm_run(void);

#endif
