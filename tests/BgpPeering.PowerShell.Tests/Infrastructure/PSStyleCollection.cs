using Xunit;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>
/// $PSStyle is one object per process, shared by every runspace: tests that change $PSStyle.OutputRendering run in
/// this collection, alone (never beside another test class rendering text), and put it back.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PSStyleCollection
{
    public const string Name = "PSStyle (process-wide)";
}
