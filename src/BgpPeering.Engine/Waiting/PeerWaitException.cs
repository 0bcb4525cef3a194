using System;
using BgpPeering.Engine.Model;

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
