using System.Reflection;
using BgpPeering.Loader;
using Xunit;

namespace BgpPeering.Tests.Loader;

/// <summary>
/// The decisions behind the module's AssemblyResolve handler (Windows PowerShell 5.1: sharing; PowerShell 7:
/// isolating), on a module folder described by names only, as the module ships it.
/// </summary>
public sealed class DependencyResolverTests
{
    private const string MsToken = "cc7b13ffcd2ddd51";
    private const string AwsToken = "885c28607f98e604";
    private const string BclToken = "adb9793829ddae60";
    private const string Root = "/m/BgpPeering/0.1.0/";
    private const string Isolated = Root + "isolated/";

    /// <summary>What the laid-out module holds: the dependency set of AWSSDK.Core on .NET Framework, and the isolated half.</summary>
    private static readonly ShippedAssembly[] Module =
    {
        Shipped("System.Memory", "4.0.1.2", MsToken),
        Shipped("System.Runtime.CompilerServices.Unsafe", "6.0.0.0", "b03f5f7f11d50a3a"),
        Shipped("System.Text.Json", "8.0.0.6", MsToken),
        Shipped("System.Text.Encodings.Web", "8.0.0.0", MsToken),
        Shipped("Microsoft.Bcl.AsyncInterfaces", "8.0.0.0", MsToken),
        Shipped("System.Buffers", "4.0.3.0", MsToken),
        Shipped("System.Numerics.Vectors", "4.1.4.0", "b03f5f7f11d50a3a"),
        Shipped("System.Threading.Tasks.Extensions", "4.2.0.1", MsToken),
        Shipped("Microsoft.Bcl.TimeProvider", "10.0.0.0", MsToken),
        Shipped("BgpPeering.Engine.Model", "0.1.0.0", null),
        Shipped("BgpPeering", "0.1.0.0", null),
        Shipped("AWSSDK.Core", "4.0.0.0", AwsToken, isolated: true),
        Shipped("AWSSDK.SecurityToken", "4.0.0.0", AwsToken, isolated: true),
        Shipped("AWSSDK.SSO", "4.0.0.0", AwsToken, isolated: true),
        Shipped("AWSSDK.SSOOIDC", "4.0.0.0", AwsToken, isolated: true),
        Shipped("BgpPeering.Engine", "0.1.0.0", null, isolated: true),
    };

    private static readonly DependencyResolver Sharing = new(Module, isolate: false);
    private static readonly DependencyResolver Isolating = new(Module, isolate: true);
    private static readonly AssemblyName[] NothingLoaded = Array.Empty<AssemblyName>();

    // ---- Windows PowerShell 5.1: the version mismatches that binding redirects would otherwise fix ----

    public static TheoryData<string, string> LowerVersionRequests => new()
    {
        // System.Memory 4.0.1.2 references Unsafe 4.0.4.1; we ship 6.0.0.0.
        { "System.Runtime.CompilerServices.Unsafe, Version=4.0.4.1, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", Root + "System.Runtime.CompilerServices.Unsafe.dll" },
        // Older System.Buffers / Memory / Vectors references from the netstandard2.0 graph.
        { "System.Buffers, Version=4.0.2.0, Culture=neutral, PublicKeyToken=" + MsToken, Root + "System.Buffers.dll" },
        { "System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=" + MsToken, Root + "System.Memory.dll" },
        { "System.Numerics.Vectors, Version=4.1.3.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", Root + "System.Numerics.Vectors.dll" },
        { "System.Threading.Tasks.Extensions, Version=4.2.0.0, Culture=neutral, PublicKeyToken=" + MsToken, Root + "System.Threading.Tasks.Extensions.dll" },
        { "Microsoft.Bcl.AsyncInterfaces, Version=1.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken, Root + "Microsoft.Bcl.AsyncInterfaces.dll" },
        { "System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken, Root + "System.Text.Json.dll" },
        { "System.Text.Encodings.Web, Version=6.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken, Root + "System.Text.Encodings.Web.dll" },
        { "Microsoft.Bcl.TimeProvider, Version=8.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken, Root + "Microsoft.Bcl.TimeProvider.dll" },
    };

    [Theory]
    [MemberData(nameof(LowerVersionRequests))]
    public void Sharing_answers_a_lower_version_request_with_the_shipped_higher_version(string request, string expectedPath)
    {
        var decision = Sharing.Decide(new AssemblyName(request), NothingLoaded);

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(expectedPath, decision.Path);
    }

    [Fact]
    public void Sharing_answers_an_exact_version_request()
    {
        var decision = Sharing.Decide(new AssemblyName("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=" + MsToken), NothingLoaded);

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(Root + "System.Memory.dll", decision.Path);
    }

    [Fact]
    public void A_by_name_request_without_version_or_token_takes_the_shipped_file()
    {
        // AWSSDK.Core loads its optional packages this way: Assembly.Load(new AssemblyName("AWSSDK.SSO")).
        var decision = Sharing.Decide(new AssemblyName("AWSSDK.SSO"), NothingLoaded);

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(Isolated + "AWSSDK.SSO.dll", decision.Path);
    }

    [Fact]
    public void An_explicit_null_token_means_unsigned_and_does_not_match_a_signed_file()
    {
        var decision = Sharing.Decide(new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=null"), NothingLoaded);

        Assert.Equal(ResolveAction.None, decision.Action);
        Assert.Contains("public key token", decision.Reason);
    }

    [Theory]
    [InlineData("System.Memory, Version=4.0.2.0, Culture=neutral, PublicKeyToken=" + MsToken, "4.0.1.2")]
    [InlineData("System.Text.Json, Version=9.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken, "8.0.0.6")]
    [InlineData("System.Runtime.CompilerServices.Unsafe, Version=6.0.1.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a", "6.0.0.0")]
    [InlineData("AWSSDK.Core, Version=4.1.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, "4.0.0.0")]
    public void A_request_for_a_higher_version_than_we_ship_is_refused(string request, string shipped)
    {
        var decision = Sharing.Decide(new AssemblyName(request), NothingLoaded);

        Assert.Equal(ResolveAction.None, decision.Action);
        Assert.Contains("older than the requested", decision.Reason);
        Assert.Contains(shipped, decision.Reason);
    }

    [Theory]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=0123456789abcdef")]
    [InlineData("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken)]
    [InlineData("BgpPeering.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=" + AwsToken)]
    public void A_different_public_key_token_is_a_different_assembly_and_is_refused(string request)
    {
        var decision = Sharing.Decide(new AssemblyName(request), NothingLoaded);

        Assert.Equal(ResolveAction.None, decision.Action);
        Assert.Contains("public key token", decision.Reason);
    }

    [Fact]
    public void A_culture_specific_request_is_refused()
    {
        var decision = Sharing.Decide(new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=de-DE, PublicKeyToken=" + MsToken), NothingLoaded);

        Assert.Equal(ResolveAction.None, decision.Action);
        Assert.Contains("culture", decision.Reason);
    }

    [Theory]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("System.IO.Pipelines, Version=9.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken)]
    [InlineData("AWSSDK.EC2, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken)]
    [InlineData("AWS.Tools.Common, Version=5.0.0.0, Culture=neutral, PublicKeyToken=null")]
    [InlineData("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")]
    [InlineData("System.Text.Json.resources, Version=8.0.0.0, Culture=fr, PublicKeyToken=" + MsToken)]
    [InlineData("BgpPeering.Engine.resources, Version=0.1.0.0, Culture=en-US, PublicKeyToken=null")]
    public void Names_the_module_does_not_ship_are_never_answered(string request)
    {
        Assert.Equal(ResolveAction.None, Sharing.Decide(new AssemblyName(request), NothingLoaded).Action);
        Assert.Equal(ResolveAction.None, Isolating.Decide(new AssemblyName(request), NothingLoaded).Action);
    }

    [Fact]
    public void Names_are_matched_without_regard_to_case()
    {
        var decision = Sharing.Decide(new AssemblyName("system.memory, Version=4.0.1.0, Culture=neutral, PublicKeyToken=" + MsToken), NothingLoaded);

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(Root + "System.Memory.dll", decision.Path);
    }

    // ---- Sharing what is already loaded ----

    [Fact]
    public void Sharing_prefers_an_equal_or_higher_copy_that_is_already_loaded()
    {
        var theirs = new AssemblyName("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=" + MsToken);

        var decision = Sharing.Decide(new AssemblyName("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=" + MsToken), new[] { theirs });

        Assert.Equal(ResolveAction.UseLoaded, decision.Action);
        Assert.Same(theirs, decision.LoadedName);
    }

    [Fact]
    public void Sharing_uses_AWS_Tools_AWSSDK_Core_when_it_was_loaded_first()
    {
        // Windows PowerShell 5.1: AWSSDK.Core keeps 4.0.0.0 for every 4.0.x, so AWS.Tools' copy satisfies our request.
        var awsTools = new AssemblyName("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken);

        var decision = Sharing.Decide(new AssemblyName("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken), new[] { awsTools });

        Assert.Equal(ResolveAction.UseLoaded, decision.Action);
        Assert.Same(awsTools, decision.LoadedName);
    }

    [Fact]
    public void Sharing_loads_the_shipped_AWSSDK_Core_from_the_isolated_folder_when_none_is_loaded()
    {
        var decision = Sharing.Decide(new AssemblyName("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken), NothingLoaded);

        Assert.Equal(ResolveAction.Load, decision.Action); // Plain LoadFrom: there is no second context on .NET Framework.
        Assert.Equal(Isolated + "AWSSDK.Core.dll", decision.Path);
    }

    [Fact]
    public void Sharing_picks_the_highest_of_several_loaded_copies()
    {
        var low = new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken);
        var high = new AssemblyName("System.Text.Json, Version=8.0.0.6, Culture=neutral, PublicKeyToken=" + MsToken);

        var decision = Sharing.Decide(new AssemblyName("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken), new[] { low, high });

        Assert.Same(high, decision.LoadedName);
    }

    [Fact]
    public void A_loaded_copy_that_is_older_than_the_request_is_not_used_and_the_shipped_one_is_loaded_beside_it()
    {
        var older = new AssemblyName("System.Memory, Version=4.0.1.0, Culture=neutral, PublicKeyToken=" + MsToken);

        var decision = Sharing.Decide(new AssemblyName("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=" + MsToken), new[] { older });

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(Root + "System.Memory.dll", decision.Path);
    }

    [Fact]
    public void A_loaded_copy_with_another_token_is_not_used()
    {
        var impostor = new AssemblyName("System.Memory, Version=9.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef");

        var decision = Sharing.Decide(new AssemblyName("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=" + MsToken), new[] { impostor });

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(Root + "System.Memory.dll", decision.Path);
    }

    // ---- PowerShell 7: isolating ----

    [Fact]
    public void Isolating_answers_the_engines_AWSSDK_half_from_the_modules_own_context()
    {
        var decision = Isolating.Decide(new AssemblyName("BgpPeering.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null"), NothingLoaded);

        Assert.Equal(ResolveAction.LoadIsolated, decision.Action);
        Assert.Equal(Isolated + "BgpPeering.Engine.dll", decision.Path);
    }

    [Fact]
    public void Isolating_never_uses_a_default_context_copy_of_the_isolated_half()
    {
        var stray = new AssemblyName("BgpPeering.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null");

        var decision = Isolating.Decide(new AssemblyName("BgpPeering.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null"), new[] { stray });

        Assert.Equal(ResolveAction.LoadIsolated, decision.Action);
    }

    [Theory]
    [InlineData("AWSSDK.Core")]
    [InlineData("AWSSDK.SecurityToken")]
    [InlineData("AWSSDK.SSO")]
    [InlineData("AWSSDK.SSOOIDC")]
    public void Isolating_never_hands_our_AWSSDK_to_the_default_context(string name)
    {
        // Such a request comes from default-context code: AWS.Tools or another module. Ours must not leak to it.
        var decision = Isolating.Decide(new AssemblyName(name + ", Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken), NothingLoaded);

        Assert.Equal(ResolveAction.None, decision.Action);
        Assert.Contains("own load context", decision.Reason);
    }

    [Fact]
    public void Isolating_still_answers_the_shared_dependencies_in_the_default_context()
    {
        var decision = Isolating.Decide(new AssemblyName("Microsoft.Bcl.AsyncInterfaces, Version=8.0.0.0, Culture=neutral, PublicKeyToken=" + MsToken), NothingLoaded);

        Assert.Equal(ResolveAction.Load, decision.Action);
        Assert.Equal(Root + "Microsoft.Bcl.AsyncInterfaces.dll", decision.Path);
    }

    [Fact]
    public void Isolating_refuses_a_newer_engine_than_shipped()
    {
        var decision = Isolating.Decide(new AssemblyName("BgpPeering.Engine, Version=0.2.0.0, Culture=neutral, PublicKeyToken=null"), NothingLoaded);

        Assert.Equal(ResolveAction.None, decision.Action);
    }

    // ---- Several copies shipped ----

    [Fact]
    public void Of_several_shipped_copies_the_highest_satisfying_one_is_chosen()
    {
        var resolver = new DependencyResolver(new[]
        {
            Shipped("System.Memory", "4.0.1.1", MsToken),
            Shipped("System.Memory", "4.0.1.2", MsToken, folder: Root + "b/"),
        }, isolate: false);

        var decision = resolver.Decide(new AssemblyName("System.Memory, Version=4.0.1.0, Culture=neutral, PublicKeyToken=" + MsToken), NothingLoaded);

        Assert.Equal(Root + "b/System.Memory.dll", decision.Path);
    }

    [Fact]
    public void The_resolver_rejects_nameless_input()
    {
        Assert.Throws<ArgumentNullException>(() => Sharing.Decide(null!, NothingLoaded));
        Assert.Throws<ArgumentException>(() => new ShippedAssembly(new AssemblyName(), "/x.dll", false));
        Assert.Equal(ResolveAction.None, Sharing.Decide(new AssemblyName(), NothingLoaded).Action);
    }

    private static ShippedAssembly Shipped(string name, string version, string? token, bool isolated = false, string? folder = null)
    {
        var assemblyName = new AssemblyName(name + ", Version=" + version + ", Culture=neutral, PublicKeyToken=" + (token ?? "null"));
        return new ShippedAssembly(assemblyName, (folder ?? (isolated ? Isolated : Root)) + name + ".dll", isolated);
    }
}
