import Testing

/// Every test that starts a real Flink cluster, one at a time: two clusters at once on two
/// cores, beside the rest of the suite, made each start slower than the sum.
@Suite(.serialized) enum RealFlink {}
