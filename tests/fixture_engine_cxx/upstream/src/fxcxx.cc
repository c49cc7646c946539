#include "fxcxx.h"

namespace fxcxx {

// Out of line: the key function, so Layer's vtable (with its pure virtual slots) is emitted here.
Layer::~Layer() {}

namespace {

// A static object with a constructor and a destructor, as TFLM's op resolvers and allocators are
// when an application defines them at file scope.
class Registry {
 public:
  Registry() : magic_(kMagic) {}
  ~Registry() { magic_ = 0; }
  bool Ready() const { return magic_ == kMagic; }

 private:
  static constexpr uint32_t kMagic = 0x5eedc0deu;
  volatile uint32_t magic_;
};

Registry registry;

}  // namespace

bool Ready() { return registry.Ready(); }

Layer* MakeDense(void* storage, size_t bytes, const float* weights, const float* bias, int32_t n_in,
                 int32_t n_out) {
  if (bytes < sizeof(Dense<float>)) return nullptr;
  return new (storage) Dense<float>(weights, bias, n_in, n_out);
}

void CopyFloats(float* to, const float* from, size_t count) { std::memcpy(to, from, count * sizeof(float)); }

}  // namespace fxcxx
