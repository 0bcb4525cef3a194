using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Pipeline;
using Xunit;

namespace BgpPeering.Tests.Engine.Pipeline;

/// <summary>
/// An error that dooms the call (a rejected key) ends the work where it is written: the work's next request never
/// starts, even before the pipeline thread has turned the error into a terminating one.
/// </summary>
public sealed class OutputPumpDoomTests
{
    [Fact]
    public void A_call_dooming_error_cancels_the_work_at_once_and_is_still_dispatched()
    {
        var steps = new List<string>();
        var dispatched = new List<PumpEvent>();
        OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            foreach (var item in new[] { "dxvif-a", "dxvif-b", "dxvif-c" })
            {
                ct.ThrowIfCancellationRequested(); // what every request does before it is sent
                steps.Add(item);
                sink.Write(PumpEventKind.Error, ErrorCatalogue.AuthenticationFailed.For("The key was rejected.", item));
            }
        }, dispatched.Add, CancellationToken.None);

        Assert.Equal(["dxvif-a"], steps);
        var error = Assert.IsType<ItemError>(Assert.Single(dispatched).Payload);
        Assert.Equal(("AuthenticationFailed", "dxvif-a"), (error.ErrorId, error.Target));
    }

    [Fact]
    public void An_item_error_does_not_stop_the_work()
    {
        var steps = new List<string>();
        var dispatched = new List<PumpEvent>();
        OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            foreach (var item in new[] { "dxvif-a", "dxvif-b", "dxvif-c" })
            {
                ct.ThrowIfCancellationRequested();
                steps.Add(item);
                sink.Write(PumpEventKind.Error, ErrorCatalogue.PermissionDenied.For("Not allowed.", item));
            }
        }, dispatched.Add, CancellationToken.None);

        Assert.Equal(["dxvif-a", "dxvif-b", "dxvif-c"], steps);
        Assert.Equal(3, dispatched.Count);
    }

    [Fact]
    public void Ctrl_C_after_a_dooming_error_is_still_a_cancellation()
    {
        using var ctrlC = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => OutputPump.Run(async (sink, ct) =>
        {
            await Task.Yield();
            sink.Write(PumpEventKind.Error, ErrorCatalogue.AuthenticationFailed.For("The key was rejected.", "x"));
            ct.ThrowIfCancellationRequested();
        }, _ => ctrlC.Cancel(), ctrlC.Token));
    }
}
