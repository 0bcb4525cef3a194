using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace BgpPeering.Engine.Session;

/// <summary>What a file looked like when it was read: enough to tell, cheaply, that it has changed since.</summary>
internal readonly struct FileStamp : IEquatable<FileStamp>
{
    private FileStamp(string path, bool exists, long lastWriteTicks, long length)
    {
        Path = path;
        Exists = exists;
        LastWriteTicks = lastWriteTicks;
        Length = length;
    }

    public string Path { get; }

    public bool Exists { get; }

    public long LastWriteTicks { get; }

    public long Length { get; }

    public static FileStamp Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists
                ? new FileStamp(path, true, info.LastWriteTimeUtc.Ticks, info.Length)
                : new FileStamp(path, false, 0, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FileStamp(path, false, 0, 0);
        }
    }

    /// <summary>True when the file on disk is still as it was when this stamp was taken.</summary>
    public bool IsCurrent() => Equals(Of(Path));

    public bool Equals(FileStamp other) =>
        string.Equals(Path, other.Path, StringComparison.Ordinal) && Exists == other.Exists &&
        LastWriteTicks == other.LastWriteTicks && Length == other.Length;

    public override bool Equals(object? obj) => obj is FileStamp other && Equals(other);

    public override int GetHashCode() => (Path?.GetHashCode() ?? 0) ^ LastWriteTicks.GetHashCode() ^ Length.GetHashCode();
}

/// <summary>One [section] of an AWS shared credentials or config file.</summary>
internal sealed class IniSection
{
    public IniSection(string name, int line)
    {
        Name = name;
        Line = line;
    }

    /// <summary>The text between the brackets, trimmed: "default", "profile dev", "sso-session corp", "services local".</summary>
    public string Name { get; }

    /// <summary>The 1-based line of the section header.</summary>
    public int Line { get; }

    /// <summary>Properties with lower-case keys, as AWSSDK.Core reads them.</summary>
    public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indented sub-properties under a key with an empty value (<c>ec2 =</c> then <c>  endpoint_url = …</c>).</summary>
    public Dictionary<string, Dictionary<string, string>> Nested { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why the section cannot be used (a key given twice), or null. Never holds a value from the file.</summary>
    public string? Problem { get; set; }
}

/// <summary>
/// A parsed AWS shared credentials or config file, following AWSSDK.Core's reader: <c>#</c> and <c>;</c> start
/// comment lines, section names are case-sensitive, keys are case-insensitive, values are trimmed, a key with an
/// empty value introduces indented sub-properties, the first section of a name wins, and a key given twice makes
/// its section unusable. A line that is none of these makes the whole file unreadable; the error gives the line
/// number but never the line, which may hold a secret.
/// </summary>
internal sealed class IniFile
{
    private IniFile(string path, FileStamp stamp, List<IniSection> sections, string? problem)
    {
        Path = path;
        Stamp = stamp;
        Sections = sections;
        Problem = problem;
    }

    public string Path { get; }

    public FileStamp Stamp { get; }

    public bool Exists => Stamp.Exists;

    /// <summary>Why the file cannot be read at all, or null.</summary>
    public string? Problem { get; }

    public IReadOnlyList<IniSection> Sections { get; }

    public IniSection? Find(string sectionName)
    {
        foreach (var s in Sections)
            if (string.Equals(s.Name, sectionName, StringComparison.Ordinal)) return s;
        return null;
    }

    /// <summary>The first section named <c>[prefix name]</c>, with one or more spaces or tabs between the two.</summary>
    public IniSection? Find(string prefix, string name)
    {
        foreach (var s in Sections)
        {
            if (s.Name.Length <= prefix.Length + 1 || !s.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var i = prefix.Length;
            if (s.Name[i] != ' ' && s.Name[i] != '\t') continue;
            while (i < s.Name.Length && (s.Name[i] == ' ' || s.Name[i] == '\t')) i++;
            if (string.Equals(s.Name.Substring(i), name, StringComparison.Ordinal)) return s;
        }
        return null;
    }

    public static IniFile Load(string path)
    {
        var stamp = FileStamp.Of(path);
        if (!stamp.Exists) return new IniFile(path, stamp, new List<IniSection>(), null);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new IniFile(path, stamp, new List<IniSection>(), "it could not be read (" + ex.GetType().Name + ": " + ex.Message + ")");
        }
        return Parse(path, stamp, lines);
    }

    internal static IniFile Parse(string path, FileStamp stamp, IReadOnlyList<string> lines)
    {
        var sections = new List<IniSection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IniSection? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var raw = lines[i];
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
            if (line[0] == '[' && line[line.Length - 1] == ']')
            {
                var name = line.Substring(1, line.Length - 2).Trim();
                current = new IniSection(name, i + 1);
                // The first section of a name is the one AWSSDK.Core reads; later ones are kept out of reach.
                if (seen.Add(name)) sections.Add(current);
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq < 0)
                return new IniFile(path, stamp, new List<IniSection>(), "line " + (i + 1) + " is neither a [section], a key = value line nor a comment");
            if (current is null)
                return new IniFile(path, stamp, new List<IniSection>(), "line " + (i + 1) + " sets a value before any [section]");
            var key = line.Substring(0, eq).Trim().ToLowerInvariant();
            var value = line.Substring(eq + 1).Trim();
            if (current.Properties.ContainsKey(key) || current.Nested.ContainsKey(key))
            {
                current.Problem ??= "the key '" + key + "' is set twice in [" + current.Name + "] (line " + (i + 1) + ")";
                continue;
            }
            if (value.Length == 0 && i + 1 < lines.Count && StartsWithWhitespace(lines[i + 1]) && lines[i + 1].IndexOf('=') >= 0)
            {
                var nested = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                while (i + 1 < lines.Count && StartsWithWhitespace(lines[i + 1]))
                {
                    var sub = lines[i + 1].Trim();
                    if (sub.Length > 0 && sub[0] != '#' && sub[0] != ';')
                    {
                        if (sub[0] == '[') break;
                        var subEq = sub.IndexOf('=');
                        if (subEq < 0)
                            return new IniFile(path, stamp, new List<IniSection>(), "line " + (i + 2) + " is neither a key = value line nor a comment");
                        nested[sub.Substring(0, subEq).Trim().ToLowerInvariant()] = sub.Substring(subEq + 1).Trim();
                    }
                    i++;
                }
                current.Nested[key] = nested;
                continue;
            }
            current.Properties[key] = value;
        }
        return new IniFile(path, stamp, sections, null);
    }

    private static bool StartsWithWhitespace(string line) => line.Length > 0 && char.IsWhiteSpace(line[0]);
}

/// <summary>Parsed files, kept until their stamp changes, so that resolving again does not read the disk again.</summary>
internal sealed class IniFileCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, IniFile> _files = new(StringComparer.Ordinal);

    public int Loads { get; private set; }

    public IniFile Get(string path)
    {
        lock (_gate)
        {
            if (_files.TryGetValue(path, out var cached) && cached.Stamp.IsCurrent()) return cached;
            var file = IniFile.Load(path);
            Loads++;
            if (_files.Count > 64) _files.Clear();
            _files[path] = file;
            return file;
        }
    }
}
