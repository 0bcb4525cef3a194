using System.Reflection;

namespace BgpPeering.Loader
{
    /// <summary>What to answer a failed assembly bind with.</summary>
    public enum ResolveAction
    {
        /// <summary>Answer nothing: the request is not ours, or nothing we have satisfies it.</summary>
        None,

        /// <summary>Answer with an assembly that is already loaded (<see cref="ResolveDecision.LoadedName"/>).</summary>
        UseLoaded,

        /// <summary>Load the shipped file <see cref="ResolveDecision.Path"/> into the process-wide context.</summary>
        Load,

        /// <summary>Answer with the shipped file <see cref="ResolveDecision.Path"/> from the engine's own load context.</summary>
        LoadIsolated,
    }

    /// <summary>The resolver's answer to one request, with the reason in words (for diagnostics and tests).</summary>
    public sealed class ResolveDecision
    {
        private ResolveDecision(ResolveAction action, string? path, AssemblyName? loadedName, string reason)
        {
            Action = action;
            Path = path;
            LoadedName = loadedName;
            Reason = reason;
        }

        public ResolveAction Action { get; }

        /// <summary>The file to load, for <see cref="ResolveAction.Load"/> and <see cref="ResolveAction.LoadIsolated"/>.</summary>
        public string? Path { get; }

        /// <summary>The already-loaded identity to answer with, for <see cref="ResolveAction.UseLoaded"/>.</summary>
        public AssemblyName? LoadedName { get; }

        public string Reason { get; }

        internal static ResolveDecision None(string reason) => new(ResolveAction.None, null, null, reason);

        internal static ResolveDecision UseLoaded(AssemblyName loaded, string reason) => new(ResolveAction.UseLoaded, null, loaded, reason);

        internal static ResolveDecision Load(ShippedAssembly file, bool isolated, string reason) =>
            new(isolated ? ResolveAction.LoadIsolated : ResolveAction.Load, file.Path, null, reason);

        public override string ToString() => Action + (Path is null ? string.Empty : " " + Path) +
            (LoadedName is null ? string.Empty : " " + LoadedName.FullName) + ": " + Reason;
    }
}
