#ifndef EB_INPUTS_H
#define EB_INPUTS_H

#include <stddef.h>
#include <stdint.h>

/* Generated per model from harness/inputs.c.in: the test inputs, already
 * encoded the way the engine's input buffer takes them. */
extern const size_t eb_input_count;
extern const size_t eb_input_bytes;
extern const uint8_t eb_inputs[];

#endif
