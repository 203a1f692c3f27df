using System.Diagnostics;
using System.Text;
using Course.Kernel.Zmq;

namespace Course.Kernel.Tests;

/// <summary>The libzmq binding over real sockets on 127.0.0.1 (each test binds its own free ports).</summary>
public sealed class ZmqTests : IDisposable
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    readonly ZmqContext _context = new();

    public void Dispose() => _context.Dispose();

    static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    (ZmqSocket Bound, string Endpoint) BindAnyPort(ZmqSocketType type)
    {
        var socket = new ZmqSocket(_context, type);
        socket.Bind("tcp://127.0.0.1:*");
        return (socket, socket.LastEndpoint);
    }

    [Fact]
    public void Version_IsLibzmq4()
    {
        Assert.Equal(4, ZmqSocket.Version.Major);
    }

    [Fact]
    public void LastEndpoint_ReportsTheChosenPort()
    {
        var (router, endpoint) = BindAnyPort(ZmqSocketType.Router);
        using var _ = router;
        var match = System.Text.RegularExpressions.Regex.Match(endpoint, @"^tcp://127\.0\.0\.1:(\d+)$");
        Assert.True(match.Success, endpoint);
        Assert.InRange(int.Parse(match.Groups[1].Value), 1, 65535);
    }

    [Fact]
    public void RouterDealer_RoundTripsBinaryEmptyAndLargeFrames()
    {
        var (router, endpoint) = BindAnyPort(ZmqSocketType.Router);
        using var _ = router;
        using var dealer = new ZmqSocket(_context, ZmqSocketType.Dealer);
        dealer.SetRoutingId(Bytes("client-1"));
        dealer.Connect(endpoint);

        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var large = new byte[1_500_000];
        new Random(7).NextBytes(large);
        List<byte[]> frames = [binary, [], large, Bytes("end")];

        dealer.SendMultipart(frames);
        var received = router.ReceiveMultipart(Wait);

        Assert.NotNull(received);
        Assert.Equal(Bytes("client-1"), received[0]);   // ROUTER prepends the sender's identity
        Assert.Equal(frames, received.Skip(1));

        List<byte[]> reply = [received[0], large, [], binary];
        router.SendMultipart(reply);
        var back = dealer.ReceiveMultipart(Wait);

        Assert.NotNull(back);
        Assert.Equal(reply.Skip(1), back);
    }

    [Fact]
    public void PubSub_DeliversSubscribedTopics_AndAnEmptyPrefixGetsEverything()
    {
        var (pub, endpoint) = BindAnyPort(ZmqSocketType.Pub);
        using var _ = pub;
        using var news = new ZmqSocket(_context, ZmqSocketType.Sub);
        using var all = new ZmqSocket(_context, ZmqSocketType.Sub);
        news.Subscribe(Bytes("news"));
        all.Subscribe([]);
        news.Connect(endpoint);
        all.Connect(endpoint);

        // PUB drops messages until a subscription has reached it, so publish until both subscribers get one.
        var clock = Stopwatch.StartNew();
        bool newsReady = false, allReady = false;
        while (!(newsReady && allReady) && clock.Elapsed < Wait)
        {
            pub.SendMultipart([Bytes("news"), Bytes("early")]);
            newsReady |= news.ReceiveMultipart(TimeSpan.FromMilliseconds(20)) is not null;
            allReady |= all.ReceiveMultipart(TimeSpan.FromMilliseconds(20)) is not null;
        }
        Assert.True(newsReady && allReady, "the subscriptions never reached the publisher");

        pub.SendMultipart([Bytes("other"), Bytes("ignored by news")]);
        pub.SendMultipart([Bytes("news"), Bytes("last"), []]);

        Assert.Equal([Bytes("news"), Bytes("last"), []], ReceiveSkippingEarly(news));   // "other" never reaches it
        Assert.Equal([Bytes("other"), Bytes("ignored by news")], ReceiveSkippingEarly(all));
        Assert.Equal([Bytes("news"), Bytes("last"), []], ReceiveSkippingEarly(all));
    }

    /// <summary>The next message that is not one of the "early" ones published while waiting for the subscription.</summary>
    static List<byte[]> ReceiveSkippingEarly(ZmqSocket sub)
    {
        while (true)
        {
            var message = sub.ReceiveMultipart(Wait);
            Assert.NotNull(message);
            if (!message[^1].AsSpan().SequenceEqual(Bytes("early"))) return message;
        }
    }

    [Fact]
    public void ReqRep_Echoes_AndReqRefusesToSendTwice()
    {
        var (rep, endpoint) = BindAnyPort(ZmqSocketType.Rep);
        using var _ = rep;
        using var req = new ZmqSocket(_context, ZmqSocketType.Req);
        req.Connect(endpoint);

        req.SendMultipart([Bytes("ping"), [0, 1, 2]]);
        var request = rep.ReceiveMultipart(Wait);
        Assert.NotNull(request);
        Assert.Equal([Bytes("ping"), [0, 1, 2]], request);
        rep.SendMultipart(request);
        Assert.Equal(request, req.ReceiveMultipart(Wait));

        req.SendMultipart([Bytes("again")]);
        var error = Assert.Throws<ZmqException>(() => req.SendMultipart([Bytes("too soon")]));   // REQ must wait for the reply
        Assert.Equal("zmq_send", error.Call);
        Assert.Contains("REQ socket", error.Message);
    }

    [Fact]
    public void ReceiveMultipart_ReturnsNullPromptlyOnTimeout()
    {
        var (router, _) = BindAnyPort(ZmqSocketType.Router);
        using var socket = router;

        var clock = Stopwatch.StartNew();
        Assert.Null(socket.ReceiveMultipart(TimeSpan.FromMilliseconds(200)));
        var waited = clock.Elapsed;
        Assert.InRange(waited.TotalMilliseconds, 190, 1500);

        clock.Restart();
        Assert.Null(socket.ReceiveMultipart(TimeSpan.Zero));
        Assert.True(clock.ElapsedMilliseconds < 100, $"a zero timeout took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Bind_PortInUse_ThrowsNamingTheEndpoint()
    {
        var (first, endpoint) = BindAnyPort(ZmqSocketType.Router);
        using var _ = first;
        using var second = new ZmqSocket(_context, ZmqSocketType.Router);

        var error = Assert.Throws<ZmqException>(() => second.Bind(endpoint));

        Assert.Equal("zmq_bind", error.Call);
        Assert.Equal(98, error.Errno);   // EADDRINUSE
        Assert.Contains(endpoint, error.Message);
        Assert.Contains("Address already in use", error.Message);
        Assert.Contains("errno 98", error.Message);
    }

    [Fact]
    public void Connect_UnknownTransport_ThrowsNamingTheEndpoint()
    {
        using var socket = new ZmqSocket(_context, ZmqSocketType.Dealer);
        var error = Assert.Throws<ZmqException>(() => socket.Connect("carrier-pigeon://127.0.0.1:1"));
        Assert.Equal("zmq_connect", error.Call);
        Assert.Contains("carrier-pigeon://127.0.0.1:1", error.Message);
        Assert.NotEqual(0, error.Errno);
    }

    [Fact]
    public void Subscribe_OnNonSubSocket_Throws()
    {
        using var socket = new ZmqSocket(_context, ZmqSocketType.Dealer);
        var error = Assert.Throws<ZmqException>(() => socket.Subscribe(Bytes("x")));
        Assert.Equal("zmq_setsockopt", error.Call);
        Assert.Contains("ZMQ_SUBSCRIBE", error.Message);
    }

    [Fact]
    public void Poll_ReportsWhichSocketIsReadable()
    {
        var (routerA, endpointA) = BindAnyPort(ZmqSocketType.Router);
        var (routerB, endpointB) = BindAnyPort(ZmqSocketType.Router);
        using var a = routerA;
        using var b = routerB;
        using var dealerA = new ZmqSocket(_context, ZmqSocketType.Dealer);
        using var dealerB = new ZmqSocket(_context, ZmqSocketType.Dealer);
        dealerA.Connect(endpointA);
        dealerB.Connect(endpointB);
        ZmqSocket[] routers = [a, b];

        Assert.Empty(ZmqPoll.WaitReadable(routers, TimeSpan.FromMilliseconds(50)));

        dealerB.SendMultipart([Bytes("to b")]);
        Assert.Equal([b], ZmqPoll.WaitReadable(routers, Wait));
        Assert.Equal(Bytes("to b"), b.ReceiveMultipart(Wait)![1]);
        Assert.Empty(ZmqPoll.WaitReadable(routers, TimeSpan.FromMilliseconds(50)));

        dealerA.SendMultipart([Bytes("to a")]);
        dealerB.SendMultipart([Bytes("to b again")]);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ZmqSocket> ready;
        do ready = ZmqPoll.WaitReadable(routers, Wait);
        while (ready.Count < 2 && clock.Elapsed < Wait);
        Assert.Equal(routers, ready);
    }

    [Fact]
    public async Task DisposingTheContext_ClosesLeftoverSocketsWithoutHanging()
    {
        var context = new ZmqContext();
        var dealer = new ZmqSocket(context, ZmqSocketType.Dealer);
        dealer.Connect("tcp://127.0.0.1:1");          // nobody listens: the message below can never leave
        dealer.SendMultipart([Bytes("stuck")]);

        var clock = Stopwatch.StartNew();
        await Task.Run(context.Dispose).WaitAsync(TimeSpan.FromSeconds(10));   // TimeoutException if zmq_ctx_term hangs
        Assert.True(clock.Elapsed < ZmqSocket.DefaultLinger + TimeSpan.FromSeconds(2), $"termination took {clock.Elapsed}");

        dealer.Dispose();                               // already closed by the context: a no-op
        Assert.Throws<ObjectDisposedException>(() => dealer.SendMultipart([Bytes("late")]));
        Assert.Throws<ObjectDisposedException>(() => new ZmqSocket(context, ZmqSocketType.Dealer));
    }
}
