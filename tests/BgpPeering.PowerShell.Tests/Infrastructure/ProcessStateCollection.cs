using Xunit;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>
/// For tests that change what every runspace in the process shares: $PSStyle (one object per process) and
/// environment variables. They run in this collection, alone (never beside another test class), and put it back.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "Process-wide state ($PSStyle, environment)";
}
