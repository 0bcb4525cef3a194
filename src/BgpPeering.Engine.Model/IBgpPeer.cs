namespace BgpPeering.Engine.Model
{
    /// <summary>What both peer kinds share, so that one waiter and one view can handle a mixed set.</summary>
    public interface IBgpPeer
    {
        /// <summary>The peer's own ID: <c>rsp-…</c> or <c>dxpeer-…</c>.</summary>
        string PeerId { get; }

        BgpStatus BgpStatus { get; }

        /// <summary>The AWS region the object was read from.</summary>
        string Region { get; }

        /// <summary>The service URL the object was read from, when it was not the region's default (the emulator, say).</summary>
        string? EndpointUrl { get; }
    }
}
