namespace BgpPeering.Engine.Model.Output
{
    /// <summary>One item for the pipeline thread: an object to write, an error, a message or a progress record.</summary>
    public readonly struct PumpEvent
    {
        public PumpEvent(PumpEventKind kind, object? payload)
        {
            Kind = kind;
            Payload = payload;
        }

        public PumpEventKind Kind { get; }

        public object? Payload { get; }
    }
}
