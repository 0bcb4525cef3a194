using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BgpPeering.Engine.Session;

namespace BgpPeering.Internal
{
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
}

namespace BgpPeering.Internal
{
    using BgpPeering.Engine.Operations;

    /// <summary>Builds a session from the parameters already typed on the command line, for ID completion.</summary>
    internal static class CompletionSession
    {
        public static AwsSession? From(IDictionary? bound)
        {
            try
            {
                string? Get(string name) => bound?[name] is { } v ? (v is PSObject p ? p.BaseObject : v)?.ToString() : null;
                object? Variable(string name)
                {
                    var value = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.SessionStateProxy.GetVariable(name);
                    return value is PSObject p ? p.BaseObject : value;
                }
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
                return null;
            }
        }
    }

    /// <summary>
    /// Completes IDs asked of the API for the session the command line names so far (short timeout, cached per
    /// session by <see cref="IdCompletion"/>); completes nothing when no session resolves.
    /// </summary>
    public abstract class ApiIdCompleter : IArgumentCompleter
    {
        protected abstract IReadOnlyList<string> Ids(AwsSession session);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = CompletionSession.From(fakeBoundParameters);
            return session is null ? Enumerable.Empty<CompletionResult>() : Completion.Match(Ids(session), wordToComplete);
        }
    }

    public sealed class RouteServerPeerIdCompleter : ApiIdCompleter
    {
        protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.RouteServerPeerIds(session);
    }

    public sealed class RouteServerEndpointIdCompleter : ApiIdCompleter
    {
        protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.RouteServerEndpointIds(session);
    }

    public sealed class VirtualInterfaceIdCompleter : ApiIdCompleter
    {
        protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.VirtualInterfaceIds(session);
    }

    public sealed class DxBgpPeerIdCompleter : ApiIdCompleter
    {
        protected override IReadOnlyList<string> Ids(AwsSession session) => IdCompletion.Shared.DxBgpPeerIds(session);
    }
}
