namespace BgpPeering.Engine.Model.Output
{
    /// <summary>One progress update for the whole operation, turned into a ProgressRecord by the cmdlet.</summary>
    public sealed class ProgressUpdate
    {
        public ProgressUpdate(int activityId, string activity, string status, int percentComplete, int secondsRemaining, bool completed)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
            Completed = completed;
        }

        public int ActivityId { get; }
        public string Activity { get; }
        public string Status { get; }
        /// <summary>0 to 100, or -1 when unknown.</summary>
        public int PercentComplete { get; }
        /// <summary>Seconds left, or -1 when unknown.</summary>
        public int SecondsRemaining { get; }
        public bool Completed { get; }
    }
}
