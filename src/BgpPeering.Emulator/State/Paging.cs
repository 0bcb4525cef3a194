namespace BgpPeering.Emulator.State;

/// <summary>One page of a listing, walked in sequence order from the cursor.</summary>
internal static class Paging
{
    /// <summary>
    /// Walks <paramref name="source"/> in order, keeping matches up to the page size; the cursor is the last kept
    /// item. Records are matched before any view is built, so a scan allocates nothing for the records it skips.
    /// </summary>
    public static PageResult<TView> Page<TRecord, TView>(IEnumerable<TRecord> source, Func<TRecord, bool> match, Func<TRecord, TView> view, int? max, Func<TRecord, long> seq)
    {
        var items = new List<TView>(max is int m ? Math.Min(m, 1024) : 16);
        long lastSeq = 0;
        foreach (var record in source)
        {
            if (!match(record)) continue;
            if (max is int limit && items.Count == limit) return new PageResult<TView>(items, lastSeq);
            items.Add(view(record));
            lastSeq = seq(record);
        }
        return new PageResult<TView>(items, null);
    }
}
