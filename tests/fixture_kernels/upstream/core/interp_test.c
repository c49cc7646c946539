#error "a test of the core: engine.yaml's library.exclude leaves it out"
