using System;

namespace BgpPeering.Engine.Model.Validation
{
    /// <summary>
    /// Upper bounds for Wait-BgpPeerUp's TimeSpans, checked before anything is waited for: a value near
    /// TimeSpan.MaxValue would otherwise overflow the deadline arithmetic. The lower bounds are the waiter's own.
    /// </summary>
    public static class WaitRules
    {
        /// <summary>The longest -Timeout: one day.</summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

        /// <summary>The longest -PollInterval: one hour.</summary>
        public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

        /// <param name="timeout">-Timeout.</param>
        /// <param name="pollInterval">-PollInterval.</param>
        /// <param name="pollIntervalGiven">True when -PollInterval was given: only then must it fit within -Timeout (the default adapts).</param>
        public static void CheckBounds(TimeSpan timeout, TimeSpan pollInterval, bool pollIntervalGiven)
        {
            if (timeout > MaxTimeout)
                throw new ValidationException("Timeout",
                    "-Timeout " + timeout + " is too long; the maximum is 24 hours (1.00:00:00). Wait again in a loop for longer waits.");
            if (pollInterval > MaxPollInterval)
                throw new ValidationException("PollInterval",
                    "-PollInterval " + pollInterval + " is too long; the maximum is 1 hour (01:00:00), and the minimum 1 second (00:00:01).");
            if (pollIntervalGiven && timeout > TimeSpan.Zero && pollInterval > timeout)
                throw new ValidationException("PollInterval",
                    "-PollInterval " + pollInterval + " is longer than -Timeout " + timeout + ", so no second poll could happen. Give a -PollInterval of 1 second up to the -Timeout.");
        }
    }
}
