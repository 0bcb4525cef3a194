# The AWS.Tools-style baseline: AWSSDK.EC2 (the library under AWS.Tools.EC2) loaded into pwsh and used the way
# AWS.Tools.EC2's generated cmdlets use it: on every call, credentials and a new AmazonEC2Client; the async SDK call
# waited on synchronously (sync-over-async); every page fetched by the command itself (auto-iteration); the SDK's
# own objects written to the pipeline, with the status nested (BgpStatus.Status). The benchmarks only: never shipped.
# Dot-source it: . bench/pwsh/AwsToolsStyle.ps1 -SdkDirectory <folder with AWSSDK.Core.dll and AWSSDK.EC2.dll>
param([Parameter(Mandatory)][string] $SdkDirectory)

# AWS.Tools loads its AWSSDK assemblies into the default context by path; so does this.
foreach ($name in 'AWSSDK.Core', 'AWSSDK.EC2') {
    Add-Type -Path (Join-Path $SdkDirectory "$name.dll")
}

function New-BaselineEC2Client {
    param([string] $Region, [string] $AccessKey, [string] $SecretKey, [string] $EndpointUrl)
    $credentials = [Amazon.Runtime.BasicAWSCredentials]::new($AccessKey, $SecretKey)
    $config = [Amazon.EC2.AmazonEC2Config]::new()
    $config.ServiceURL = $EndpointUrl
    $config.AuthenticationRegion = $Region
    [Amazon.EC2.AmazonEC2Client]::new($credentials, $config)
}

# Get-EC2RouteServerPeer, as AWS.Tools.EC2 generates it (the subset the benchmarks use).
function Get-EC2RouteServerPeer {
    [CmdletBinding()]
    param(
        [string[]] $RouteServerPeerId,
        [int] $MaxResult = 1000,
        [string] $Region, [string] $AccessKey, [string] $SecretKey, [string] $EndpointUrl
    )
    $client = New-BaselineEC2Client -Region $Region -AccessKey $AccessKey -SecretKey $SecretKey -EndpointUrl $EndpointUrl
    try {
        $request = [Amazon.EC2.Model.DescribeRouteServerPeersRequest]::new()
        if ($RouteServerPeerId) { $request.RouteServerPeerIds = [System.Collections.Generic.List[string]]::new([string[]]$RouteServerPeerId) }
        else { $request.MaxResults = $MaxResult }
        do {
            $response = $client.DescribeRouteServerPeersAsync($request).GetAwaiter().GetResult()
            $response.RouteServerPeers   # enumerated into the pipeline, one SDK object at a time
            $request.NextToken = $response.NextToken
        } while ($response.NextToken)
    }
    finally {
        $client.Dispose()
    }
}
