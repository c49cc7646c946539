#error "the fast option's exclude leaves this out"
