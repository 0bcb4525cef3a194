using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace BgpPeering.PowerShell.Tests.Infrastructure;

/// <summary>
/// A host that answers prompts: -Confirm and DebugPreference Inquire need one (the default runspace host refuses
/// to prompt). It records every prompt and answers with the next queued choice label (such as "&amp;Yes" → "Y"),
/// or with the default choice when nothing is queued.
/// </summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUI _ui = new();
    private readonly Guid _id = Guid.NewGuid();

    public override string Name => "BgpPeeringTestHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId => _id;
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public TestHostUI Prompts => _ui;

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

public sealed record HostPrompt(string Caption, string Message, IReadOnlyList<string> Choices, int Answer);

public sealed class TestHostUI : PSHostUserInterface
{
    private readonly object _gate = new();

    /// <summary>Answers to give, by choice hot key ("Y", "A", "N", "L", "S", "H"); the default choice once empty.</summary>
    public Queue<string> Answers { get; } = new();

    public List<HostPrompt> Asked { get; } = new();

    public List<string> Lines { get; } = new();

    public override PSHostRawUserInterface RawUI => null!;

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        lock (_gate)
        {
            var labels = choices.Select(c => c.Label).ToList();
            var answer = defaultChoice;
            if (Answers.Count > 0)
            {
                var key = Answers.Dequeue();
                answer = labels.FindIndex(l => l.Replace("&", string.Empty, StringComparison.Ordinal).StartsWith(key, StringComparison.OrdinalIgnoreCase)
                    || l.Contains("&" + key, StringComparison.OrdinalIgnoreCase));
                if (answer < 0) throw new InvalidOperationException("No choice '" + key + "' in: " + string.Join(", ", labels));
            }
            Asked.Add(new HostPrompt(caption, message, labels, answer));
            return answer;
        }
    }

    /// <summary>What Read-Host -AsSecureString gets: a secret typed at the prompt.</summary>
    public string TypedSecret { get; set; } = "example-md5-key-typed";

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        var answers = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            if (field.ParameterTypeFullName != typeof(SecureString).FullName)
                throw new InvalidOperationException("The test host was asked for input: " + caption + " " + message + " " + field.Name);
            answers[field.Name] = new PSObject(Secure(TypedSecret));
        }
        return answers;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new InvalidOperationException("The test host was asked for a credential.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new InvalidOperationException("The test host was asked for a credential.");

    public override string ReadLine() => throw new InvalidOperationException("The test host was asked to read a line.");
    public override SecureString ReadLineAsSecureString() => Secure(TypedSecret);

    private void Add(string line) { lock (_gate) Lines.Add(line); }

    public override void Write(string value) => Add(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);
    public override void WriteLine(string value) => Add(value);
    public override void WriteErrorLine(string value) => Add("ERROR: " + value);
    public override void WriteDebugLine(string message) => Add("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => Add("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => Add("WARNING: " + message);
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
}
