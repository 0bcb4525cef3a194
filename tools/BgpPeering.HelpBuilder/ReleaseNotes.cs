using System.Text;
using System.Text.RegularExpressions;

namespace BgpPeering.HelpBuilder;

/// <summary>
/// The release notes of the latest CHANGELOG.md section (Keep a Changelog: '## [version] - date' or
/// '## [Unreleased]'), stamped into a laid-out module manifest's PrivateData.PSData.ReleaseNotes.
/// </summary>
public static class ReleaseNotes
{
    private static readonly Regex Section = new(@"^## \[(?<version>[^\]]+)\]", RegexOptions.Compiled);
    private static readonly Regex ManifestEntry = new(@"(?<lead>^[ \t]*ReleaseNotes[ \t]*=[ \t]*)'(?<value>(?:[^']|'')*)'", RegexOptions.Compiled | RegexOptions.Multiline);

    /// <summary>The first section of the changelog that has content, heading included; throws when there is none.</summary>
    public static string Latest(string changelog)
    {
        var lines = changelog.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!Section.IsMatch(lines[i])) continue;
            var body = new List<string>();
            var j = i + 1;
            for (; j < lines.Length && !Section.IsMatch(lines[j]); j++) body.Add(lines[j]);
            var text = string.Join("\n", body).Trim('\n', ' ');
            if (text.Length > 0) return lines[i].TrimStart('#', ' ') + "\n\n" + text;
            i = j - 1;
        }
        throw new InvalidOperationException("CHANGELOG.md has no '## [version]' section with content.");
    }

    /// <summary>Replaces the manifest's ReleaseNotes = '...' value, quoting for a PowerShell single-quoted string.</summary>
    public static string Stamp(string manifest, string notes)
    {
        var matches = ManifestEntry.Matches(manifest);
        if (matches.Count != 1) throw new InvalidOperationException("The manifest must have exactly one single-quoted ReleaseNotes = '...' entry; found " + matches.Count + ".");
        var quoted = "'" + notes.Replace("'", "''", StringComparison.Ordinal) + "'";
        var m = matches[0];
        return manifest[..m.Index] + m.Groups["lead"].Value + quoted + manifest[(m.Index + m.Length)..];
    }

    public static void StampFile(string changelogPath, string manifestPath)
    {
        var notes = Latest(File.ReadAllText(changelogPath));
        var manifest = File.ReadAllText(manifestPath);
        File.WriteAllText(manifestPath, Stamp(manifest, notes), new UTF8Encoding(true));
    }
}
