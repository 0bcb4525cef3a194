using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Waiting;

/// <summary>A peer that did not come up: it failed, vanished or timed out. Carries the last state seen.</summary>
public sealed class PeerWaitException : Exception
{
    public PeerWaitException(string message, string peerId, IBgpPeer? lastSeen, Exception? inner) : base(message, inner)
    {
        PeerId = peerId;
        LastSeen = lastSeen;
    }

    public string PeerId { get; }

    /// <summary>The peer as last read, or null if it was never read.</summary>
    public IBgpPeer? LastSeen { get; }
}
