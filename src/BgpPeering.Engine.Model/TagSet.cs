using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace BgpPeering.Engine.Model
{
    /// <summary>
    /// The read-only, case-sensitive tags of an output object. As text (<see cref="ToString"/>) it is the form
    /// <c>New-RouteServerPeer -Tag</c> accepts back, <c>Name=fw-a;env=prod</c> (sorted by key), so that
    /// <c>Export-Csv</c> writes the tags rather than a type name.
    /// </summary>
    public sealed class TagSet : ReadOnlyDictionary<string, string>
    {
        internal TagSet(IDictionary<string, string> tags) : base(tags)
        {
        }

        /// <summary>key=value pairs sorted by key (ordinal) and joined by ';'; empty when there are no tags.</summary>
        public override string ToString() =>
            string.Join(";", this.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
    }
}
