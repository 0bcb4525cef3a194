using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Session;

namespace BgpPeering.Internal;

/// <summary>Completes -Region from the AWS partition data the engine knows.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(KnownNames.Regions(), wordToComplete);
}

/// <summary>Completes -ProfileName from the shared credentials and config files.</summary>
public sealed class ProfileCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Match(KnownNames.Profiles(fakeBoundParameters?["ProfileLocation"] as string), wordToComplete);
}

internal static class Completion
{
    public static IEnumerable<CompletionResult> Match(IEnumerable<string> candidates, string? word)
    {
        var prefix = (word ?? string.Empty).Trim('\'', '"');
        return candidates
            .Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CompletionResult(Quote(c), c, CompletionResultType.ParameterValue, c));
    }

    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', ',', '(', ')', '{', '}', '@', '#' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}

/// <summary>
/// Builds a session for ID completion from what the command line gives so far: typed parameters, the
/// parameters of a splatted hashtable (<c>Get-RouteServerPeer @emu -RouteServerPeerId &lt;Tab&gt;</c>),
/// AWS.Tools' session variables and, through the resolver, the environment and profiles.
/// </summary>
internal static class CompletionSession
{
    private static readonly string[] Names = { "Region", "ProfileName", "ProfileLocation", "AccessKey", "SecretKey", "SessionToken", "EndpointUrl" };

    public static AwsSession? From(IDictionary? bound, CommandAst? commandAst = null)
    {
        try
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            // A splat first, so that parameters typed on the line win over it, as PowerShell binds them.
            foreach (var splat in Splats(commandAst))
            {
                if (Variable(splat) is not IDictionary table) continue;
                foreach (DictionaryEntry entry in table)
                    if (entry.Key is string key && Array.IndexOf(Names, key) >= 0 && Text(entry.Value) is { } v) values[Canonical(key)] = v;
            }
            if (bound is not null)
            {
                foreach (var name in Names)
                    if (Text(bound[name]) is { } v) values[name] = v;
            }
            string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
            return SessionFactory.Shared.Resolve(new ConnectionParameters
            {
                Region = Get("Region"),
                ProfileName = Get("ProfileName"),
                ProfileLocation = Get("ProfileLocation"),
                AccessKey = Get("AccessKey"),
                SecretKey = Get("SecretKey"),
                SessionToken = Get("SessionToken"),
                EndpointUrl = Get("EndpointUrl"),
                StoredCredentials = Variable("StoredAWSCredentials"),
                StoredRegion = Variable("StoredAWSRegion"),
            });
        }
        catch (Exception)
        {
            // No session (no credentials, no region, a bad value typed so far): complete nothing.
            return null;
        }
    }

    private static string Canonical(string key) => Array.Find(Names, n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)) ?? key;

    /// <summary>The text values of a bound parameter: one value's, or each of an array's.</summary>
    public static IReadOnlyList<string> Texts(object? value)
    {
        var v = value is PSObject p ? p.BaseObject : value;
        var items = v is IEnumerable many && v is not string ? many.Cast<object?>() : new[] { v };
        return items.Select(Text).OfType<string>().ToList();
    }

    private static string? Text(object? value)
    {
        var v = value is PSObject p ? p.BaseObject : value;
        var text = v?.ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static IEnumerable<string> Splats(CommandAst? commandAst)
    {
        if (commandAst is null) yield break;
        foreach (var element in commandAst.CommandElements)
            if (element is VariableExpressionAst { Splatted: true } splat) yield return splat.VariablePath.UserPath;
    }

    /// <summary>
    /// A variable of the session the completion runs in. Completion runs on the pipeline thread while a pipeline
    /// is running, where SessionStateProxy throws ("A pipeline is already running"); a nested command in the
    /// current runspace is allowed.
    /// </summary>
    private static object? Variable(string name)
    {
        if (System.Management.Automation.Runspaces.Runspace.DefaultRunspace is null) return null;
        using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand("Microsoft.PowerShell.Utility\\Get-Variable")
            .AddParameter("Name", name)
            .AddParameter("ValueOnly")
            .AddParameter("ErrorAction", ActionPreference.Ignore);
        var result = ps.Invoke();
        var value = result.Count > 0 ? result[0] : null;
        return value is PSObject p ? p.BaseObject : value;
    }
}

/// <summary>
/// Completes IDs asked of the API for the session the command line names so far (short timeout, cached per
/// session by <see cref="IdCompletion"/>); completes nothing when no session resolves.
/// </summary>
public abstract class ApiIdCompleter : IArgumentCompleter
{
    protected abstract IReadOnlyList<string> Ids(AwsSession session);

    /// <summary>The IDs to offer given what is already on the command line; by default, every ID of the session.</summary>
    protected virtual IReadOnlyList<string> Ids(AwsSession session, IDictionary? bound) => Ids(session);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var session = CompletionSession.From(fakeBoundParameters, commandAst);
        return session is null ? Enumerable.Empty<CompletionResult>() : Completion.Match(Ids(session, fakeBoundParameters), wordToComplete);
    }
}

public sealed class RouteServerPeerIdCompleter : ApiIdCompleter
{
    protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.RouteServerPeerIds(session);
}

/// <summary>Completes route server IDs: those the region's Route Server endpoints belong to.</summary>
public sealed class RouteServerIdCompleter : ApiIdCompleter
{
    protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.RouteServerIds(session);
}

public sealed class RouteServerEndpointIdCompleter : ApiIdCompleter
{
    protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.RouteServerEndpointIds(session);
}

public sealed class VirtualInterfaceIdCompleter : ApiIdCompleter
{
    protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.VirtualInterfaceIds(session);
}

/// <summary>Completes Direct Connect peer IDs: those of the -VirtualInterfaceId already on the line, or every one.</summary>
public sealed class DxBgpPeerIdCompleter : ApiIdCompleter
{
    protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.DxBgpPeerIds(session);

    protected override IReadOnlyList<string> Ids(AwsSession session, IDictionary? bound) =>
        IdCompletion.Shared.DxBgpPeerIds(session, CompletionSession.Texts(bound?["VirtualInterfaceId"]));
}

/// <summary>Completes failover test IDs from the region's test history (its first 100 tests; cached as the other IDs are).</summary>
public sealed class FailoverTestIdCompleter : ApiIdCompleter
{
    protected override IReadOnlyList<string> Ids(AwsSession session) =>
        IdCompletion.Shared.Get(session, "dxtest", async ct =>
            (await session.DirectConnect.ListVirtualInterfaceTestHistoryAsync(new BgpPeering.Engine.Model.DxBgpFailoverTestQuery { MaxResults = 100 }, null, ct).ConfigureAwait(false))
                .Items.Select(t => t.TestId));
}
