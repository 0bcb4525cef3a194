using Xunit;

namespace BgpPeering.Tests.Infrastructure;

/// <summary>
/// Tests that must change the process environment, because AWSSDK.Core reads it directly (the SSO token cache under
/// $HOME/.aws/sso/cache, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_STS, AWS_PROFILE). The collection runs on its own,
/// after the parallel ones, and every variable is put back.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment (not parallel)";
}

/// <summary>Puts process environment variables back as they were.</summary>
internal sealed class ScopedProcessEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new(StringComparer.Ordinal);

    public void Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}
