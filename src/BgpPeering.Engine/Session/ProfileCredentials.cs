using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.CredentialManagement.Internal;

namespace BgpPeering.Engine.Session;

/// <summary>
/// Turns a profile into credentials, supporting every kind AWSSDK.Core supports. The kind is decided by Core's
/// own CredentialProfileTypeDetector from the same settings Core reads. Static keys and session tokens are built
/// here; AssumeRole (source_profile or credential_source) and web identity go through <see cref="RoleCredentials"/>
/// so that STS is called in the session's region and at a configurable endpoint; SSO, credential_process, SAML and
/// login profiles are built by Core's AWSCredentialsFactory.
/// </summary>
internal static class ProfileCredentials
{
    /// <summary>Settings that can only mean credentials: a profile with one of them is meant to hold some.</summary>
    internal static readonly HashSet<string> CredentialKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "role_arn", "source_profile", "credential_source",
        "credential_process", "web_identity_token_file", "sso_session", "sso_start_url", "sso_account_id", "sso_role_name",
        "login_session", "mfa_serial", "external_id",
    };

    private static readonly Dictionary<string, Action<CredentialProfileOptions, string>> Mapping = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aws_access_key_id"] = (o, v) => o.AccessKey = v,
        ["aws_secret_access_key"] = (o, v) => o.SecretKey = v,
        ["aws_session_token"] = (o, v) => o.Token = v,
        ["credential_source"] = (o, v) => o.CredentialSource = v,
        ["external_id"] = (o, v) => o.ExternalID = v,
        ["mfa_serial"] = (o, v) => o.MfaSerial = v,
        ["role_arn"] = (o, v) => o.RoleArn = v,
        ["role_session_name"] = (o, v) => o.RoleSessionName = v,
        ["source_profile"] = (o, v) => o.SourceProfile = v,
        ["credential_process"] = (o, v) => o.CredentialProcess = v,
        ["web_identity_token_file"] = (o, v) => o.WebIdentityTokenFile = v,
        ["aws_account_id"] = (o, v) => o.AwsAccountId = v,
        ["sso_account_id"] = (o, v) => o.SsoAccountId = v,
        ["sso_region"] = (o, v) => o.SsoRegion = v,
        ["sso_registration_scopes"] = (o, v) => o.SsoRegistrationScopes = v,
        ["sso_role_name"] = (o, v) => o.SsoRoleName = v,
        ["sso_session"] = (o, v) => o.SsoSession = v,
        ["sso_start_url"] = (o, v) => o.SsoStartUrl = v,
        ["login_session"] = (o, v) => o.LoginSession = v,
    };

    /// <summary>How a profile's credentials are made, and a fingerprint of everything they depend on.</summary>
    internal sealed class Built
    {
        public Built(Func<string, AWSCredentials> create, string fingerprint, string kind)
        {
            Create = create;
            Fingerprint = fingerprint;
            Kind = kind;
        }

        public Func<string, AWSCredentials> Create { get; }

        public string Fingerprint { get; }

        /// <summary>For messages: "static keys", "AssumeRole arn:aws:iam::…", "credential_process".</summary>
        public string Kind { get; }
    }

    /// <summary>Credentials for a profile; a profile that cannot give any throws <see cref="CredentialResolutionException"/>.</summary>
    public static Built Build(ProfileData profile, ResolutionContext context) => Build(profile, context, new List<string>());

    private static Built Build(ProfileData profile, ResolutionContext context, List<string> chain)
    {
        if (chain.Contains(profile.Name, StringComparer.Ordinal))
            throw Invalid("The profiles " + string.Join(" -> ", chain.Concat(new[] { profile.Name }).Select(n => "'" + n + "'")) +
                " name each other as source_profile in a loop.");
        chain.Add(profile.Name);
        try
        {
            return profile.SdkProfile is not null ? BuildSdk(profile) : BuildShared(profile, context, chain);
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }

    private static Built BuildSdk(ProfileData profile)
    {
        var sdkProfile = profile.SdkProfile!;
        var source = profile.Store.Sdk!.Source;
        if (!sdkProfile.CanCreateAWSCredentials)
            throw Invalid("The profile '" + profile.Name + "' in " + profile.Origin + " holds no credentials.");
        // The options' own ToString() would show a session token: only its hash is kept.
        var fingerprint = SessionFactory.Fingerprint("sdk\n" + profile.Name + "\n" + sdkProfile.Options + "\n" + sdkProfile.Region?.SystemName);
        return new Built(_ => AWSCredentialsFactory.GetAWSCredentials(sdkProfile, source), fingerprint,
            sdkProfile.CredentialDescription ?? "credentials");
    }

    private static Built BuildShared(ProfileData profile, ResolutionContext context, List<string> chain)
    {
        if (profile.Problem is not null)
            throw Invalid("The profile '" + profile.Name + "' in " + profile.Origin + " cannot be used: " + profile.Problem + ".");
        var options = Options(profile);
        context.Secrets.Add(options.SecretKey);
        context.Secrets.Add(options.Token);
        var type = CredentialProfileTypeDetector.DetectProfileType(options);
        if (type is null)
        {
            throw Invalid("The profile '" + profile.Name + "' in " + profile.Origin + " holds no credentials BgpPeering can use: it sets " +
                profile.KeyList() + ". A profile needs one of: aws_access_key_id with aws_secret_access_key (and optionally " +
                "aws_session_token); role_arn with source_profile or credential_source; credential_process; sso_session or " +
                "sso_start_url with sso_account_id and sso_role_name; role_arn with web_identity_token_file.");
        }

        var fingerprint = new StringBuilder("shared\n").Append(profile.Name).Append('\n').Append(profile.Origin).Append('\n');
        foreach (var kv in profile.Properties.OrderBy(k => k.Key, StringComparer.Ordinal)) fingerprint.Append(kv.Key).Append('=').Append(kv.Value).Append('\n');
        foreach (var kv in profile.Services.OrderBy(k => k.Key, StringComparer.Ordinal))
            foreach (var sub in kv.Value.OrderBy(k => k.Key, StringComparer.Ordinal))
                fingerprint.Append(kv.Key).Append('.').Append(sub.Key).Append('=').Append(sub.Value).Append('\n');
        fingerprint.Append(options.SsoStartUrl).Append('\n').Append(options.SsoRegion).Append('\n').Append(options.SsoRegistrationScopes).Append('\n');

        var label = "profile '" + profile.Name + "'";
        switch (type.Value)
        {
            case CredentialProfileType.Basic:
            {
                var (ak, sk, account) = (options.AccessKey, options.SecretKey, options.AwsAccountId);
                return new Built(_ => new BasicAWSCredentials(ak, sk, account), SessionFactory.Fingerprint(fingerprint.ToString()), "static keys");
            }
            case CredentialProfileType.Session:
            {
                var (ak, sk, token, account) = (options.AccessKey, options.SecretKey, options.Token, options.AwsAccountId);
                return new Built(_ => new SessionAWSCredentials(ak, sk, token, account), SessionFactory.Fingerprint(fingerprint.ToString()), "temporary keys with a session token");
            }
            case CredentialProfileType.AssumeRoleMFA:
            case CredentialProfileType.AssumeRoleExternalMFA:
            case CredentialProfileType.AssumeRoleMFASessionName:
            case CredentialProfileType.AssumeRoleExternalMFASessionName:
                throw Invalid("The profile '" + profile.Name + "' in " + profile.Origin + " assumes a role with an MFA code (mfa_serial), " +
                    "and BgpPeering cannot prompt for one. Run Set-AWSCredential -ProfileName '" + profile.Name + "' (AWS.Tools asks for the " +
                    "code and BgpPeering then uses $StoredAWSCredentials), or pass temporary keys with -AccessKey, -SecretKey and -SessionToken.");
            case CredentialProfileType.AssumeRole:
            case CredentialProfileType.AssumeRoleExternal:
            case CredentialProfileType.AssumeRoleSessionName:
            case CredentialProfileType.AssumeRoleExternalSessionName:
            {
                var sourceName = options.SourceProfile;
                if (!profile.Store.TryFind(sourceName, out var sourceProfile))
                    throw Invalid("The source_profile '" + sourceName + "' of the profile '" + profile.Name + "' (" + profile.Origin +
                        ") was not found in " + profile.Store.Describe() + ".");
                var source = Build(sourceProfile, context, chain);
                fingerprint.Append("source:").Append(source.Fingerprint).Append('\n');
                return Role(profile, context, options, fingerprint.ToString(), label, region => source.Create(region),
                    "AssumeRole " + options.RoleArn + " from profile '" + sourceName + "'");
            }
            case CredentialProfileType.AssumeRoleCredentialSource:
            case CredentialProfileType.AssumeRoleCredentialSourceSessionName:
            {
                var (create, identity) = CredentialSource(profile, context, options.CredentialSource);
                fingerprint.Append("source:").Append(identity).Append('\n');
                return Role(profile, context, options, fingerprint.ToString(), label, create,
                    "AssumeRole " + options.RoleArn + " from credential_source " + options.CredentialSource);
            }
            case CredentialProfileType.AssumeRoleWithWebIdentity:
            case CredentialProfileType.AssumeRoleWithWebIdentitySessionName:
            {
                var sts = StsEndpoint(context, profile);
                var (file, arn, sessionName, duration, time) = (options.WebIdentityTokenFile, options.RoleArn,
                    options.RoleSessionName ?? RoleCredentials.DefaultSessionName(context.Time), Duration(profile), context.Time);
                return new Built(region => RoleCredentials.WebIdentity(file, arn, sessionName, duration, region, sts, label, time),
                    SessionFactory.Fingerprint(fingerprint.ToString()), "AssumeRoleWithWebIdentity " + arn);
            }
            default:
            {
                // SSO (with a cached token), credential_process, SAML and login profiles: Core builds them as it
                // would for its own chain. Their secrets live in Core's caches or come from a process, not from here.
                var coreProfile = new CredentialProfile(profile.Name, options);
                if (profile.Region is { } r) coreProfile.Region = RegionEndpoint.GetBySystemName(r);
                var source = new SharedSource(profile.Store);
                var kind = type.Value switch
                {
                    CredentialProfileType.SSO => "SSO (" + (options.SsoSession is null ? options.SsoStartUrl : "sso_session " + options.SsoSession) + ")",
                    CredentialProfileType.CredentialProcess => "credential_process",
                    _ => type.Value.ToString(),
                };
                return new Built(_ =>
                {
                    try
                    {
                        return AWSCredentialsFactory.GetAWSCredentials(coreProfile, source);
                    }
                    catch (Exception ex) when (ex is not CredentialResolutionException)
                    {
                        throw Invalid("The " + kind + " profile '" + profile.Name + "' in " + profile.Origin + " cannot be used: " + ex.Message, ex);
                    }
                }, SessionFactory.Fingerprint(fingerprint.ToString()), kind);
            }
        }
    }

    private static Built Role(ProfileData profile, ResolutionContext context, CredentialProfileOptions options, string fingerprint,
        string label, Func<string, AWSCredentials> source, string kind)
    {
        var sts = StsEndpoint(context, profile);
        var (arn, externalId, duration, time) = (options.RoleArn, options.ExternalID, Duration(profile), context.Time);
        var sessionName = options.RoleSessionName ?? RoleCredentials.DefaultSessionName(context.Time);
        return new Built(region => RoleCredentials.AssumeRole(source(region), arn, sessionName, externalId, duration, region, sts, label, time),
            SessionFactory.Fingerprint(fingerprint + "sts:" + sts + "\n"), kind);
    }

    /// <summary>The source credentials named by <c>credential_source</c>: Environment, Ec2InstanceMetadata or EcsContainer.</summary>
    private static (Func<string, AWSCredentials>, string) CredentialSource(ProfileData profile, ResolutionContext context, string source)
    {
        if (string.Equals(source, "Environment", StringComparison.OrdinalIgnoreCase))
        {
            var ak = context.Var("AWS_ACCESS_KEY_ID");
            var sk = context.Var("AWS_SECRET_ACCESS_KEY") ?? context.Var("AWS_SECRET_KEY");
            var token = context.Var("AWS_SESSION_TOKEN");
            context.Secrets.Add(sk);
            context.Secrets.Add(token);
            if (ak is null || sk is null)
                throw Invalid("The profile '" + profile.Name + "' (" + profile.Origin + ") takes its source credentials from the environment " +
                    "(credential_source = Environment), but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set.");
            AWSCredentials keys = token is null ? new BasicAWSCredentials(ak, sk) : new SessionAWSCredentials(ak, sk, token);
            return (_ => keys, "env:" + SessionFactory.Fingerprint(ak + "\n" + sk + "\n" + token));
        }
        if (string.Equals(source, "Ec2InstanceMetadata", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(source, "EcsContainer", StringComparison.OrdinalIgnoreCase))
        {
            var trace = new List<string>();
            var machine = context.Environment.ProbeMachineCredentials(trace);
            if (machine is null)
                throw Invalid("The profile '" + profile.Name + "' (" + profile.Origin + ") takes its source credentials from " + source +
                    ", but none are available: " + string.Join("; ", trace) + ".");
            return (_ => machine.Credentials, machine.Identity);
        }
        throw Invalid("The profile '" + profile.Name + "' (" + profile.Origin + ") has credential_source = " + source +
            ", which is not one of Environment, Ec2InstanceMetadata or EcsContainer.");
    }

    /// <summary>
    /// Where to call STS for a profile's role: AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the profile's
    /// <c>[services]</c> section (<c>sts = endpoint_url = …</c>), then its <c>endpoint_url</c>; null for the region's
    /// STS endpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's ignore_configured_endpoint_urls turns them off.
    /// </summary>
    internal static string? StsEndpoint(ResolutionContext context, ProfileData? profile)
    {
        if (string.Equals(context.Var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase)) return null;
        if (context.Var("AWS_ENDPOINT_URL_STS") is { } sts) return sts;
        if (context.Var("AWS_ENDPOINT_URL") is { } global) return global;
        if (profile is null || ProfileStore.IgnoresConfiguredEndpoints(profile)) return null;
        if (profile.Get("services") is not null)
            return profile.Services.TryGetValue("sts", out var s) && s.TryGetValue("endpoint_url", out var url) && url.Length > 0 ? url : null;
        return profile.Get("endpoint_url");
    }

    private static int? Duration(ProfileData profile) =>
        int.TryParse(profile.Get("duration_seconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : null;

    /// <summary>The profile's settings as Core's options, with an sso_session's settings filled in as Core does.</summary>
    internal static CredentialProfileOptions Options(ProfileData profile)
    {
        var options = new CredentialProfileOptions();
        foreach (var kv in profile.Properties)
            if (kv.Value.Length > 0 && Mapping.TryGetValue(kv.Key, out var set)) set(options, kv.Value);
        if (options.SsoSession is { } session)
        {
            var section = profile.Store.FindSsoSession(session);
            if (section is null)
                throw Invalid("The profile '" + profile.Name + "' (" + profile.Origin + ") names sso_session '" + session +
                    "', but there is no [sso-session " + session + "] section in " + profile.Store.Describe() + ".");
            options.SsoRegion = section.TryGetValue("sso_region", out var region) && region.Length > 0 ? region : null;
            options.SsoStartUrl = section.TryGetValue("sso_start_url", out var url) && url.Length > 0 ? url : null;
            options.SsoRegistrationScopes = section.TryGetValue("sso_registration_scopes", out var scopes) && scopes.Length > 0 ? scopes : null;
        }
        return options;
    }

    private static CredentialResolutionException Invalid(string message, Exception? inner = null) =>
        new(message, CredentialFailure.ProfileInvalid, inner);

    /// <summary>Lets Core look up other profiles of the same files (it does so only for kinds built here).</summary>
    private sealed class SharedSource : ICredentialProfileSource
    {
        private readonly ProfileStore _store;

        public SharedSource(ProfileStore store) => _store = store;

        public bool TryGetProfile(string profileName, out CredentialProfile profile)
        {
            if (_store.TryFind(profileName, out var data))
            {
                profile = data.SdkProfile ?? new CredentialProfile(profileName, Options(data));
                if (data.SdkProfile is null && data.Region is { } r) profile.Region = RegionEndpoint.GetBySystemName(r);
                return true;
            }
            profile = null!;
            return false;
        }
    }
}
