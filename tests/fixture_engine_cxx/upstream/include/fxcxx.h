// fxcxx: one dense layer, written the way TFLM writes its kernels (templates, a
// class hierarchy with pure virtual functions, objects placed in caller-owned memory).
#ifndef FXCXX_H
#define FXCXX_H

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>

namespace fxcxx {

class Layer {
 public:
  virtual ~Layer();
  virtual int Eval(const float* input, float* output) const = 0;
  virtual int32_t Outputs() const = 0;
};

template <typename T>
class Dense final : public Layer {
  static_assert(std::is_floating_point<T>::value, "Dense computes in floating point");

 public:
  Dense(const T* weights, const T* bias, int32_t n_in, int32_t n_out)
      : weights_(weights), bias_(bias), n_in_(n_in), n_out_(n_out) {}
  ~Dense() override = default;

  int Eval(const float* input, float* output) const override {
    T x[kMaxInputs];
    if (n_in_ > kMaxInputs) return 1;
    std::copy(input, input + n_in_, x);
    for (int32_t o = 0; o < n_out_; ++o) {
      T acc = bias_[o];
      for (int32_t i = 0; i < n_in_; ++i) acc += weights_[o * n_in_ + i] * x[i];
      if (!std::isfinite(acc)) return 2;
      output[o] = static_cast<float>(std::clamp(acc, std::numeric_limits<T>::lowest(),
                                                std::numeric_limits<T>::max()));
    }
    return 0;
  }
  int32_t Outputs() const override { return n_out_; }

 private:
  static constexpr int32_t kMaxInputs = 256;
  const T* weights_;
  const T* bias_;
  int32_t n_in_, n_out_;
};

// Builds the layer in `storage` (placement new); nullptr if it does not fit there.
Layer* MakeDense(void* storage, size_t bytes, const float* weights, const float* bias, int32_t n_in, int32_t n_out);

// True once the library's static objects are constructed (their constructors run before main).
bool Ready();

// Copies `count` floats with memcpy, as TFLM moves tensors.
void CopyFloats(float* to, const float* from, size_t count);

}  // namespace fxcxx

#endif
