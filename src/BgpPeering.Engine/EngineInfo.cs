using System.Reflection;

namespace BgpPeering.Engine;

public static class EngineInfo
{
    /// <summary>The engine's informational version, as stamped by the build.</summary>
    public static string Version { get; } =
        (typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
