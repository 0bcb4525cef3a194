using Amazon.Runtime;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Infrastructure;
using BgpPeering.Tests.Engine.Session.AwsTools;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>
/// No secret key and no session token ever reaches a message: every warning and debug line the resolver writes,
/// every error (message, inner exceptions, stack text), and the ToString() and source texts of every session and
/// credentials object are captured over successful and failing resolutions, and searched for every secret used.
/// </summary>
public sealed class SecretsTests : IDisposable
{
    private const string ParamSecret = "PARAM-SECRET-wJalrXUtnFEMI-K7MDENG";
    private const string ParamToken = "PARAM-TOKEN-FQoGZXIvYXdzEJr";
    private const string EnvSecret = "ENV-SECRET-bPxRfiCYEXAMPLEKEY";
    private const string EnvToken = "ENV-TOKEN-IQoJb3JpZ2luX2VjEJ";
    private const string ProfileSecret = "PROFILE-SECRET-7aK2mQ9vT4xZ";
    private const string ProfileToken = "PROFILE-TOKEN-AQoDYXdzEPT";
    private const string BrokenSecret = "BROKEN-SECRET-3nB8cW1yR6uJ";
    private const string StoredSecret = "STORED-SECRET-5tH0pL2kV9sD";
    private const string PastedSecret = "PASTED-SECRET-8qW4eE7rT1yU";
    private const string StsSecret = "STS-SECRET-6gF3dS5aZ2xC";
    private const string StsToken = "STS-TOKEN-9oI8uY7tR6eW";

    private static readonly string[] AllSecrets =
    {
        ParamSecret, ParamToken, EnvSecret, EnvToken, ProfileSecret, ProfileToken, BrokenSecret, StoredSecret, PastedSecret, StsSecret, StsToken,
    };

    private readonly FakeAwsEnvironment _env = new();
    private readonly List<string> _captured = new();

    public SecretsTests()
    {
        _env.WriteCredentials($"""
            [temp]
            aws_access_key_id = ASIAPROFILE
            aws_secret_access_key = {ProfileSecret}
            aws_session_token = {ProfileToken}

            [twice]
            aws_access_key_id = AKIDTWICE
            aws_secret_access_key = {BrokenSecret}
            aws_secret_access_key = {BrokenSecret}x

            [half]
            aws_secret_access_key = {BrokenSecret}
            """);
        _env.WriteConfig("""
            [profile role]
            role_arn = arn:aws:iam::111122223333:role/admin
            source_profile = temp

            [profile fromenv]
            role_arn = arn:aws:iam::111122223333:role/ci
            credential_source = Environment
            """);
    }

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task No_message_error_or_ToString_from_the_resolver_or_a_session_holds_a_secret()
    {
        var factory = _env.Factory();

        // Successes, each with secrets in play.
        Capture(factory, new ConnectionParameters { AccessKey = "AKIDPARAM", SecretKey = ParamSecret, SessionToken = ParamToken, Region = "us-east-1" });
        Capture(factory, new ConnectionParameters { ProfileName = "temp", Region = "us-east-1", StoredRegion = PastedSecret });
        Capture(factory, new ConnectionParameters { StoredCredentials = new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", StoredSecret), null, CredentialsSource.Strings), Region = "us-east-1" });
        Capture(factory, new ConnectionParameters { StoredCredentials = new AWSPSForeignCredentials(new ForeignCredentials("AKIDFOREIGN", StoredSecret, EnvToken), "x"), Region = "us-east-1" });
        Capture(factory, new ConnectionParameters { StoredCredentials = PastedSecret, ProfileName = null, AccessKey = null, Region = "us-east-1" }, withEnvKeys: true);
        Capture(factory, new ConnectionParameters { Region = "us-east-1" }, withEnvKeys: true);
        Capture(factory, new ConnectionParameters { Region = "us-east-1" }, withEnvKeys: true); // remembered: replayed messages too
        Capture(factory, new ConnectionParameters { ProfileName = "role", Region = "us-east-1" });

        // Failures, each with secrets in play.
        Capture(factory, new ConnectionParameters { SecretKey = ParamSecret, SessionToken = ParamToken, Region = "us-east-1" });
        Capture(factory, new ConnectionParameters { AccessKey = "AKIDPARAM", SecretKey = ParamSecret, Region = ParamSecret });
        Capture(factory, new ConnectionParameters { AccessKey = "AKIDPARAM", SecretKey = ParamSecret, Region = "us-east-1", EndpointUrl = "not a url " + ParamSecret });
        Capture(factory, new ConnectionParameters { ProfileName = "twice", Region = "us-east-1" });
        Capture(factory, new ConnectionParameters { ProfileName = "half", Region = "us-east-1" });
        Capture(factory, new ConnectionParameters { ProfileName = "missing", Region = "us-east-1" }, withEnvKeys: true);
        Capture(factory, new ConnectionParameters { ProfileName = "fromenv", Region = "us-east-1" }, halfEnvKeys: true);
        Capture(factory, new ConnectionParameters { StoredCredentials = PastedSecret }, halfEnvKeys: true);
        _env.WriteFile("bad-credentials", $"[bad]\naws_access_key_id = AKIDBAD\naws_secret_access_key: {BrokenSecret}\n");
        Capture(factory, new ConnectionParameters { ProfileName = "bad", ProfileLocation = Path.Combine(_env.Root, "bad-credentials"), Region = "us-east-1" });

        // Credentials fetched at call time: STS answers with secrets, or refuses.
        await using (var sts = new FixtureServer(_ => ProfileKindTests.StsAssumeRoleAnswer("ASIASTS", StsSecret, StsToken)))
        {
            _env.Variables["AWS_ENDPOINT_URL_STS"] = sts.Url;
            var session = Capture(factory, new ConnectionParameters { ProfileName = "role", Region = "eu-west-1" })!;
            var keys = await session.Credentials.GetCredentialsAsync();
            Assert.Equal(StsSecret, keys.SecretKey); // they were really fetched...
            _captured.Add(session.ToString());       // ...and appear nowhere
            _captured.Add(session.Credentials.ToString()!);
        }
        await using (var refusing = new FixtureServer(_ => new CannedResponse(403, "text/xml",
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>r</RequestId></ErrorResponse>")))
        {
            _env.Variables["AWS_ENDPOINT_URL_STS"] = refusing.Url;
            var session = Capture(factory, new ConnectionParameters { ProfileName = "role", Region = "ap-south-1" })!;
            var ex = await Assert.ThrowsAsync<CredentialResolutionException>(() => session.Credentials.GetCredentialsAsync());
            _captured.Add(ex.ToString());
        }

        Assert.True(_captured.Count > 60, "too little was captured to prove anything: " + _captured.Count);
        Assert.Contains(_captured, c => c.StartsWith("$StoredAWSCredentials holds a string", StringComparison.Ordinal));
        Assert.Contains(_captured, c => c.Contains("CredentialResolutionException", StringComparison.Ordinal));
        foreach (var text in _captured)
            foreach (var secret in AllSecrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), "A secret leaked into: " + text);
    }

    /// <summary>Resolves, keeping every message, the error or the session's texts, as the cmdlet would write them.</summary>
    private AwsSession? Capture(SessionFactory factory, ConnectionParameters p, bool withEnvKeys = false, bool halfEnvKeys = false)
    {
        _env.Variables.Remove("AWS_ACCESS_KEY_ID");
        _env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
        _env.Variables.Remove("AWS_SESSION_TOKEN");
        if (withEnvKeys)
        {
            _env.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
            _env.Variables["AWS_SECRET_ACCESS_KEY"] = EnvSecret;
            _env.Variables["AWS_SESSION_TOKEN"] = EnvToken;
        }
        if (halfEnvKeys) _env.Variables["AWS_SECRET_ACCESS_KEY"] = EnvSecret;

        var messages = new ResolutionMessages();
        AwsSession? session = null;
        try
        {
            session = factory.Resolve(p, messages);
            _captured.Add(session.ToString());
            _captured.Add(session.CredentialSource);
            _captured.Add(session.RegionSource);
            _captured.Add(session.CacheKey);
            _captured.Add(session.Credentials.ToString()!);
            // The cmdlet's -Verbose line is made of these.
            _captured.Add("Using credentials from " + session.CredentialSource + ", region " + session.Region + " (from " + session.RegionSource + ")");
        }
        catch (CredentialResolutionException ex)
        {
            _captured.Add(ex.Message);
            _captured.Add(ex.ToString());
        }
        foreach (var e in messages.Events)
        {
            Assert.True(e.Kind is PumpEventKind.Warning or PumpEventKind.Debug, "unexpected message kind " + e.Kind);
            _captured.Add((string)e.Payload!);
        }
        return session;
    }
}
