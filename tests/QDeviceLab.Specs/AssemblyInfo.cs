using Xunit;

// Each feature starts its own emulated station and runs real measurements; run them one at a
// time so they do not compete for two cores and time out against each other's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
