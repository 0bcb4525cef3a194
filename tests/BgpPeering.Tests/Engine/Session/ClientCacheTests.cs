using Amazon.Runtime;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Session;
using BgpPeering.Tests.Infrastructure;
using BgpPeering.Tests.Engine.Session.AwsTools;
using Xunit;

namespace BgpPeering.Tests.Engine.Session;

/// <summary>Sessions and clients are built once per identity, region and endpoint; the same parameters are answered cheaply.</summary>
public sealed class ClientCacheTests : IDisposable
{
    private readonly FakeAwsEnvironment _env = new();

    public ClientCacheTests()
    {
        _env.WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev-0301\n[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = secret-ops-0302\n");
        _env.WriteConfig("[profile dev]\nregion = eu-west-1\n");
    }

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task A_loop_of_200_calls_with_the_same_parameters_builds_one_session_and_one_client()
    {
        await using var server = new FixtureServer(_ => WireFixtures.Canned("EC2.DescribeRouteServerPeers.single.xml"));
        var factory = _env.Factory();
        var sessions = new HashSet<AwsSession>(ReferenceEqualityComparer.Instance);
        var clients = new HashSet<object>(ReferenceEqualityComparer.Instance);

        for (var i = 0; i < 200; i++)
        {
            // What each Get-RouteServerPeer -RouteServerPeerId X in a loop does: resolve, take the client, call.
            var session = factory.Resolve(new ConnectionParameters { ProfileName = "dev", EndpointUrl = server.Url });
            sessions.Add(session);
            clients.Add(session.RouteServer);
            if (i % 50 == 0) await session.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);
        }

        Assert.Single(sessions);
        Assert.Single(clients);
        Assert.Equal(1, factory.SessionsBuilt);
        Assert.Equal(1, factory.ClientsBuilt);
        Assert.Equal(1, factory.Searches);
        Assert.Equal(2, factory.FileLoads); // the credentials and the config file, once each
        Assert.Equal(4, server.Requests.Count);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_EC2")]
    [InlineData("AWS_ENDPOINT_URL_DIRECT_CONNECT")]
    [InlineData("AWS_ENDPOINT_URL")]
    public void A_session_is_not_reused_after_an_endpoint_variable_changes(string variable)
    {
        // AWSSDK.Core applies these when it builds a client, and a session builds its clients once: a session built
        // before the variable changed would keep calling the old endpoint.
        var factory = _env.Factory();
        var p = new ConnectionParameters { ProfileName = "dev" };
        _env.Variables[variable] = "http://127.0.0.1:1111";
        var first = factory.Resolve(p);

        _env.Variables[variable] = "http://127.0.0.1:2222";
        var second = factory.Resolve(p);
        var again = factory.Resolve(p);

        Assert.NotSame(first, second);
        Assert.Same(second, again);
    }

    [Fact]
    public async Task An_endpoint_variable_set_after_other_clients_were_built_is_used()
    {
        // AWSSDK.Core reads AWS_ENDPOINT_URL* once per process; the session reads them itself as it builds clients.
        await using var first = new FixtureServer(_ => WireFixtures.Canned("EC2.DescribeRouteServerPeers.single.xml"));
        await using var second = new FixtureServer(_ => WireFixtures.Canned("EC2.DescribeRouteServerPeers.single.xml"));
        var factory = _env.Factory();
        var p = new ConnectionParameters { ProfileName = "dev" };

        _env.Variables["AWS_ENDPOINT_URL_EC2"] = first.Url;
        await factory.Resolve(p).RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);
        _env.Variables.Remove("AWS_ENDPOINT_URL_EC2");
        _env.Variables["AWS_ENDPOINT_URL"] = second.Url;
        await factory.Resolve(p).RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, CancellationToken.None);

        Assert.Single(first.Requests);
        Assert.Single(second.Requests);
    }

    [Fact]
    public void The_session_says_which_endpoint_each_variable_gave_it()
    {
        var factory = _env.Factory();
        var p = new ConnectionParameters { ProfileName = "dev" };
        Assert.Equal(string.Empty, factory.Resolve(p).EndpointDescription);

        _env.Variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1111";
        Assert.Equal(", endpoint http://127.0.0.1:1111 (from AWS_ENDPOINT_URL)", factory.Resolve(p).EndpointDescription);

        _env.Variables["AWS_ENDPOINT_URL_EC2"] = "http://127.0.0.1:2222";
        Assert.Equal(", endpoint http://127.0.0.1:2222 (from AWS_ENDPOINT_URL_EC2), endpoint http://127.0.0.1:1111 (from AWS_ENDPOINT_URL)",
            factory.Resolve(p).EndpointDescription);

        _env.Variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        Assert.Equal(string.Empty, factory.Resolve(p).EndpointDescription);
        Assert.Equal(", endpoint http://127.0.0.1:3333", factory.Resolve(new ConnectionParameters { ProfileName = "dev", EndpointUrl = "http://127.0.0.1:3333" }).EndpointDescription);
    }

    [Fact]
    public void A_remembered_resolution_replays_its_warnings_and_trace()
    {
        var factory = _env.Factory();
        var p = new ConnectionParameters { ProfileName = "dev", StoredRegion = 17 };
        factory.Resolve(p);

        var messages = new ResolutionMessages();
        factory.Resolve(p, messages);

        Assert.Equal(1, factory.Searches);
        Assert.Single(messages.Events, e => e.Kind == PumpEventKind.Warning && ((string)e.Payload!).StartsWith("$StoredAWSRegion", StringComparison.Ordinal));
        Assert.Contains(messages.Events, e => e.Kind == PumpEventKind.Debug && ((string)e.Payload!).StartsWith("(remembered) Credentials: using profile 'dev'", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_region_or_endpoint_is_another_session_and_each_is_reused()
    {
        var factory = _env.Factory();

        var a = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });
        var b = factory.Resolve(new ConnectionParameters { ProfileName = "dev", Region = "us-west-2" });
        var c = factory.Resolve(new ConnectionParameters { ProfileName = "dev", EndpointUrl = "http://127.0.0.1:1" });
        var a2 = factory.Resolve(new ConnectionParameters { ProfileName = "dev", Region = "eu-west-1" });

        Assert.Equal(3, factory.SessionsBuilt);
        Assert.NotSame(a, b);
        Assert.NotSame(a, c);
        // Reached through another parameter tuple (-Region given), but the same identity, region and endpoint.
        Assert.Same(a, a2);
        Assert.Equal("us-west-2", b.Region);
        Assert.Equal("http://127.0.0.1:1", c.EndpointUrl);
    }

    [Fact]
    public void Another_identity_is_another_session()
    {
        var factory = _env.Factory();

        var dev = factory.Resolve(new ConnectionParameters { ProfileName = "dev", Region = "eu-west-1" });
        var ops = factory.Resolve(new ConnectionParameters { ProfileName = "ops", Region = "eu-west-1" });
        var keys = factory.Resolve(new ConnectionParameters { AccessKey = "AKIDDEV", SecretKey = "secret-dev-0301", Region = "eu-west-1" });

        Assert.Equal(3, new HashSet<AwsSession>(new[] { dev, ops, keys }, ReferenceEqualityComparer.Instance).Count);
        Assert.DoesNotContain("secret", dev.CacheKey + ops.CacheKey + keys.CacheKey, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Editing_the_profile_file_is_noticed_and_new_keys_make_a_new_session()
    {
        var factory = _env.Factory();
        var before = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });

        _env.WriteCredentials("[dev]\naws_access_key_id = AKIDDEVNEW\naws_secret_access_key = secret-dev-0303\n");
        var after = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });

        Assert.Equal(2, factory.Searches);
        Assert.NotSame(before, after);
        Assert.Equal("AKIDDEVNEW", after.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Rewriting_the_file_with_the_same_profile_searches_again_but_keeps_the_session()
    {
        var factory = _env.Factory();
        var before = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });

        _env.WriteCredentials("# touched\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev-0301\n[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = secret-ops-0302\n");
        var after = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });

        Assert.Equal(2, factory.Searches);
        Assert.Same(before, after);
        Assert.Equal(1, factory.SessionsBuilt);
    }

    [Fact]
    public void A_changed_environment_variable_is_a_new_search()
    {
        var factory = _env.Factory();
        _env.Variables["AWS_PROFILE"] = "dev";
        var dev = factory.Resolve(new ConnectionParameters { Region = "eu-west-1" });

        _env.Variables["AWS_PROFILE"] = "ops";
        var ops = factory.Resolve(new ConnectionParameters { Region = "eu-west-1" });

        Assert.Equal(2, factory.Searches);
        Assert.Equal("AKIDOPS", ops.Credentials.GetCredentials().AccessKey);
        Assert.NotSame(dev, ops);
    }

    [Fact]
    public void The_same_parameters_again_compare_only_what_the_first_resolution_read()
    {
        // A cmdlet in a loop with -AccessKey, -SecretKey, -Region and -EndpointUrl: the parameters are compared field by
        // field, and of the environment only the variables the first resolution read (the secret-bearing ones it
        // scrubs messages of), never the whole list of variables that a resolution can depend on.
        var factory = _env.Factory();
        ConnectionParameters Keys() => new() { AccessKey = "AKIDKEYS", SecretKey = "secret-keys-0307", Region = "eu-west-1", EndpointUrl = "http://127.0.0.1:1" };
        var first = factory.Resolve(Keys());
        lock (_env.VariableReads) _env.VariableReads.Clear();

        var again = factory.Resolve(Keys());

        Assert.Same(first, again);
        Assert.Equal(1, factory.Searches);
        Assert.InRange(_env.VariableReads.Count, 1, 5);
        Assert.DoesNotContain("AWS_PROFILE", _env.VariableReads);
        Assert.DoesNotContain("AWS_REGION", _env.VariableReads);
    }

    [Fact]
    public void A_changed_variable_that_the_resolution_read_is_noticed_without_the_full_lookup()
    {
        var factory = _env.Factory();
        _env.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENVONE";
        _env.Variables["AWS_SECRET_ACCESS_KEY"] = "secret-env-0308";
        var p = new ConnectionParameters { Region = "eu-west-1" };
        var one = factory.Resolve(p);
        Assert.Same(one, factory.Resolve(new ConnectionParameters { Region = "eu-west-1" }));

        _env.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENVTWO";
        var two = factory.Resolve(new ConnectionParameters { Region = "eu-west-1" });

        Assert.NotSame(one, two);
        Assert.Equal("AKIDENVTWO", two.Credentials.GetCredentials().AccessKey);
        Assert.Equal(2, factory.Searches);
    }

    [Fact]
    public void Many_parameter_sets_in_turn_are_each_still_answered_from_memory()
    {
        // More distinct parameter sets than the shortcuts hold: the older ones fall back to the hashed lookup,
        // which still answers them without a new search.
        var factory = _env.Factory();
        var regions = new[] { "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "ap-south-1", "ap-northeast-1" };
        var sessions = regions.Select(r => factory.Resolve(new ConnectionParameters { ProfileName = "dev", Region = r })).ToList();

        var again = regions.Select(r => factory.Resolve(new ConnectionParameters { ProfileName = "dev", Region = r })).ToList();

        Assert.Equal(regions.Length, factory.Searches);
        Assert.Equal(sessions, again);
    }

    [Fact]
    public void A_new_Set_AWSCredential_object_is_a_new_session_and_the_same_object_is_the_same_session()
    {
        var factory = _env.Factory();
        var first = new AWSPSCredentials(new BasicAWSCredentials("AKIDONE", "secret-one-0304"), null, CredentialsSource.Strings);
        var second = new AWSPSCredentials(new BasicAWSCredentials("AKIDTWO", "secret-two-0305"), null, CredentialsSource.Strings);

        var a = factory.Resolve(new ConnectionParameters { StoredCredentials = first, Region = "eu-west-1" });
        var a2 = factory.Resolve(new ConnectionParameters { StoredCredentials = first, Region = "eu-west-1" });
        var b = factory.Resolve(new ConnectionParameters { StoredCredentials = second, Region = "eu-west-1" });

        Assert.Same(a, a2);
        Assert.NotSame(a, b);
        Assert.Equal("AKIDTWO", b.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Failures_are_not_remembered()
    {
        var factory = _env.Factory();
        var p = new ConnectionParameters { ProfileName = "later", Region = "eu-west-1" };
        Assert.Throws<CredentialResolutionException>(() => factory.Resolve(p));

        _env.WriteCredentials("[later]\naws_access_key_id = AKIDLATER\naws_secret_access_key = secret-later-0306\n");
        var session = factory.Resolve(p);

        Assert.Equal("AKIDLATER", session.Credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void Concurrent_resolutions_share_one_session_and_one_client()
    {
        var factory = _env.Factory();
        var sessions = new System.Collections.Concurrent.ConcurrentBag<AwsSession>();
        var clients = new System.Collections.Concurrent.ConcurrentBag<object>();

        Parallel.For(0, 64, _ =>
        {
            var s = factory.Resolve(new ConnectionParameters { ProfileName = "dev", EndpointUrl = "http://127.0.0.1:1" });
            sessions.Add(s);
            clients.Add(s.RouteServer);
        });

        Assert.Single(sessions.Distinct(ReferenceEqualityComparer.Instance));
        Assert.Single(clients.Distinct(ReferenceEqualityComparer.Instance));
        Assert.Equal(1, factory.ClientsBuilt);
    }

    [Fact]
    public void Reset_forgets_sessions()
    {
        var factory = _env.Factory();
        var before = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });

        factory.Reset();
        var after = factory.Resolve(new ConnectionParameters { ProfileName = "dev" });

        Assert.NotSame(before, after);
        Assert.Equal(2, factory.Searches);
    }
}
