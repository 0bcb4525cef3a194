using System.Text.RegularExpressions;
using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// Every example of every help topic (docs/en-US: each cmdlet's EXAMPLES and every PowerShell block of
/// about_BgpPeering) runs against the emulator, as a user would type it:
/// - an example that names its own keys (-AccessKey) runs with no credentials, region or endpoint in the
///   environment, so it must be complete as written;
/// - every other example runs the way a user's shell is set up: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
///   AWS_REGION and the AWS_ENDPOINT_URL_* variables point at the emulator.
/// The only change made to an example is the emulator's URL: http://127.0.0.1:4566 becomes this emulator's.
/// Each runs in a folder holding the CSV files the examples describe, after a reset to the demo topology, and must
/// finish with no error and at least one API request. The cmdlet examples are also what Get-Help shows.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class HelpExampleTests : IClassFixture<PwshFixture>, IDisposable
{
    private static readonly string[] EnvironmentNames =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_DIRECT_CONNECT", "AWS_ENDPOINT_URL_STS",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED",
    ];

    private readonly PwshFixture _ps;
    private readonly Dictionary<string, string?> _saved = EnvironmentNames.ToDictionary(n => n, Environment.GetEnvironmentVariable);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bgppeering-examples-" + Guid.NewGuid().ToString("N"));

    public HelpExampleTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
        Directory.CreateDirectory(_dir);
        foreach (var (file, content) in CsvFiles()) File.WriteAllText(Path.Combine(_dir, file), content);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_dir, recursive: true);
    }

    public sealed record Example(string Topic, int Number, string Title, string Code)
    {
        public override string ToString() => Topic + " #" + Number + ": " + Title;
    }

    private static readonly Regex Fence = new(@"^```(?<info>[a-z]*)\s*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);

    /// <summary>The examples, read from the markdown the help is built from.</summary>
    public static IEnumerable<Example> All()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.DocsFolder, "*.md").Order(StringComparer.Ordinal))
        {
            var topic = Path.GetFileNameWithoutExtension(file);
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (topic.StartsWith("about_", StringComparison.Ordinal))
            {
                var n = 0;
                foreach (Match m in Fence.Matches(text))
                    if (m.Groups["info"].Value == "powershell") yield return new Example(topic, ++n, "block " + n, m.Groups["code"].Value.TrimEnd());
                continue;
            }
            var start = text.IndexOf("\n## EXAMPLES", StringComparison.Ordinal);
            var end = text.IndexOf("\n## PARAMETERS", StringComparison.Ordinal);
            var examples = text[start..end];
            foreach (Match h in Regex.Matches(examples, @"^### Example (?<n>\d+): (?<title>.*)$", RegexOptions.Multiline))
            {
                var rest = examples[h.Index..];
                var code = Fence.Match(rest);
                yield return new Example(topic, int.Parse(h.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), h.Groups["title"].Value.Trim(), code.Groups["code"].Value.TrimEnd());
            }
        }
    }

    public static TheoryData<Example> Examples()
    {
        var data = new TheoryData<Example>();
        foreach (var e in All()) data.Add(e);
        return data;
    }

    /// <summary>The CSV files the examples describe in their comments ("# peers.csv:" then "# " lines), and ids.csv.</summary>
    private static IEnumerable<(string File, string Content)> CsvFiles()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in All())
        {
            var lines = e.Code.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var m = Regex.Match(lines[i], @"^# (?<file>[\w-]+\.csv):$");
                if (!m.Success || !seen.Add(m.Groups["file"].Value)) continue;
                var rows = lines.Skip(i + 1).TakeWhile(l => l.StartsWith("# ", StringComparison.Ordinal)).Select(l => l[2..]);
                yield return (m.Groups["file"].Value, string.Join("\n", rows) + "\n");
            }
        }
        // Wait-BgpPeerUp: "ids.csv has a RouteServerPeerId column".
        yield return ("ids.csv", "RouteServerPeerId\nrsp-0fedcba9876543210\n");
    }

    [Fact]
    public void Every_topic_has_examples_and_the_CSV_files_they_read_exist()
    {
        var examples = All().ToList();
        Assert.Equal(Cmdlets.All.Order(StringComparer.Ordinal), examples.Where(e => !e.Topic.StartsWith("about_", StringComparison.Ordinal)).Select(e => e.Topic).Distinct().Order(StringComparer.Ordinal));
        Assert.True(examples.Count(e => e.Topic == "about_BgpPeering") >= 3, "about_BgpPeering has too few PowerShell blocks");
        foreach (var file in examples.SelectMany(e => Regex.Matches(e.Code, @"Import-Csv (-Path )?(?<file>[\w-]+\.csv)").Select(m => m.Groups["file"].Value)).Distinct())
            Assert.True(File.Exists(Path.Combine(_dir, file)) || examples.Any(e => e.Code.Contains("Export-Csv " + file, StringComparison.Ordinal)), file + " is read by an example but described or written by none");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_runs_against_the_emulator(Example example)
    {
        var selfContained = example.Code.Contains("AccessKey", StringComparison.Ordinal);
        foreach (var name in EnvironmentNames) Environment.SetEnvironmentVariable(name, null);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_dir, "no-credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_dir, "no-config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        if (!selfContained)
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", PwshFixture.AccessKey);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", PwshFixture.SecretKey);
            Environment.SetEnvironmentVariable("AWS_REGION", PwshFixture.Region);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_EC2", _ps.Url);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DIRECT_CONNECT", _ps.Url);
        }
        var code = example.Code.Replace("http://127.0.0.1:4566", _ps.Url, StringComparison.Ordinal);
        var host = new TestHost();
        var r = _ps.Run("Set-Location -LiteralPath $dir\n" + code, host, new Dictionary<string, object?> { ["dir"] = _dir });
        Assert.True(r.Terminating is null && r.Errors.Count == 0, example + " failed:\n" + r.Describe());
        // A Remove-* example without -Force asks, as it would a user; the host answers the default, Yes.
        Assert.All(host.Prompts.Asked, p => Assert.Contains("\"Delete ", p.Message, StringComparison.Ordinal));
        Assert.True(_ps.Requests.Count > 0, example + " sent no request");
        Assert.All(_ps.Requests, q => Assert.Null(q.ErrorCode is "DryRunOperation" ? null : q.ErrorCode));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Get_Help_shows_the_example_as_written(Example example)
    {
        if (example.Topic.StartsWith("about_", StringComparison.Ordinal))
        {
            var about = _ps.Run("Get-Help " + example.Topic + " | Out-String -Width 200").AssertClean().Text;
            foreach (var line in example.Code.Split('\n').Where(l => l.Trim().Length > 0))
                Assert.Contains(line.Trim(), about, StringComparison.Ordinal);
            return;
        }
        var shown = _ps.Run("@((Get-Help " + example.Topic + ").examples.example)[" + (example.Number - 1) + "].code").AssertClean().Output.Single().ToString();
        Assert.Equal(example.Code.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), shown.Replace("\r\n", "\n", StringComparison.Ordinal).Trim());
    }
}
