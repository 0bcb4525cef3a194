using System.Collections.Generic;
using BgpPeering.Engine.Session;

namespace BgpPeering.Internal;

/// <summary>Groups queued IDs by the session they are to be asked of, so that a batch goes to one place.</summary>
internal static class Grouping
{
    /// <summary>Groups queued IDs by the session they are to be asked of, keeping the order of first sight.</summary>
    public static List<KeyValuePair<AwsSession, List<string>>> BySession(IEnumerable<(string Id, AwsSession Session)> items)
    {
        var groups = new List<KeyValuePair<AwsSession, List<string>>>();
        foreach (var (id, session) in items)
        {
            var i = groups.FindIndex(g => ReferenceEquals(g.Key, session));
            if (i < 0) groups.Add(new(session, new List<string> { id }));
            else groups[i].Value.Add(id);
        }
        return groups;
    }
}
