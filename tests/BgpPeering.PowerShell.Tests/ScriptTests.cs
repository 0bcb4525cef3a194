using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// The repository's PowerShell scripts (tests/*.Tests.ps1: one Pester file per noun and BgpPeering.Module.Tests.ps1;
/// tests/TestHelpers.ps1, build.ps1, tools/demo.ps1) read by
/// PowerShell's own parser (replacing the home-made lint of tests/BgpPeering.Tests/Surface/PowerShellLint.cs): they
/// parse, the commands they call exist (this module's cmdlets, PowerShell's, functions they define, or Pester's),
/// the error IDs they assert name real cmdlet classes, they use Pester 5 syntax, and the suite calls every cmdlet.
/// </summary>
public sealed class ScriptTests : IClassFixture<PwshFixture>
{
    private static readonly string[] PesterCommands =
    [
        "Describe", "Context", "It", "Should", "BeforeAll", "AfterAll", "BeforeEach", "AfterEach", "BeforeDiscovery", "Mock", "InModuleScope",
        "Invoke-Pester", "New-PesterConfiguration", "Set-ItResult", "Add-ShouldOperator",
        // platyPS, which build.ps1 Docs uses where it is installed.
        "New-ExternalHelp", "New-MarkdownHelp", "Update-MarkdownHelp", "Update-MarkdownHelpModule",
    ];

    private readonly PwshFixture _ps;

    public ScriptTests(PwshFixture ps) => _ps = ps;

    public static IEnumerable<string> ScriptPaths()
    {
        var tests = Path.Combine(RepoPaths.RepoRoot, "tests");
        return Directory.GetFiles(tests, "*.Tests.ps1").Order(StringComparer.Ordinal).Append(Path.Combine(tests, "TestHelpers.ps1"))
            .Append(Path.Combine(RepoPaths.RepoRoot, "build.ps1")).Append(Path.Combine(RepoPaths.RepoRoot, "tools", "demo.ps1"))
            .Where(File.Exists).Select(f => Path.GetRelativePath(RepoPaths.RepoRoot, f).Replace('\\', '/'));
    }

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var s in ScriptPaths()) data.Add(s);
        return data;
    }

    private const string ParseScript = @"
$tokens = $null; $errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
$functions = foreach ($p in $all) { $t = $null; $e = $null; ([System.Management.Automation.Language.Parser]::ParseFile($p, [ref]$t, [ref]$e)).FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true).Name }
$commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ } | Sort-Object -Unique)
$code = ($tokens | Where-Object { $_.Kind -ne 'Comment' } | ForEach-Object Text) -join ' '
[pscustomobject]@{
  Errors = [string[]]@($errors | ForEach-Object { $_.Extent.StartLineNumber.ToString() + ': ' + $_.Message })
  Commands = [string[]]$commands
  Functions = [string[]]@($functions | ForEach-Object { $_ -replace '^(script|global|private):', '' })
  Code = $code
  ErrorIdClasses = [string[]]@([regex]::Matches(($tokens | Where-Object { $_.Kind -ne 'Comment' } | ForEach-Object Text) -join ' ', 'BgpPeering\.Commands\.(\w+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
}";

    private System.Management.Automation.PSObject Parse(string script) =>
        _ps.Run(ParseScript, variables: new Dictionary<string, object?>
        {
            ["path"] = Path.Combine(RepoPaths.RepoRoot, script),
            ["all"] = ScriptPaths().Select(s => Path.Combine(RepoPaths.RepoRoot, s)).ToArray(),
        }).AssertClean().Output.Single();

    [Fact]
    public void The_suite_files_exist()
    {
        var scripts = ScriptPaths().ToList();
        // One Pester file per noun, plus the module as a whole.
        Assert.Contains("tests/BgpPeering.Module.Tests.ps1", scripts);
        Assert.Contains("tests/RouteServerPeer.Tests.ps1", scripts);
        Assert.Contains("tests/RouteServerEndpoint.Tests.ps1", scripts);
        Assert.Contains("tests/DxBgpPeer.Tests.ps1", scripts);
        Assert.Contains("tests/Wait-BgpPeerUp.Tests.ps1", scripts);
        Assert.Contains("tests/TestHelpers.ps1", scripts);
        Assert.Contains("build.ps1", scripts);
        Assert.Contains("tools/demo.ps1", scripts);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_script_parses(string script) => Assert.Empty((string[])Parse(script).Properties["Errors"].Value);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_command_the_script_calls_exists(string script)
    {
        var o = Parse(script);
        var functions = ((string[])o.Properties["Functions"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidates = ((string[])o.Properties["Commands"].Value)
            .Where(c => c.Contains('-', StringComparison.Ordinal) && !functions.Contains(c) && !PesterCommands.Contains(c, StringComparer.OrdinalIgnoreCase) && !c.Contains('.', StringComparison.Ordinal) && !c.Contains('/', StringComparison.Ordinal) && !c.Contains('\\', StringComparison.Ordinal))
            .ToArray();
        var r = _ps.Run("$names | Where-Object { -not (Get-Command -Name $_ -ErrorAction Ignore) }", variables: new Dictionary<string, object?> { ["names"] = candidates }).AssertClean();
        Assert.True(r.Output.Count == 0, script + " calls commands that exist nowhere: " + string.Join(", ", r.Output));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_error_ID_names_a_real_cmdlet_class(string script)
    {
        var named = (string[])Parse(script).Properties["ErrorIdClasses"].Value;
        var classes = _ps.Run("(Get-Module BgpPeering).ImplementingAssembly.GetTypes().Name").AssertClean().Output.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.All(named, c => Assert.True(classes.Contains(c), script + " names BgpPeering.Commands." + c + ", which does not exist."));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Pester_files_use_Pester_5_syntax(string script)
    {
        if (!script.EndsWith(".Tests.ps1", StringComparison.Ordinal)) return;
        var o = Parse(script);
        var code = (string)o.Properties["Code"].Value;
        var commands = (string[])o.Properties["Commands"].Value;
        Assert.Contains("Describe", commands);
        Assert.Contains("It", commands);
        // Pester 4's dash-less assertions (Should Be, Should Throw) fail under Pester 5.
        Assert.DoesNotMatch(@"\bShould\s+(?!-)[A-Za-z]", code);
        // Pester 5 runs code outside BeforeAll/It only at discovery; the module must be imported inside a block.
        Assert.DoesNotMatch(@"(?m)^Import-Module", File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, script)));
    }

    [Fact]
    public void The_Pester_suite_calls_every_cmdlet()
    {
        var called = ScriptPaths().Where(s => s.EndsWith(".Tests.ps1", StringComparison.Ordinal))
            .SelectMany(s => (string[])Parse(s).Properties["Commands"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(Cmdlets.All, c => Assert.True(called.Contains(c), "No Pester test calls " + c + "."));
    }

    [Fact]
    public void The_module_assembly_has_one_initializer_that_also_cleans_up()
    {
        var r = _ps.Run(@"(Get-Module BgpPeering).ImplementingAssembly.GetTypes() | Where-Object { $_.IsPublic -and -not $_.IsAbstract -and [System.Management.Automation.IModuleAssemblyInitializer].IsAssignableFrom($_) } |
  ForEach-Object { [System.Management.Automation.IModuleAssemblyCleanup].IsAssignableFrom($_) }").AssertClean();
        Assert.True((bool)Assert.Single(r.Output).BaseObject);
    }
}
