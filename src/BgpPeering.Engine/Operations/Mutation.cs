namespace BgpPeering.Engine.Operations;

/// <summary>
/// A change a cmdlet asks ShouldProcess about, and then either makes or only checks (-WhatIf: EC2's DryRun, or
/// Direct Connect's read-only stand-in). Made by the front doors; the cmdlet base runs one or the other.
/// </summary>
public sealed class Mutation
{
    public Mutation(string action, object target, EngineWork run, EngineWork whatIf)
    {
        Action = action;
        Target = target;
        Run = run;
        WhatIf = whatIf;
    }

    /// <summary>What ShouldProcess says is performed, such as "Create Route Server peer".</summary>
    public string Action { get; }

    /// <summary>The request or ID the change is about: named by ShouldProcess, and the target of its errors.</summary>
    public object Target { get; }

    /// <summary>Makes the change.</summary>
    public EngineWork Run { get; }

    /// <summary>Checks the change and says what would happen, changing nothing.</summary>
    public EngineWork WhatIf { get; }
}
