// Test input for the measure tool's self-test (selftest.sh): one test of each outcome the tool must tell apart.
using System;
using System.Threading;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp
{
    public class Fake
    {
        static void BrokenHelper() => torch.another_missing_function(1);

        [Fact]
        public void Passes() => Assert.Equal(new long[] { 2, 3 }, zeros(2, 3).shape);

        [Fact]
        public void Fails() => Assert.Equal(1, 2);

        [Fact]
        public void UsesMissingApi() => torch.no_such_function();

        [Fact]
        public void UsesBrokenHelper() => BrokenHelper();

        [Fact]
        public void Crashes() => Environment.FailFast("self-test: a crash in a test");

        [Fact]
        public void PassesAfterCrash() { }

        [Fact]
        public void Hangs() => Thread.Sleep(Timeout.Infinite);

        [Fact]
        public void PassesAfterHang() { }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Theory(int x) => Assert.True(x > 0);

        [Fact(Skip = "skipped upstream")]
        public void Skipped() { }
    }
}
