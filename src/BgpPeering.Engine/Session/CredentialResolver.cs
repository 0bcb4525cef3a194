using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace BgpPeering.Engine.Session;

/// <summary>
/// The two searches, credentials and region, first match wins. The order is stated once, for users, in
/// docs/en-US/about_BgpPeering.md ("Credentials and region"); the numbered steps below follow it, and
/// tests/BgpPeering.Tests prove each step (CredentialLadderTests, RegionLadderTests).
/// </summary>
internal static class CredentialResolver
{
    private static readonly Regex RegionPattern = new("^(fips-)?[a-z]{2,}(-[a-z0-9]+)+-[0-9]+(-fips)?\\z", RegexOptions.CultureInvariant);

    public static CredentialChoice? ResolveCredentials(ResolutionContext context, List<string> searched)
    {
        var p = context.Parameters;

        // 1. Keys given as parameters.
        var hasAccessKey = !string.IsNullOrEmpty(p.AccessKey);
        var hasSecretKey = !string.IsNullOrEmpty(p.SecretKey);
        var hasToken = !string.IsNullOrEmpty(p.SessionToken);
        context.Secrets.Add(p.SecretKey);
        context.Secrets.Add(p.SessionToken);
        if (hasAccessKey || hasSecretKey || hasToken)
        {
            if (!hasAccessKey || !hasSecretKey)
            {
                throw new CredentialResolutionException(
                    (hasAccessKey ? "-AccessKey was given without -SecretKey" : hasSecretKey ? "-SecretKey was given without -AccessKey" : "-SessionToken was given without -AccessKey and -SecretKey") +
                    ". Give -AccessKey and -SecretKey together (and -SessionToken only with them), or leave all three out to use a profile.",
                    CredentialFailure.InvalidParameter);
            }
            var (ak, sk, token) = (p.AccessKey!, p.SecretKey!, p.SessionToken);
            var source = hasToken ? "the -AccessKey, -SecretKey and -SessionToken parameters" : "the -AccessKey and -SecretKey parameters";
            context.Trace("Credentials: using " + source + ".");
            return new CredentialChoice(source, "keys:" + SessionFactory.Fingerprint(ak + "\n" + sk + "\n" + token), null,
                _ => hasToken ? new SessionAWSCredentials(ak, sk, token) : new BasicAWSCredentials(ak, sk));
        }
        Step(context, searched, "-AccessKey and -SecretKey: not given.");

        // 2. A named profile: found, or an error. Never a fall-through to other credentials.
        if (!string.IsNullOrWhiteSpace(p.ProfileName) || !string.IsNullOrWhiteSpace(p.ProfileLocation))
        {
            var name = string.IsNullOrWhiteSpace(p.ProfileName) ? ProfileStore.DefaultProfile : p.ProfileName!.Trim();
            var location = string.IsNullOrWhiteSpace(p.ProfileLocation) ? null : p.ProfileLocation!.Trim();
            var store = context.Store(location);
            if (!store.TryFind(name, out var profile))
                throw ProfileNotFound(name, store, string.IsNullOrWhiteSpace(p.ProfileName) ? "-ProfileLocation (which reads its 'default' profile)" : "-ProfileName");
            return FromProfile(context, profile, "-ProfileName");
        }
        Step(context, searched, "-ProfileName: not given.");

        // 3. $StoredAWSCredentials, from AWS.Tools' Set-AWSCredential.
        if (p.StoredCredentials is { } stored)
        {
            var choice = FromStored(context, stored, searched);
            if (choice is not null) return choice;
        }
        else
        {
            Step(context, searched, "$StoredAWSCredentials (Set-AWSCredential): not set.");
        }

        // 4. Keys in the environment.
        var envAccessKey = context.Var("AWS_ACCESS_KEY_ID");
        var envSecretKey = context.Var("AWS_SECRET_ACCESS_KEY") ?? context.Var("AWS_SECRET_KEY");
        var envToken = context.Var("AWS_SESSION_TOKEN");
        context.Secrets.Add(envSecretKey);
        context.Secrets.Add(envToken);
        if (envAccessKey is not null && envSecretKey is not null)
        {
            var source = envToken is null
                ? "the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables"
                : "the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN environment variables";
            context.Trace("Credentials: using " + source + ".");
            return new CredentialChoice(source, "env:" + SessionFactory.Fingerprint(envAccessKey + "\n" + envSecretKey + "\n" + envToken), null,
                _ => envToken is null ? new BasicAWSCredentials(envAccessKey, envSecretKey) : new SessionAWSCredentials(envAccessKey, envSecretKey, envToken));
        }
        if (envAccessKey is not null || envSecretKey is not null)
        {
            var set = envAccessKey is not null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
            var unset = envAccessKey is not null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
            context.Warn(set + " is set but " + unset + " is not, so neither was used and the search went on. Set both, or remove " + set + ".");
            Step(context, searched, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: only " + set + " is set (ignored).");
        }
        else
        {
            Step(context, searched, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set.");
        }

        // 5. AWS_PROFILE: a named profile again, so a missing one is an error (as in the AWS CLI and SDKs).
        var shared = context.Store(null);
        if (context.Var("AWS_PROFILE") is { } envProfile)
        {
            if (!shared.TryFind(envProfile, out var profile))
                throw ProfileNotFound(envProfile, shared, "the AWS_PROFILE environment variable");
            return FromProfile(context, profile, "AWS_PROFILE");
        }
        Step(context, searched, "AWS_PROFILE: not set.");

        // 6. The default profiles: 'default', then AWS.Tools' legacy 'AWS PS Default'.
        foreach (var name in new[] { ProfileStore.DefaultProfile, ProfileStore.LegacyPowerShellProfile })
        {
            if (!shared.TryFind(name, out var profile))
            {
                Step(context, searched, "The profile '" + name + "': not found in " + shared.Describe() + "." + Suffix(shared.FileProblem()));
                continue;
            }
            try
            {
                return FromProfile(context, profile, "the default profile");
            }
            catch (CredentialResolutionException ex) when (ex.Failure == CredentialFailure.ProfileInvalid)
            {
                // A [default] that only sets a region is common and fine; one that half-sets credentials is worth a warning.
                if (profile.Problem is not null || profile.Properties.Keys.Any(ProfileCredentials.CredentialKeys.Contains))
                    context.Warn(ex.Message + " It was skipped and the search went on.");
                Step(context, searched, "The profile '" + name + "' in " + profile.Origin + ": holds no usable credentials (it sets " + profile.KeyList() + ").");
            }
        }

        // 7. Credentials that come with the machine: web identity (EKS), a container endpoint, an instance role.
        var tokenFile = context.Var("AWS_WEB_IDENTITY_TOKEN_FILE");
        var roleArn = context.Var("AWS_ROLE_ARN");
        if (tokenFile is not null && roleArn is not null)
        {
            var sessionName = context.Var("AWS_ROLE_SESSION_NAME") ?? RoleCredentials.DefaultSessionName(context.Time);
            var sts = ProfileCredentials.StsEndpoint(context, null);
            var time = context.Time;
            const string source = "web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN)";
            context.Trace("Credentials: using " + source + " for " + roleArn + ".");
            return new CredentialChoice(source + " for " + roleArn, "webidentity:" + SessionFactory.Fingerprint(tokenFile + "\n" + roleArn + "\n" + sts), null,
                region => RoleCredentials.WebIdentity(tokenFile, roleArn, sessionName, null, region, sts, source, time));
        }
        var machineTrace = new List<string>();
        if (tokenFile is null || roleArn is null) machineTrace.Add("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set");
        var machine = context.Environment.ProbeMachineCredentials(machineTrace);
        if (machine is not null)
        {
            context.Trace("Credentials: using " + machine.Description + ".");
            return new CredentialChoice(machine.Description, machine.Identity, null, _ => machine.Credentials);
        }
        Step(context, searched, "Web identity, container and EC2 instance-role credentials: " + string.Join("; ", machineTrace) + ".");
        return null;
    }

    private static CredentialChoice? FromStored(ResolutionContext context, object stored, List<string> searched)
    {
        var reading = StoredVariables.ReadCredentials(stored);
        ProfileData? named = null;
        var shared = context.Store(null);
        if (reading.Name is not null && !shared.TryFind(reading.Name, out named)) named = null;

        if (reading.Credentials is not null)
        {
            var source = named is not null
                ? "$StoredAWSCredentials (Set-AWSCredential, profile '" + named.Name + "')"
                : "$StoredAWSCredentials (Set-AWSCredential)";
            var credentials = reading.Credentials;
            context.Trace("Credentials: using " + source + ".");
            return new CredentialChoice(source, reading.Identity, named, _ => credentials);
        }
        if (named is not null)
        {
            try
            {
                return FromProfile(context, named, "$StoredAWSCredentials");
            }
            catch (CredentialResolutionException ex) when (ex.Failure == CredentialFailure.ProfileInvalid)
            {
                context.Warn("$StoredAWSCredentials names the profile '" + named.Name + "', which cannot be used: " + ex.Message +
                    " It was ignored and the search went on. Run Set-AWSCredential again, or Clear-AWSCredential.");
                Step(context, searched, "$StoredAWSCredentials: names the profile '" + named.Name + "', which holds no usable credentials (ignored).");
                return null;
            }
        }
        // Never echo the value: it is unexpected, and might be a key pasted by mistake.
        context.Warn("$StoredAWSCredentials holds " + Article(reading.Shape) + " that BgpPeering cannot use: it is neither AWS.Tools' credentials " +
            "object (from Set-AWSCredential) nor the name of a profile in " + shared.Describe() + ". It was ignored and the search went on. " +
            "To fix it, run Set-AWSCredential again, or Clear-AWSCredential to remove it.");
        Step(context, searched, "$StoredAWSCredentials (Set-AWSCredential): holds " + Article(reading.Shape) + " it cannot use (ignored).");
        return null;
    }

    private static CredentialChoice FromProfile(ResolutionContext context, ProfileData profile, string via)
    {
        var built = ProfileCredentials.Build(profile, context);
        var source = "profile '" + profile.Name + "' (" + built.Kind + ", " + profile.Origin + ", named by " + via + ")";
        context.Trace("Credentials: using " + source + ".");
        return new CredentialChoice(source, "profile:" + profile.Name + "#" + built.Fingerprint, profile, built.Create);
    }

    public static (string Region, string Source)? ResolveRegion(ResolutionContext context, CredentialChoice? credentials, List<string> searched)
    {
        var p = context.Parameters;

        // 1. -Region.
        if (!string.IsNullOrWhiteSpace(p.Region))
            return Found(context, Region(p.Region!, "-Region", "-Region"), "the -Region parameter");
        Step(context, searched, "-Region: not given.");

        // 2. $StoredAWSRegion, from AWS.Tools' Set-DefaultAWSRegion.
        if (p.StoredRegion is { } stored)
        {
            var value = StoredVariables.ReadRegion(stored, out var shape);
            if (value is not null && RegionPattern.IsMatch(value.ToLowerInvariant()))
                return Found(context, value.ToLowerInvariant(), "$StoredAWSRegion (Set-DefaultAWSRegion)");
            context.Warn("$StoredAWSRegion holds " + Article(shape) + " that is not a region name (such as us-east-1). It was ignored and " +
                "the search went on. To fix it, run Set-DefaultAWSRegion -Region <name>, or Clear-DefaultAWSRegion.");
            Step(context, searched, "$StoredAWSRegion (Set-DefaultAWSRegion): holds " + Article(shape) + " that is not a region name (ignored).");
        }
        else
        {
            Step(context, searched, "$StoredAWSRegion (Set-DefaultAWSRegion): not set.");
        }

        // 3. The region of the profile the credentials came from.
        if (credentials?.Profile is { } inUse)
        {
            if (inUse.Region is { } r)
                return Found(context, Region(r, "The region of the profile '" + inUse.Name + "' (" + inUse.Origin + ")", "region in the profile '" + inUse.Name + "'"),
                    "the profile '" + inUse.Name + "' (" + inUse.Origin + ")");
            Step(context, searched, "The profile '" + inUse.Name + "' the credentials came from: sets no region.");
        }
        else
        {
            Step(context, searched, "The profile the credentials came from: none (they did not come from a profile).");
        }

        // 4. The environment.
        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (context.Var(name) is { } value)
                return Found(context, Region(value, "The " + name + " environment variable", name), "the " + name + " environment variable");
        }
        Step(context, searched, "AWS_REGION and AWS_DEFAULT_REGION: not set.");

        // 5. The profile AWS_PROFILE names, else the default profiles (AWS.Tools and the AWS CLI read it there too).
        var shared = context.Store(null);
        var candidates = new List<string>();
        if (context.Var("AWS_PROFILE") is { } envProfile) candidates.Add(envProfile);
        candidates.Add(ProfileStore.DefaultProfile);
        candidates.Add(ProfileStore.LegacyPowerShellProfile);
        var looked = new List<string>();
        foreach (var name in candidates.Distinct(StringComparer.Ordinal))
        {
            if (credentials?.Profile is { } used && used.Name == name && ReferenceEquals(used.Store, shared)) continue;
            if (shared.TryFind(name, out var profile) && profile.Region is { } r)
                return Found(context, Region(r, "The region of the profile '" + name + "' (" + profile.Origin + ")", "region in the profile '" + name + "'"),
                    "the profile '" + name + "' (" + profile.Origin + ")");
            looked.Add("'" + name + "'");
        }
        Step(context, searched, "The region of the profile " + ProfileStore.Join(looked) + " in " + shared.Describe() + ": none set.");

        // 6. EC2 instance metadata.
        var trace = new List<string>();
        if (context.Environment.ProbeInstanceRegion(trace) is { } instanceRegion)
            return Found(context, Region(instanceRegion, "The region from instance metadata", "instance metadata"), "EC2 instance metadata");
        Step(context, searched, "EC2 instance metadata: " + (trace.Count == 0 ? "no region" : string.Join("; ", trace)) + ".");
        return null;
    }

    /// <summary>A region name, lower-cased; anything else is an error naming where it came from.</summary>
    internal static string Region(string value, string where, string setting)
    {
        var region = value.Trim().ToLowerInvariant();
        if (RegionPattern.IsMatch(region)) return region;
        throw new CredentialResolutionException(where + " is '" + value.Trim() + "', which is not a region name. A region name looks like " +
            "us-east-1 or eu-west-2 (Tab after -Region lists them); fix the " + setting + ".", CredentialFailure.InvalidParameter);
    }

    /// <summary>The -EndpointUrl, trimmed; anything but an absolute http or https URL is an error.</summary>
    internal static string? Endpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var url = value!.Trim();
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host))
            return url;
        throw new CredentialResolutionException("-EndpointUrl '" + url + "' is not an absolute http:// or https:// URL. Give the service " +
            "endpoint to call instead of AWS, such as http://127.0.0.1:4566 for the local emulator.", CredentialFailure.InvalidParameter);
    }

    private static (string Region, string Source) Found(ResolutionContext context, string region, string source)
    {
        context.Trace("Region: using " + region + " from " + source + ".");
        return (region, source);
    }

    private static void Step(ResolutionContext context, List<string> searched, string line)
    {
        searched.Add(line);
        context.Trace("Not here: " + line);
    }

    private static CredentialResolutionException ProfileNotFound(string name, ProfileStore store, string via)
    {
        var names = store.Names();
        var message = "The profile '" + name + "' (named by " + via + ") was not found in " + store.Describe() + "." + Suffix(store.FileProblem()) +
            (names.Count == 0 ? " There are no profiles there." : " The profiles there are: " + string.Join(", ", names.Select(n => "'" + n + "'")) + ".") +
            " Check the name (Tab after -ProfileName lists them) or create the profile, for example with " +
            "'aws configure --profile " + name + "' or Set-AWSCredential -AccessKey <key> -SecretKey <secret> -StoreAs '" + name + "'. " +
            "BgpPeering does not fall back to other credentials when a named profile is missing.";
        return new CredentialResolutionException(message, CredentialFailure.ProfileNotFound);
    }

    private static string Suffix(string? sentence) => sentence is null ? string.Empty : " " + sentence;

    private static string Article(string shape) =>
        shape.StartsWith("a ", StringComparison.Ordinal) || shape.StartsWith("an ", StringComparison.Ordinal) ? shape
            : (shape.Length > 0 && "AEIOUaeiou".IndexOf(shape[0]) >= 0 ? "an " : "a ") + shape;
}
