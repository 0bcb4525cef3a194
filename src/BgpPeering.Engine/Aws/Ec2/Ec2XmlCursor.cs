using System;
using System.Xml;
using System.Xml.Linq;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>
/// A forward-only walk over an EC2 response. The pattern: <see cref="EnterChildren"/> on a start element, then
/// <c>while (NextChild())</c> stops on each child element, whose handler must consume it (<see cref="ReadText"/>,
/// <see cref="Skip"/>, or a nested walk); the loop ends after the parent's end element.
/// </summary>
internal sealed class Ec2XmlCursor
{
    private const int CacheSlots = 256;
    private readonly XmlReader _reader;
    private readonly bool _chunked;
    private readonly string?[] _cache = new string?[CacheSlots];
    private char[] _buffer = new char[256];
    private int _length;
    private int _seen;

    public Ec2XmlCursor(XmlReader reader)
    {
        _reader = reader;
        _chunked = reader.CanReadValueChunk;
        Names = new Ec2Names(reader.NameTable ?? throw new ArgumentException("The reader has no name table.", nameof(reader)));
    }

    /// <summary>The element names, atomized in this reader's name table.</summary>
    public Ec2Names Names { get; }

    /// <summary>The root's <c>&lt;requestId&gt;</c>, once the walk has passed it.</summary>
    public string? RequestId { get; private set; }

    /// <summary>The local name of the element the cursor is on (atomized: compare by reference with <see cref="Names"/>).</summary>
    public string Name => _reader.LocalName;

    /// <summary>The reader settings every EC2 response is read with: no DTDs, no resolver, whitespace dropped.</summary>
    public static XmlReaderSettings Settings() =>
        new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };

    /// <summary>Moves to the root element and into it; false when the root is empty.</summary>
    public bool EnterRoot()
    {
        if (_reader.MoveToContent() != XmlNodeType.Element) throw new XmlException("The response has no root element.");
        return EnterChildren();
    }

    /// <summary>On a start element: steps inside it and returns true, or past it (empty element) and returns false.</summary>
    public bool EnterChildren()
    {
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return false;
        }
        _reader.Read();
        return true;
    }

    /// <summary>Moves to the next child element of the current parent; false (after the parent's end) when there is none.</summary>
    public bool NextChild()
    {
        while (true)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (_reader.Depth == 1 && ReferenceEquals(_reader.LocalName, Names.RequestId) && RequestId is null)
                    {
                        RequestId = ReadText(cache: false);
                        continue;
                    }
                    return true;
                case XmlNodeType.EndElement:
                    _reader.Read();
                    return false;
                default:
                    Advance();
                    break;
            }
        }
    }

    /// <summary>Skips the current element and all it holds.</summary>
    public void Skip() => _reader.Skip();

    /// <summary>
    /// For a member that appears at most once per parent in the walk (bit <paramref name="bit"/> of the current
    /// response): true when it was already seen, so the first one wins.
    /// </summary>
    public bool SeenOnce(int bit)
    {
        var mask = 1 << bit;
        if ((_seen & mask) != 0) return true;
        _seen |= mask;
        return false;
    }

    /// <summary>Reads the element's text into <paramref name="target"/> unless it already has a value (the first wins); else skips it.</summary>
    public void ReadTextOnce(ref string? target, bool cache = true)
    {
        if (target is null) target = ReadText(cache);
        else _reader.Skip();
    }

    /// <summary>
    /// All the text inside the current element (as <see cref="XElement.Value"/> gives it), consuming the element.
    /// With <paramref name="cache"/>, a value already seen in this response is returned as the same string.
    /// </summary>
    public string ReadText(bool cache = true)
    {
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return string.Empty;
        }
        var depth = _reader.Depth;
        _length = 0;
        _reader.Read();
        while (!(_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth))
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (_chunked) AppendChunks();
                    else Append(_reader.Value);
                    Advance();
                    break;
                default:
                    Advance();
                    break;
            }
        }
        _reader.Read();
        if (_length == 0) return string.Empty;
        return cache ? Cached() : new string(_buffer, 0, _length);
    }

    private void Advance()
    {
        if (!_reader.Read()) throw new XmlException("The response ended inside an element.");
    }

    private void AppendChunks()
    {
        while (true)
        {
            // Two free places at least: the reader never splits a surrogate pair, and returns 0 only at the end.
            if (_buffer.Length - _length < 2) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = _reader.ReadValueChunk(_buffer, _length, _buffer.Length - _length);
            if (read == 0) return;
            _length += read;
        }
    }

    private void Append(string value)
    {
        if (_length + value.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + value.Length));
        value.CopyTo(0, _buffer, _length, value.Length);
        _length += value.Length;
    }

    /// <summary>The buffer's text as a string, shared with an equal value seen earlier in this response where the cache still holds it.</summary>
    private string Cached()
    {
        var hash = 2166136261u;
        for (var i = 0; i < _length; i++) hash = (hash ^ _buffer[i]) * 16777619u;
        var slot = (int)(hash % CacheSlots);
        var hit = _cache[slot];
        if (hit is not null && hit.Length == _length)
        {
            var same = true;
            for (var i = 0; i < _length && same; i++) same = hit[i] == _buffer[i];
            if (same) return hit;
        }
        var text = new string(_buffer, 0, _length);
        _cache[slot] = text;
        return text;
    }
}
