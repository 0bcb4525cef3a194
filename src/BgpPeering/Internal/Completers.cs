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
