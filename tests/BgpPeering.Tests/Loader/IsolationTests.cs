using System.Diagnostics;
using BgpPeering.Loader;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Loader;

/// <summary>
/// AWS.Tools and BgpPeering in one process, in both import orders, proven in fresh processes: the ColdStart
/// harness (bench/ColdStart) loads the laid-out module the way PowerShell does, with another AWSSDK.Core standing
/// in for AWS.Tools' copy, and calls a loopback EC2 endpoint. There are two stand-ins, one older and one newer than
/// the Core the module ships: the oldest 4.0.x on the package mirror (4.0.3.3) and the newest 4.1.x (4.1.1). Each
/// is the package's netstandard2.0 AWSSDK.Core.dll alone; 4.1.x's own dependencies (System.IO.Hashing,
/// AWSSDK.Extensions.Numerics) are not beside it, and nothing the harness calls needs them.
/// </summary>
public sealed class IsolationTests
{
    /// <summary>The build metadata keys of the two stand-ins for AWS.Tools' AWSSDK.Core.</summary>
    public static TheoryData<string> AwsToolsCores => new() { "OlderAwsSdkCore", "NewerAwsSdkCore" };

    private static string Harness => Path.GetFullPath(BuildPaths.Metadata("ColdStartHarness"));

    [ModuleFolderFact]
    public void The_stand_ins_for_AWS_Tools_Core_are_one_older_and_one_newer_than_ours()
    {
        var ours = Version.Parse(ShippedCoreVersion());
        var older = Version.Parse(CoreVersion(Core("OlderAwsSdkCore")));
        var newer = Version.Parse(CoreVersion(Core("NewerAwsSdkCore")));

        Assert.True(older < ours, "The older stand-in (" + older + ") is not older than the shipped AWSSDK.Core " + ours + ".");
        Assert.True(newer > ours, "The newer stand-in (" + newer + ") is not newer than the shipped AWSSDK.Core " + ours + ".");
    }

    [ModuleFolderTheory]
    [MemberData(nameof(AwsToolsCores))]
    public async Task AWS_Tools_first_our_engine_still_runs_on_its_own_AWSSDK_Core(string awsToolsCore)
    {
        var otherCore = Core(awsToolsCore);
        await using var server = EndpointsServer();

        var facts = Run("--preload-core", otherCore, "--endpoint", server.Url);

        Assert.Equal("ok", facts["result"]);
        Assert.Equal("True", facts["isolating"]);
        Assert.Equal("2", facts["endpoints"]);
        Assert.Equal(CoreVersion(otherCore), facts["core_in_Default"]);
        Assert.Equal(ShippedCoreVersion() + "@BgpPeering", facts["engine_core"]);
        Assert.NotEqual(facts["core_in_Default"], ShippedCoreVersion()); // Two different copies, or the test proves nothing.
        var request = Assert.Single(server.Requests);
        Assert.Contains("Action=DescribeRouteServerEndpoints", request.BodyText);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Header("Authorization"));
    }

    [ModuleFolderTheory]
    [MemberData(nameof(AwsToolsCores))]
    public async Task AWS_Tools_after_it_can_still_load_its_own_AWSSDK_Core(string awsToolsCore)
    {
        var otherCore = Core(awsToolsCore);
        await using var server = EndpointsServer();

        var facts = Run("--load-after", otherCore, "--endpoint", server.Url);

        Assert.Equal("ok", facts["result"]);
        Assert.Equal("ok " + CoreVersion(otherCore) + " in Default", facts["load_after"]);
        Assert.Equal(ShippedCoreVersion() + "@BgpPeering", facts["engine_core"]);
    }

    [ModuleFolderFact]
    public async Task Only_AWSSDK_and_the_engines_AWSSDK_half_are_isolated_and_the_output_types_stay_shared()
    {
        await using var server = EndpointsServer();

        var facts = Run("--endpoint", server.Url);

        var placed = facts["module_assemblies"].Split(',').ToHashSet(StringComparer.Ordinal);
        // From this platform's ReadyToRun images where the module has them (NativeImages), else the IL copies.
        var rid = NativeImages.ChooseFolder(true, NativeImages.CurrentRuntimeIdentifiers(),
            Directory.GetDirectories(Path.Combine(BuildPaths.ModuleFolder, "isolated")).Select(d => Path.GetFileName(d)));
        var isolated = rid is null ? "isolated/" : "isolated/" + rid + "/";
        Assert.Contains("BgpPeering.Engine.Model.dll@Default", placed);
        Assert.Contains(isolated + "BgpPeering.Engine.dll@BgpPeering", placed);
        Assert.Contains(isolated + "AWSSDK.Core.dll@BgpPeering", placed);
        Assert.DoesNotContain(placed, p => p.StartsWith("isolated/", StringComparison.Ordinal) && !p.EndsWith("@BgpPeering", StringComparison.Ordinal));
        Assert.DoesNotContain(placed, p => !p.StartsWith("isolated/", StringComparison.Ordinal) && p.EndsWith("@BgpPeering", StringComparison.Ordinal));
        Assert.False(facts.ContainsKey("core_in_Default"), "AWSSDK.Core leaked into the default context.");
    }

    /// <summary>
    /// The same harness without isolation: the resolver's sharing mode, which is what Windows PowerShell 5.1 does.
    /// With AWS.Tools first, the engine runs on AWS.Tools' Core, older (4.0.3.3) or newer (4.1.1) than its own, and
    /// the request is signed, sent and its answer read.
    /// </summary>
    [ModuleFolderTheory]
    [MemberData(nameof(AwsToolsCores))]
    public async Task Sharing_AWS_Tools_first_the_engine_runs_on_their_AWSSDK_Core(string awsToolsCore)
    {
        var otherCore = Core(awsToolsCore);
        await using var server = EndpointsServer();

        var facts = Run("--share", "--preload-core", otherCore, "--endpoint", server.Url);

        Assert.Equal("ok", facts["result"]);
        Assert.Equal("False", facts["isolating"]);
        Assert.Equal("2", facts["endpoints"]);
        Assert.Equal(CoreVersion(otherCore) + "@Default", facts["engine_core"]);
        Assert.False(facts.ContainsKey("core_in_BgpPeering"), "Sharing created the module's own load context.");
        // The 5.1 path loads the IL copies: never a ReadyToRun image from isolated/<rid>/.
        Assert.Contains("isolated/BgpPeering.Engine.dll@Default", facts["module_assemblies"].Split(','));
        Assert.DoesNotContain(facts["module_assemblies"].Split(','), p => p.Count(c => c == '/') > 1);
        var request = Assert.Single(server.Requests);
        Assert.Contains("Action=DescribeRouteServerEndpoints", request.BodyText);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Header("Authorization"));
    }

    /// <summary>
    /// Why PowerShell 7 does not share: with our AWSSDK.Core in the default context, AWS.Tools imported afterwards
    /// cannot load its own copy at all (.NET: "Assembly with same name is already loaded").
    /// </summary>
    [ModuleFolderTheory]
    [MemberData(nameof(AwsToolsCores))]
    public async Task Sharing_AWS_Tools_after_cannot_load_its_own_AWSSDK_Core(string awsToolsCore)
    {
        await using var server = EndpointsServer();

        var facts = Run("--share", "--load-after", Core(awsToolsCore), "--endpoint", server.Url);

        Assert.Equal("ok", facts["result"]);
        Assert.StartsWith("failed ", facts["load_after"]);
        Assert.Contains("Assembly with same name is already loaded", facts["load_after"]);
    }

    private static FixtureServer EndpointsServer() =>
        new(_ => WireFixtures.Canned("EC2.DescribeRouteServerEndpoints.success.xml"));

    private static Dictionary<string, string> Run(params string[] args)
    {
        Assert.True(File.Exists(Harness), "The ColdStart harness is not built: " + Harness + " (dotnet build BgpPeering.sln builds it).");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Harness);
        start.ArgumentList.Add("measure");
        start.ArgumentList.Add("--module");
        start.ArgumentList.Add(BuildPaths.ModuleFolder);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "The harness did not finish in 2 minutes.");
        var output = stdout.Result;
        Assert.True(process.ExitCode == 0, "The harness failed (" + process.ExitCode + "):\n" + output + stderr.Result);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
    }

    /// <summary>The stand-in for AWS.Tools' AWSSDK.Core stamped under <paramref name="key"/>, which must be in the package cache.</summary>
    private static string Core(string key)
    {
        var path = Path.GetFullPath(BuildPaths.Metadata(key));
        Assert.True(File.Exists(path), "AWSSDK.Core is not in the package cache: " + path + " (restoring bench/ColdStart downloads it).");
        return path;
    }

    private static string ShippedCoreVersion() => CoreVersion(Path.Combine(BuildPaths.ModuleFolder, "isolated", "AWSSDK.Core.dll"));

    private static string CoreVersion(string path) => FileVersionInfo.GetVersionInfo(path).FileVersion!;
}
