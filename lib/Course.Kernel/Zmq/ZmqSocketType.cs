namespace Course.Kernel.Zmq;

/// <summary>ZeroMQ socket types (values from zmq.h). A Jupyter kernel uses ROUTER (shell, control, stdin), PUB (iopub) and REP (heartbeat).</summary>
internal enum ZmqSocketType
{
    Pair = 0,
    Pub = 1,
    Sub = 2,
    Req = 3,
    Rep = 4,
    Dealer = 5,
    Router = 6,
    Pull = 7,
    Push = 8,
}
