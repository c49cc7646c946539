#error "a kernel test: engine.yaml's kernels.exclude leaves it out"
