using System;

namespace BgpPeering.Engine.Validation
{
    /// <summary>Bad input caught before any request is sent. The message names the parameter and what is valid.</summary>
    public sealed class ValidationException : ArgumentException
    {
        public ValidationException(string parameterName, string message) : base(message, parameterName)
        {
        }

        /// <summary>The message alone, without the "(Parameter 'x')" suffix .NET appends.</summary>
        public string Reason => base.Message.Split(new[] { " (Parameter '" }, StringSplitOptions.None)[0];
    }
}
