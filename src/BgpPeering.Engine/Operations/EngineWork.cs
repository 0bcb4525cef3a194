using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// One piece of engine work as a cmdlet runs it: it writes objects, errors and messages to the sink, and stops when
/// the token is cancelled. The front doors (<see cref="RouteServerPeers"/>, <see cref="RouteServerEndpoints"/>,
/// <see cref="DxBgpPeers"/>, and the waiter) hand these out; the cmdlets only run them.
/// </summary>
public delegate Task EngineWork(IOutputSink sink, CancellationToken cancellationToken);
