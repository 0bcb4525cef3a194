using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// How EC2 Describe calls are asked for a list of IDs: a few hundred per call, and a missing ID costs a few extra
/// calls (never one per ID) and one ObjectNotFound error for that ID alone.
/// </summary>
internal static class ByIdReads
{
    /// <summary>EC2 takes this many IDs in one Describe call comfortably.</summary>
    internal const int IdsPerCall = 200;

    /// <summary>
    /// The Get of an EC2 resource: with no IDs, one read of everything <paramref name="read"/> selects; with IDs, those
    /// IDs a chunk at a time (<see cref="ReadChunksAsync"/>). <paramref name="read"/> streams what it reads.
    /// </summary>
    internal static Task GetAsync(IReadOnlyList<string> ids, Func<IReadOnlyList<string>, CancellationToken, Task> read, IOutputSink sink, CancellationToken ct) =>
        ids.Count == 0 ? read(ids, ct) : ReadChunksAsync(ids, read, sink, ct);

    /// <summary>
    /// Reads <paramref name="ids"/> a chunk at a time with <paramref name="read"/>. A chunk whose call fails for
    /// another reason than a missing ID (throttled, unreachable…) is one error per ID it held, and the next chunk is
    /// still asked for.
    /// </summary>
    internal static async Task ReadChunksAsync(IReadOnlyList<string> ids, Func<IReadOnlyList<string>, CancellationToken, Task> read, IOutputSink sink, CancellationToken ct)
    {
        foreach (var chunk in Chunk(ids.Distinct(StringComparer.Ordinal), IdsPerCall))
        {
            try
            {
                await ReadAsync(chunk, read, sink, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                foreach (var id in chunk) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, id));
            }
        }
    }

    /// <summary>
    /// Reads a list of IDs with one call. When the call fails because some ID does not exist, the IDs its message
    /// names are dropped and the rest read again with one call (one extra call per missing ID); when the message
    /// names none of them, it bisects: each half is read with one call, and only the halves that fail are split
    /// again (k unknown IDs among n cost about 2·k·log2(n) extra calls, never n). A missing ID is one
    /// ObjectNotFound error, targeted at the ID.
    /// </summary>
    internal static async Task ReadAsync(IReadOnlyList<string> ids, Func<IReadOnlyList<string>, CancellationToken, Task> read, IOutputSink sink, CancellationToken ct)
    {
        try
        {
            await read(ids, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            if (ids.Count == 1)
            {
                sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, ids[0]));
                return;
            }
            // EC2 names the missing ID(s) in its message: drop those and ask for the rest in one call.
            var named = NamedIn(ex, ids);
            if (named.Count > 0 && named.Count < ids.Count)
            {
                foreach (var id in named) sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, id));
                var rest = ids.Where(id => !named.Contains(id)).ToList();
                await ReadAsync(rest, read, sink, ct).ConfigureAwait(false);
                return;
            }
            var half = ids.Count / 2;
            await ReadAsync(ids.Take(half).ToList(), read, sink, ct).ConfigureAwait(false);
            await ReadAsync(ids.Skip(half).ToList(), read, sink, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The IDs of <paramref name="ids"/> that a NotFound message names (as a whole word).</summary>
    internal static HashSet<string> NamedIn(AwsServiceException ex, IEnumerable<string> ids)
    {
        var message = ex.AwsMessage ?? string.Empty;
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            for (var at = message.IndexOf(id, StringComparison.Ordinal); at >= 0; at = message.IndexOf(id, at + 1, StringComparison.Ordinal))
            {
                var end = at + id.Length;
                var before = at == 0 || !char.IsLetterOrDigit(message[at - 1]) && message[at - 1] != '-';
                var after = end == message.Length || !char.IsLetterOrDigit(message[end]) && message[end] != '-';
                if (before && after)
                {
                    named.Add(id);
                    break;
                }
            }
        }
        return named;
    }

    internal static IEnumerable<List<T>> Chunk<T>(IEnumerable<T> items, int size)
    {
        var chunk = new List<T>(size);
        foreach (var item in items)
        {
            chunk.Add(item);
            if (chunk.Count == size)
            {
                yield return chunk;
                chunk = new List<T>(size);
            }
        }
        if (chunk.Count > 0) yield return chunk;
    }
}
