using System.Collections.Generic;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Session
{
    /// <summary>
    /// Collects what <see cref="SessionFactory.Resolve(ConnectionParameters, IOutputSink)"/> has to say (Warning and
    /// Debug events), so that the cmdlet can write them on the pipeline thread once resolution returns or fails.
    /// </summary>
    public sealed class ResolutionMessages : IOutputSink
    {
        private readonly List<PumpEvent> _events = new();
        private readonly object _gate = new();

        public IReadOnlyList<PumpEvent> Events
        {
            get
            {
                lock (_gate) return _events.ToArray();
            }
        }

        public void Write(PumpEventKind kind, object? payload)
        {
            lock (_gate) _events.Add(new PumpEvent(kind, payload));
        }
    }
}
