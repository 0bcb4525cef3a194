using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Engine.Session;
using BgpPeering.Internal;

namespace BgpPeering.Commands
{
    /// <summary>
    /// The base of every BgpPeering cmdlet: AWS.Tools' common connection parameters, one session resolved in
    /// BeginProcessing, and a cancellation token that Ctrl+C (StopProcessing) cancels at once.
    /// </summary>
    public abstract class BgpPeeringCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        private readonly List<(string Id, AwsSession Session)> _queuedIds = new();
        private AwsSession? _session;
        private string? _sessionKey;

        /// <summary>
        /// The AWS region to call, such as us-east-1. It also binds from a piped object's Region, so a piped peer is
        /// read again where it came from; an empty value (a blank CSV cell) counts as not given.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [AllowNull]
        [AllowEmptyString]
        public string? Region { get; set; }

        /// <summary>A profile from the shared credentials or config file, or the SDK store.</summary>
        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>The credentials file to read profiles from.</summary>
        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        [ValidateNotNullOrEmpty]
        public string? ProfileLocation { get; set; }

        /// <summary>An access key ID; give it with -SecretKey.</summary>
        [Parameter]
        [Alias("AK")]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        /// <summary>The secret access key that goes with -AccessKey. Never written to any stream.</summary>
        [Parameter]
        [Alias("SK", "SecretAccessKey")]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        /// <summary>The session token of temporary credentials.</summary>
        [Parameter]
        [Alias("ST")]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>
        /// The service URL to call instead of the region's AWS endpoint, such as the local emulator's. It also binds
        /// from a piped object's EndpointUrl, which is null for objects read from AWS itself: null or empty counts
        /// as not given.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? EndpointUrl { get; set; }

        /// <summary>Cancelled when the user presses Ctrl+C.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>
        /// The session for the current record. -Region and -EndpointUrl also bind from a piped object's own
        /// properties, so a piped peer is read again where it came from; the session is resolved again only when
        /// they change.
        /// </summary>
        protected AwsSession CurrentSession()
        {
            var key = Region + "\n" + EndpointUrl;
            if (_session is null || _sessionKey != key)
            {
                _session = ResolveSession();
                _sessionKey = key;
            }
            return _session;
        }

        /// <summary>
        /// Queues IDs that arrived from the pipeline, with the session of their record, so that EndProcessing can ask
        /// for them together (one call per batch) instead of one call per record.
        /// </summary>
        protected void QueueIds(IEnumerable<string> ids)
        {
            var session = CurrentSession();
            foreach (var id in ids) _queuedIds.Add((id, session));
        }

        /// <summary>The queued IDs, grouped by the session they are to be asked of, in the order first seen.</summary>
        protected List<KeyValuePair<AwsSession, List<string>>> QueuedIdsBySession() => Grouping.BySession(_queuedIds);

        /// <summary>Resolves credentials and region from the common parameters, AWS.Tools' session variables and the environment.</summary>
        private AwsSession ResolveSession()
        {
            // -ProfileLocation as a file-system path: relative to the current PowerShell location, ~ expanded.
            string? ProviderPath(string? path)
            {
                if (string.IsNullOrWhiteSpace(path)) return null;
                try
                {
                    return GetUnresolvedProviderPathFromPSPath(path);
                }
                catch (Exception ex) when (ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSArgumentException)
                {
                    return path;
                }
            }

            var parameters = new ConnectionParameters
            {
                Region = string.IsNullOrWhiteSpace(Region) ? null : Region,
                ProfileName = ProfileName,
                ProfileLocation = ProviderPath(ProfileLocation),
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                EndpointUrl = string.IsNullOrWhiteSpace(EndpointUrl) ? null : EndpointUrl,
                StoredCredentials = PSObjectUnwrap(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
                StoredRegion = PSObjectUnwrap(SessionState.PSVariable.GetValue("StoredAWSRegion")),
            };
            // The resolver's warnings (an unusable $StoredAWSCredentials, say) and its search trace (-Debug).
            var messages = new ResolutionMessages();
            try
            {
                var session = SessionFactory.Shared.Resolve(parameters, messages);
                foreach (var message in messages.Events) Dispatch(message);
                WriteVerbose("Using credentials from " + session.CredentialSource + ", region " + session.Region +
                    " (from " + session.RegionSource + ")" + session.EndpointDescription + ".");
                return session;
            }
            catch (CredentialResolutionException ex)
            {
                foreach (var message in messages.Events) Dispatch(message);
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorRecords.Category(ex.Kind), null));
                throw; // Not reached: ThrowTerminatingError always throws.
            }
        }

        /// <summary>
        /// Runs async engine work, dispatching what it writes on this (the pipeline) thread as it arrives. A failure
        /// that escapes the work is classified by the engine's one classifier (<see cref="ErrorClassifier.Classify"/>) with
        /// <paramref name="target"/> (the item being processed) as its target: a per-item failure is written and the
        /// pipeline goes on with the next item; a failure that dooms the call (rejected credentials) terminates.
        /// PowerShell's own signals from the pipeline thread (a downstream Select-Object -First, a terminating
        /// error downstream) pass through untouched.
        /// </summary>
        protected void RunAsync(Func<IOutputSink, CancellationToken, Task> work, object? target = null)
        {
            var dispatchFailed = false;
            void DispatchOnPipeline(PumpEvent e)
            {
                try
                {
                    Dispatch(e);
                }
                catch
                {
                    dispatchFailed = true;
                    throw;
                }
            }

            try
            {
                OutputPump.Run(work, DispatchOnPipeline, StopToken);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell is already stopping the pipeline.
            }
            catch (Exception ex) when (!dispatchFailed && ex is not PipelineStoppedException)
            {
                Report(ErrorClassifier.Classify(ex, target));
            }
        }

        /// <summary>Writes a per-item error, or terminates for one that dooms the whole call (see the error model).</summary>
        private void Report(ItemError error)
        {
            var record = ErrorRecords.From(error);
            if (error.DoomsTheCall) ThrowTerminatingError(record);
            WriteError(record);
        }

        private void Dispatch(PumpEvent e)
        {
            switch (e.Kind)
            {
                case PumpEventKind.Output: WriteObject(e.Payload); break;
                case PumpEventKind.Error: Report((ItemError)e.Payload!); break;
                case PumpEventKind.Warning: WriteWarning((string)e.Payload!); break;
                case PumpEventKind.Verbose: WriteVerbose((string)e.Payload!); break;
                case PumpEventKind.Debug: WriteDebug((string)e.Payload!); break;
                case PumpEventKind.Progress: WriteProgress(ProgressRecords.From(e.Payload!)); break;
                case PumpEventKind.Information:
                    // Shown like Write-Host (visible by default, capturable with 6>), because a DryRun answer is the
                    // whole point of -WhatIf here.
                    WriteInformation(new HostInformationMessage { Message = (string)e.Payload! }, new[] { "PSHOST", "BgpPeering" });
                    break;
            }
        }

        /// <summary>What a mutating cmdlet should do with one target.</summary>
        protected enum Decision
        {
            /// <summary>Make the change.</summary>
            Proceed,
            /// <summary>-WhatIf: make no change; the EC2 cmdlets send a DryRun, Direct Connect validates locally.</summary>
            WhatIf,
            /// <summary>The user answered No at -Confirm.</summary>
            Skip,
        }

        /// <summary>
        /// Calls ShouldProcess once for one target, telling -WhatIf apart from a "No" at -Confirm. With
        /// <paramref name="force"/>, the confirmation is skipped but -WhatIf is still honoured.
        /// </summary>
        protected Decision Decide(string target, string action, bool force = false)
        {
            if (force && !WhatIfRequested()) return Decision.Proceed;
            var description = "Performing the operation \"" + action + "\" on target \"" + target + "\".";
            var warning = "Are you sure you want to perform this action?\n" + description;
            if (ShouldProcess(description, warning, "Confirm", out var reason)) return Decision.Proceed;
            return reason == ShouldProcessReason.WhatIf ? Decision.WhatIf : Decision.Skip;
        }

        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value))
                return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose()
        {
            // Anything still listening for a stop (there should be nothing: the pump awaits its work) hears one.
            _stopping.Cancel();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        private static object? PSObjectUnwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;
    }
}
