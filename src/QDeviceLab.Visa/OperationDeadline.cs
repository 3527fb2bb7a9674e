namespace QDeviceLab.Visa;

/// <summary>
/// One operation's token: the caller's token plus the session timeout, told apart afterwards
/// (the caller's wins, as in Polly). Every transport's session uses it.
/// </summary>
internal readonly struct OperationDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timeoutSource;
    private readonly CancellationTokenRegistration _callerRegistration;

    public OperationDeadline(TimeSpan timeout, TimeProvider time, CancellationToken caller)
    {
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            Token = caller;
            return;
        }

        _timeoutSource = new CancellationTokenSource(timeout, time);
        if (caller.CanBeCanceled)
        {
            _callerRegistration = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timeoutSource);
        }

        Token = _timeoutSource.Token;
    }

    public CancellationToken Token { get; }

    public bool TimedOut => _timeoutSource?.IsCancellationRequested == true;

    public void Dispose()
    {
        _callerRegistration.Dispose();
        _timeoutSource?.Dispose();
    }
}
