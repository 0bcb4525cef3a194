namespace BgpPeering.Engine.Model.Output
{
    // The contract between the engine, which writes, and the cmdlets' pump, which hands what is written to
    // PowerShell on the pipeline thread (BgpPeering.Engine.Pipeline.OutputPump).

    /// <summary>What async engine code hands back to the PowerShell pipeline thread.</summary>
    public enum PumpEventKind
    {
        Output,
        Error,
        Warning,
        Verbose,
        Debug,
        Progress,
        /// <summary>A message the user should see without asking (Write-Host style): the payload is a string.</summary>
        Information,
    }

    /// <summary>Where async engine code writes. Safe to call from any thread.</summary>
    public interface IOutputSink
    {
        void Write(PumpEventKind kind, object? payload);
    }
}
