namespace BgpPeering.Emulator.Admin;

/// <summary>One API request as the emulator answered it. Admin requests are not logged.</summary>
/// <param name="Sequence">1, 2, 3… since start (a reset does not restart it).</param>
/// <param name="Timestamp">The simulated clock when the request arrived.</param>
/// <param name="Service"><c>EC2</c>, <c>DirectConnect</c> or <c>STS</c>.</param>
/// <param name="Action">The API action, such as <c>DescribeRouteServerPeers</c>; empty when none could be read.</param>
/// <param name="Status">The HTTP status of the answer.</param>
/// <param name="ErrorCode">The AWS error code of an error answer, else null.</param>
/// <param name="AccessKeyId">The access key ID the request was signed with, when it had one.</param>
/// <param name="RequestId">The request ID the answer carried.</param>
public sealed record RequestLogEntry(long Sequence, DateTimeOffset Timestamp, string Service, string Action, int Status, string? ErrorCode, string? AccessKeyId, string RequestId);

/// <summary>The request log: a bounded ring, oldest entries dropped first.</summary>
internal sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly Queue<RequestLogEntry> _entries = new();
    private readonly int _capacity;
    private long _sequence;

    public RequestLog(int capacity) => _capacity = capacity;

    public RequestLogEntry Add(DateTimeOffset timestamp, string service, string action, int status, string? errorCode, string? accessKeyId, string requestId)
    {
        lock (_gate)
        {
            var entry = new RequestLogEntry(++_sequence, timestamp, service, action, status, errorCode, accessKeyId, requestId);
            _entries.Enqueue(entry);
            while (_entries.Count > _capacity) _entries.Dequeue();
            return entry;
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_gate) return _entries.ToArray();
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }
}
