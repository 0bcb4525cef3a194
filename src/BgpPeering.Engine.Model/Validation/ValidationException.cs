using System;

namespace BgpPeering.Engine.Model.Validation
{
    /// <summary>Bad input caught before any request is sent. The message names the parameter and what is valid.</summary>
    public sealed class ValidationException : ArgumentException
    {
        public ValidationException(string parameterName, string message) : base(message, parameterName)
        {
        }

        /// <summary>The message alone, without the "(Parameter 'x')" suffix .NET appends.</summary>
        public string Reason => base.Message.Split(new[] { " (Parameter '" }, StringSplitOptions.None)[0];

        /// <summary>
        /// What the input was for, when the rule knows it: the request being built (the peer a CSV row would
        /// create), so that an error's target is the row's request rather than one of its values. Null otherwise.
        /// </summary>
        public object? Target { get; private set; }

        /// <summary>Sets <see cref="Target"/> (once) and returns this exception, for <c>throw ex.For(request)</c>.</summary>
        public ValidationException For(object target)
        {
            Target ??= target;
            return this;
        }
    }
}
