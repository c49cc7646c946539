#error "the fast option's called.exclude leaves this out"
