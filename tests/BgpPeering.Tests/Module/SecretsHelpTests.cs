using System.Text.RegularExpressions;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Module;

/// <summary>
/// Issue 18, item 7: PowerShell's own parameter-binding trace prints string secrets in clear. The help of every
/// parameter that takes one says so and steers to a profile or a SecureString; about_BgpPeering says it once for all.
/// </summary>
public sealed class SecretsHelpTests
{
    private static string Docs => Path.Combine(BuildPaths.RepoRoot, "docs", "en-US");

    public static TheoryData<string, string> SecretParameters()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Docs, "*-*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            foreach (var parameter in new[] { "SecretKey", "SessionToken", "AuthKey" })
            {
                if (text.Contains("\n### -" + parameter + "\n", StringComparison.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(file), parameter);
            }
        }
        return data;
    }

    [Fact]
    public void Every_cmdlet_has_SecretKey_and_SessionToken()
    {
        var cmdlets = Directory.GetFiles(Docs, "*-*.md").Length;
        var rows = SecretParameters();
        Assert.Equal(cmdlets, rows.Count(r => (string)r[1] == "SecretKey"));
        Assert.Equal(cmdlets, rows.Count(r => (string)r[1] == "SessionToken"));
        // New-DxBgpPeer and Sync-DxBgpPeer.
        Assert.Equal(2, rows.Count(r => (string)r[1] == "AuthKey"));
    }

    [Theory]
    [MemberData(nameof(SecretParameters))]
    public void The_help_of_each_secret_parameter_warns_about_the_binding_trace_and_names_a_safer_way(string cmdlet, string parameter)
    {
        var text = File.ReadAllText(Path.Combine(Docs, cmdlet + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var match = Regex.Match(text, "\n### -" + parameter + "\n(?<body>.*?)\n```yaml", RegexOptions.Singleline);
        Assert.True(match.Success, cmdlet + " documents -" + parameter);
        var body = match.Groups["body"].Value;
        Assert.Contains("Trace-Command -Name ParameterBinding", body, StringComparison.Ordinal);
        Assert.Contains(parameter == "AuthKey" ? "SecureString" : "profile", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_about_topic_explains_the_trace_and_the_alternatives()
    {
        var text = File.ReadAllText(Path.Combine(Docs, "about_BgpPeering.md"));
        Assert.Contains("Trace-Command -Name ParameterBinding", text, StringComparison.Ordinal);
        Assert.Contains("SecureString", text, StringComparison.Ordinal);
        Assert.Contains("Set-AWSCredential", text, StringComparison.Ordinal);
    }
}
