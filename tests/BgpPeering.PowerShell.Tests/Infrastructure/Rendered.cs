namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>What PowerShell rendered, as the lines a reader sees.</summary>
internal static class Rendered
{
    /// <summary>The text's lines that are not blank, with Windows line ends read as Unix ones.</summary>
    public static List<string> Lines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => l.Trim().Length > 0).ToList();
}
