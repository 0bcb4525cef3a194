using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>
/// The EC2 query protocol's common client errors for input it refuses before any action runs. Sources for each code
/// and message are in docs/emulator.md, "Error codes".
/// </summary>
internal static class Ec2Errors
{
    public static ServiceException MissingParameter(string name) =>
        new("MissingParameter", "The request must contain the parameter " + name, 400);

    public static ServiceException InvalidValue(string name, string value, string expected) =>
        new("InvalidParameterValue", "The value (" + value + ") for parameter " + name + " is invalid. " + expected, 400);

    public static ServiceException UnknownParameter(string name) =>
        new("UnknownParameter", "The parameter " + name + " is not recognized", 400);

    public static ServiceException InvalidPaginationToken() =>
        new("InvalidPaginationToken", "The specified pagination token is not valid or is expired.", 400);

    public static ServiceException DryRun() =>
        new("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
}
