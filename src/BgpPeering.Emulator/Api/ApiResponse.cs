namespace BgpPeering.Emulator.Api;

/// <summary>An answer ready to write: status, content type, body and extra headers.</summary>
internal sealed record ApiResponse(int Status, string ContentType, byte[] Body, string? ErrorCode = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);
