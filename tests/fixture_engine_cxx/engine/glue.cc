// The C++ fixture's glue: the harness protocol (harness/eb_engine.h, extern "C") over fxcxx.
#include "eb_engine.h"
#include "fx_model.h"
#include "fxcxx.h"

namespace {

alignas(fxcxx::Dense<float>) unsigned char storage[sizeof(fxcxx::Dense<float>)];
fxcxx::Layer* layer = nullptr;
float input[FX_IN];
float output[FX_OUT];

}  // namespace

int eb_engine_init(void) {
  if (!fxcxx::Ready()) return 3;  // the static constructors did not run
  layer = fxcxx::MakeDense(storage, sizeof storage, fx_weights, fx_bias, FX_IN, FX_OUT);
  return layer != nullptr && layer->Outputs() == FX_OUT ? 0 : 4;
}

void* eb_engine_input(size_t* bytes) {
  *bytes = sizeof input;
  return input;
}

int eb_engine_invoke(void) {
  float staged[FX_IN];
  fxcxx::CopyFloats(staged, input, FX_IN);
  return layer->Eval(staged, output);
}

size_t eb_engine_output_count(void) { return 1; }

const void* eb_engine_output(size_t index, size_t* bytes) {
  (void)index;
  *bytes = sizeof output;
  return output;
}
