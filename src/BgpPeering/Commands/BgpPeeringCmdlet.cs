using System;
using System.Collections.Generic;
using System.Management.Automation;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Session;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// The base of the AWS cmdlets: AWS.Tools' common connection parameters, the session they resolve (again only when a
/// record's -Region or -EndpointUrl changes), and the three things a cmdlet does with the engine: build a request
/// (<see cref="Build{T}"/>), read (<see cref="Read"/>) and change (<see cref="Mutate"/>, through ShouldProcess).
/// Running the work and Ctrl+C are <see cref="CancellableCmdlet"/>'s.
/// </summary>
public abstract class BgpPeeringCmdlet : CancellableCmdlet
{
    private AwsSession? _session;
    private string? _sessionKey;

    /// <summary>
    /// The AWS region to call, such as us-east-1. It also binds from a piped object's Region, so a piped peer is
    /// read again where it came from; an empty value (a blank CSV cell) counts as not given.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("RegionToCall")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    [AllowNull]
    [AllowEmptyString]
    public string? Region { get; set; }

    /// <summary>A profile from the shared credentials or config file, or the SDK store.</summary>
    [Parameter]
    [Alias("StoredCredentials", "AWSProfileName")]
    [ArgumentCompleter(typeof(ProfileCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>The credentials file to read profiles from.</summary>
    [Parameter]
    [Alias("AWSProfilesLocation", "ProfilesLocation")]
    [ValidateNotNullOrEmpty]
    public string? ProfileLocation { get; set; }

    /// <summary>An access key ID; give it with -SecretKey.</summary>
    [Parameter]
    [Alias("AK")]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>The secret access key that goes with -AccessKey. Never written to any stream.</summary>
    [Parameter]
    [Alias("SK", "SecretAccessKey")]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    /// <summary>The session token of temporary credentials.</summary>
    [Parameter]
    [Alias("ST")]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>
    /// The service URL to call instead of the region's AWS endpoint, such as the local emulator's. It also binds
    /// from a piped object's EndpointUrl, which is null for objects read from AWS itself: null or empty counts
    /// as not given.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? EndpointUrl { get; set; }

    /// <summary>
    /// The session for the current record. -Region and -EndpointUrl also bind from a piped object's own
    /// properties, so a piped peer is read again where it came from; the session is resolved again only when
    /// they change.
    /// </summary>
    protected AwsSession CurrentSession()
    {
        var key = Region + "\n" + EndpointUrl;
        if (_session is null || _sessionKey != key)
        {
            _session = ResolveSession();
            _sessionKey = key;
        }
        return _session;
    }

    /// <summary>Resolves credentials and region from the common parameters, AWS.Tools' session variables and the environment.</summary>
    private AwsSession ResolveSession()
    {
        // -ProfileLocation as a file-system path: relative to the current PowerShell location, ~ expanded.
        string? ProviderPath(string? path)
        {
            if (string.IsNullOrWhiteSpace(path)) return null;
            try
            {
                return GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception ex) when (ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSArgumentException)
            {
                return path;
            }
        }

        var parameters = new ConnectionParameters
        {
            Region = string.IsNullOrWhiteSpace(Region) ? null : Region,
            ProfileName = ProfileName,
            ProfileLocation = ProviderPath(ProfileLocation),
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SessionToken = SessionToken,
            EndpointUrl = string.IsNullOrWhiteSpace(EndpointUrl) ? null : EndpointUrl,
            StoredCredentials = PSObjectUnwrap(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
            StoredRegion = PSObjectUnwrap(SessionState.PSVariable.GetValue("StoredAWSRegion")),
        };
        // The resolver's warnings (an unusable $StoredAWSCredentials, say) and its search trace (-Debug).
        var messages = new ResolutionMessages(Wants);
        try
        {
            var session = SessionFactory.Shared.Resolve(parameters, messages);
            foreach (var message in messages.Events) Dispatch(message);
            if (Wants(PumpEventKind.Verbose))
                WriteVerbose("Using credentials from " + session.CredentialSource + ", region " + session.Region +
                    " (from " + session.RegionSource + ")" + session.EndpointDescription + ".");
            return session;
        }
        catch (CredentialResolutionException ex)
        {
            foreach (var message in messages.Events) Dispatch(message);
            ThrowTerminatingError(ErrorRecords.From(ErrorClassifier.Classify(ex, null)));
            throw; // Not reached: ThrowTerminatingError always throws.
        }
    }

    /// <summary>
    /// Builds a request from the parameters with the engine's rules. A rule the input breaks is one InvalidArgument
    /// error (non-terminating: the next record is still processed) whose target is the failing value, or
    /// <paramref name="target"/> when the rule names none; then the result is null and nothing is sent.
    /// </summary>
    protected T? Build<T>(Func<T> build, object? target) where T : class
    {
        try
        {
            return build();
        }
        catch (ValidationException ex)
        {
            WriteError(ErrorRecords.From(ErrorCatalogue.InvalidArgument.For(ex, ex.Target ?? target)));
            return null;
        }
    }

    /// <summary>Runs a read: what the engine writes is output, and a failure is an error about <paramref name="target"/>.</summary>
    protected void Read(EngineWork work, object? target) => Run(work, target);

    /// <summary>
    /// Asks ShouldProcess about one change, then makes it, or with -WhatIf only checks it (EC2's DryRun, or Direct
    /// Connect's read-only stand-in). A "No" at -Confirm does nothing. With <paramref name="force"/> the
    /// confirmation is skipped, but -WhatIf is still honoured.
    /// </summary>
    protected void Mutate(Mutation change, bool force = false)
    {
        switch (Decide(change.Target.ToString()!, change.Action, force))
        {
            case Decision.Proceed: Run(change.Run, change.Target); break;
            case Decision.WhatIf: Run(change.WhatIf, change.Target); break;
        }
    }

    /// <summary>
    /// Asks about one change of a sync, then makes it, or with -WhatIf only checks it. The cmdlet declares
    /// ConfirmImpact Medium; a <see cref="SyncStep.High"/> change (a Remove or Replace, which deletes a peer) is asked
    /// as if it were High: ShouldProcess first (which asks when $ConfirmPreference is Medium or Low, or with
    /// -Confirm), then, when the effective preference is exactly High (PowerShell's default, so ShouldProcess did not
    /// ask), ShouldContinue. So $ConfirmPreference = 'None' and -Confirm:$false ask nothing, -Confirm asks once, and
    /// -Force asks nothing but still honours -WhatIf. Returns whether the change was made.
    /// </summary>
    private protected bool Step(SyncStep step, bool force, ref bool yesToAll, ref bool noToAll)
    {
        var decision = Decide(step.Target, step.Action, force);
        if (decision == Decision.WhatIf)
        {
            Run(step.WhatIf, step.ErrorTarget);
            return false;
        }
        if (decision == Decision.Skip) return false;
        if (step.High && !force && EffectiveConfirmPreference() == ConfirmImpact.High)
        {
            var query = "Are you sure you want to perform this action?\n" + Description(step.Target, step.Action);
            if (!yesToAll && (noToAll || !ShouldContinue(query, "Confirm", ref yesToAll, ref noToAll))) return false;
        }
        Run(step.Run, step.ErrorTarget);
        return step.Succeeded;
    }

    /// <summary>$ConfirmPreference as this call sees it: -Confirm makes it Low, -Confirm:$false None.</summary>
    private ConfirmImpact EffectiveConfirmPreference()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
            return (confirm is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(confirm)) ? ConfirmImpact.Low : ConfirmImpact.None;
        var value = GetVariableValue("ConfirmPreference");
        if (value is PSObject pso) value = pso.BaseObject;
        if (value is ConfirmImpact impact) return impact;
        return value is not null && Enum.TryParse<ConfirmImpact>(value.ToString(), true, out var parsed) ? parsed : ConfirmImpact.High;
    }

    /// <summary>
    /// The Get cmdlets' "IDs or a query": IDs (named or piped) are queued, to be read together in EndProcessing by
    /// <see cref="ReadQueued{T}"/>; with none, the query is read at once, and is the target of its errors.
    /// </summary>
    private protected void ReadIdsOrQuery<TQuery>(SessionBatches<string> batches, string[]? ids, Func<TQuery> query, Func<AwsSession, IReadOnlyList<string>, TQuery, EngineWork> read)
    {
        if (ids is { Length: > 0 })
        {
            Queue(batches, ids);
            return;
        }
        var selected = query();
        Read(read(CurrentSession(), Array.Empty<string>(), selected), selected);
    }

    /// <summary>
    /// Keeps items that arrived from the pipeline with the session of their record, so that EndProcessing can ask
    /// for them together (one call per batch and session) instead of one call per record.
    /// </summary>
    private protected void Queue<T>(SessionBatches<T> batches, IEnumerable<T> items) => batches.Add(CurrentSession(), items);

    /// <summary>
    /// Reads what <see cref="Queue{T}"/> kept (in EndProcessing): one read per session, the batch's items the target
    /// of a failure that escapes the read.
    /// </summary>
    private protected void ReadQueued<T>(SessionBatches<T> batches, Func<AwsSession, List<T>, EngineWork> read)
    {
        foreach (var batch in batches.BySession()) Read(read(batch.Key, batch.Value), batch.Value);
    }

    /// <summary>What a mutating cmdlet should do with one target.</summary>
    private enum Decision
    {
        /// <summary>Make the change.</summary>
        Proceed,
        /// <summary>-WhatIf: make no change; the EC2 cmdlets send a DryRun, Direct Connect validates locally.</summary>
        WhatIf,
        /// <summary>The user answered No at -Confirm.</summary>
        Skip,
    }

    /// <summary>
    /// Calls ShouldProcess once for one target, telling -WhatIf apart from a "No" at -Confirm. With
    /// <paramref name="force"/>, the confirmation is skipped but -WhatIf is still honoured.
    /// </summary>
    private Decision Decide(string target, string action, bool force)
    {
        if (force && !WhatIfRequested()) return Decision.Proceed;
        var description = Description(target, action);
        var warning = "Are you sure you want to perform this action?\n" + description;
        if (ShouldProcess(description, warning, "Confirm", out var reason)) return Decision.Proceed;
        return reason == ShouldProcessReason.WhatIf ? Decision.WhatIf : Decision.Skip;
    }

    private static string Description(string target, string action) => "Performing the operation \"" + action + "\" on target \"" + target + "\".";

    private protected bool WhatIfRequested()
    {
        if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value))
            return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
        return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }

    private static object? PSObjectUnwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;
}
