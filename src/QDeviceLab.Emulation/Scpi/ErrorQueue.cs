namespace QDeviceLab.Emulation.Scpi;

/// <summary>
/// The SCPI error/event queue: first in, first out, bounded. When full, the newest entry is
/// replaced by -350 "Queue overflow" as SCPI-99 section 21.8 requires.
/// </summary>
internal sealed class ErrorQueue(int capacity = ErrorQueue.DefaultCapacity)
{
    public const int DefaultCapacity = 16;

    private readonly LinkedList<ScpiError> _errors = new();

    public int Count => _errors.Count;

    public void Push(ScpiError error)
    {
        if (_errors.Count < capacity)
        {
            _errors.AddLast(error);
            return;
        }

        _errors.RemoveLast();
        _errors.AddLast(ScpiError.QueueOverflow);
    }

    public ScpiError Pop()
    {
        if (_errors.First is not { } first)
        {
            return ScpiError.NoError;
        }

        _errors.RemoveFirst();
        return first.Value;
    }

    public void Clear() => _errors.Clear();
}
