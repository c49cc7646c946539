"""fxcc: the fixture model compiler (ONNX Gemm -> one C function)."""
