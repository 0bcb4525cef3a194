using System.Text.RegularExpressions;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Surface;

/// <summary>
/// The PowerShell scripts (tests/*.Tests.ps1, tests/TestHelpers.ps1, build.ps1, tools/demo.ps1) checked without PowerShell: they
/// are balanced (brackets, quotes, here-strings, comments), they call only cmdlets this module has (a typo such
/// as Get-RouteServerPeers fails here, not in CI with pwsh), functions they define, or commands with approved
/// verbs, their error IDs name real cmdlet classes, and they use Pester 5 syntax. This is not a parser: the
/// suite has to run under pwsh to be proven.
/// </summary>
public sealed class PesterScriptTests : IClassFixture<CmdletContractTests.Metadata>
{
    /// <summary>PowerShell's approved verbs (Get-Verb), plus the verbs of the core *-Object cmdlets.</summary>
    private static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "Add", "Approve", "Assert", "Backup", "Block", "Build", "Checkpoint", "Clear", "Close", "Compare", "Complete", "Compress",
        "Confirm", "Connect", "Convert", "ConvertFrom", "ConvertTo", "Copy", "Debug", "Deny", "Deploy", "Disable", "Disconnect",
        "Dismount", "Edit", "Enable", "Enter", "Exit", "Expand", "Export", "Find", "Format", "Get", "Grant", "Group", "Hide",
        "Import", "Initialize", "Install", "Invoke", "Join", "Limit", "Lock", "Measure", "Merge", "Mount", "Move", "New", "Open",
        "Optimize", "Out", "Ping", "Pop", "Protect", "Publish", "Push", "Read", "Receive", "Redo", "Register", "Remove", "Rename",
        "Repair", "Request", "Reset", "Resize", "Resolve", "Restart", "Restore", "Resume", "Revoke", "Save", "Search", "Select",
        "Send", "Set", "Show", "Skip", "Split", "Start", "Step", "Stop", "Submit", "Suspend", "Switch", "Sync", "Test", "Trace",
        "Unblock", "Undo", "Uninstall", "Unlock", "Unprotect", "Unpublish", "Unregister", "Update", "Use", "Wait", "Watch", "Write",
        "ForEach", "Where", "Sort", "Tee",
    };

    private readonly ModuleMetadata _m;

    public PesterScriptTests(CmdletContractTests.Metadata metadata) => _m = metadata.Module;

    private static List<string> ScriptPaths()
    {
        var tests = Path.Combine(BuildPaths.RepoRoot, "tests");
        return Directory.GetFiles(tests, "*.Tests.ps1").Append(Path.Combine(tests, "TestHelpers.ps1")).Append(Path.Combine(BuildPaths.RepoRoot, "build.ps1"))
            .Append(Path.Combine(BuildPaths.RepoRoot, "tools", "demo.ps1"))
            .Where(File.Exists).Select(f => Path.GetRelativePath(BuildPaths.RepoRoot, f).Replace('\\', '/')).ToList();
    }

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var s in ScriptPaths()) data.Add(s);
        return data;
    }

    private static string Read(string relative) => File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, relative));

    /// <summary>Functions defined in any of the scripts (a test file dot-sources TestHelpers.ps1).</summary>
    private static HashSet<string> DefinedFunctions() =>
        ScriptPaths().Select(Read)
            .SelectMany(text => Regex.Matches(text, @"(?im)^\s*function\s+(?:script:|global:|private:)?(?<name>[A-Za-z][\w-]*)").Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void The_suite_files_exist()
    {
        var scripts = ScriptPaths();
        Assert.Contains("tests/BgpPeering.Tests.ps1", scripts);
        Assert.Contains("tests/TestHelpers.ps1", scripts);
        Assert.Contains("build.ps1", scripts);
        Assert.Contains("tools/demo.ps1", scripts);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_script_is_balanced(string script)
    {
        var problems = PowerShellLint.CheckBalanced(Read(script));
        Assert.True(problems.Count == 0, script + ":\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_command_the_script_calls_exists(string script)
    {
        var cmdlets = _m.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var functions = DefinedFunctions();
        var problems = new List<string>();
        foreach (var command in PowerShellLint.Commands(Read(script)))
        {
            if (functions.Contains(command)) continue;
            if (DocsContractTests.IsOurNoun(command))
            {
                if (!cmdlets.Contains(command)) problems.Add(command + " is not a BgpPeering cmdlet (the module has " + string.Join(", ", cmdlets.Order()) + ").");
                continue;
            }
            var verb = command[..command.IndexOf('-')];
            if (!Verbs.Contains(verb)) problems.Add(command + " uses the verb '" + verb + "', which no PowerShell command has.");
        }
        Assert.True(problems.Count == 0, script + ":\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_error_ID_names_a_real_cmdlet_class(string script)
    {
        var classes = _m.Cmdlets.Select(c => c.Type.Name).ToHashSet(StringComparer.Ordinal);
        // Comments (such as a header explaining 'Id,BgpPeering.Commands.XxxCommand') do not count.
        var text = Regex.Replace(Regex.Replace(Read(script), @"<#[\s\S]*?#>", string.Empty), @"(?m)^\s*#.*$", string.Empty);
        var named = Regex.Matches(text, @"BgpPeering\.Commands\.(?<class>\w+)").Select(m => m.Groups["class"].Value).Distinct().ToList();
        Assert.All(named, c => Assert.True(classes.Contains(c), script + " names BgpPeering.Commands." + c + ", which does not exist."));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Pester_files_use_Pester_5_syntax(string script)
    {
        if (!script.EndsWith(".Tests.ps1", StringComparison.Ordinal)) return;
        var code = PowerShellLint.CodeOnly(Read(script));
        Assert.Matches(@"\bDescribe\b", code);
        Assert.Matches(@"\bIt\b", code);
        // Pester 4's dash-less assertions (Should Be, Should Throw) fail under Pester 5.
        Assert.DoesNotMatch(@"\bShould\s+(?!-)[A-Za-z]", code);
        // Pester 5 runs code outside BeforeAll/It only at discovery; the module must be imported inside a block.
        Assert.DoesNotMatch(@"(?m)^Import-Module", code);
    }

    [Fact]
    public void The_suite_asserts_errors_by_FullyQualifiedErrorId_and_uses_data_driven_cases()
    {
        var suite = Read("tests/BgpPeering.Tests.ps1");
        Assert.Matches(@"-ErrorId\s+'[A-Za-z]+,BgpPeering\.Commands\.\w+Command'", suite);
        Assert.Contains("-ForEach", suite, StringComparison.Ordinal);
        Assert.Contains("AKIDEXAMPLE", Read("tests/TestHelpers.ps1"), StringComparison.Ordinal);
        Assert.Contains("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Read("tests/TestHelpers.ps1"), StringComparison.Ordinal);
        Assert.Contains("BGPPEERING_MODULE_PATH", Read("tests/TestHelpers.ps1"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_suite_calls_every_cmdlet()
    {
        var called = Directory.GetFiles(Path.Combine(BuildPaths.RepoRoot, "tests"), "*.Tests.ps1")
            .SelectMany(f => PowerShellLint.Commands(File.ReadAllText(f))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(_m.Cmdlets, c => Assert.True(called.Contains(c.Name), "No Pester test calls " + c.Name + "."));
    }

    [Fact]
    public void The_lint_catches_what_it_claims_to()
    {
        Assert.NotEmpty(PowerShellLint.CheckBalanced("Describe 'x' { It 'y' { $a = @(1, 2 } }"));
        Assert.NotEmpty(PowerShellLint.CheckBalanced("$s = 'unterminated"));
        Assert.NotEmpty(PowerShellLint.CheckBalanced("$s = \"a $(Get-Date \""));
        Assert.NotEmpty(PowerShellLint.CheckBalanced("$h = @'\nno end\n"));
        Assert.Empty(PowerShellLint.CheckBalanced("$s = 'it''s { fine'; $t = \"a `\" $($x.Y) }\" # comment {\n<# ( #>\n$h = @\"\n{ $(1) \n\"@\n"));
        Assert.Equal(["Get-RouteServerPeer", "Where-Object"], PowerShellLint.Commands("Get-RouteServerPeer -VpcId 'Get-Nothing' | Where-Object BgpStatus -eq Down # Remove-All").ToList());
    }
}
