// libtorch's random generator and thread count are process-wide: tests that seed it (manual_seed) or change the
// thread count must not interleave with tests drawing random numbers, so test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
