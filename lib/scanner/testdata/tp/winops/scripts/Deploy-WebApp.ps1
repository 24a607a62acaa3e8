#Requires -Version 5.1
<#
.SYNOPSIS
    Deploys the Intranet web package to the IIS farm and tags the release in Azure DevOps.
#>
param(
    [Parameter(Mandatory)] [string] $PackagePath,
    [string[]] $Servers = @('WEB-IIS-01', 'WEB-IIS-02')
)

$ErrorActionPreference = 'Stop'

$svcUser = 'CONTOSO\svc-deploy'
$svcPass = ConvertTo-SecureString '1!L346*hXo@rh%8SMFNN' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ($svcUser, $svcPass)

foreach ($server in $Servers) {
    Write-Host "Deploying to $server"
    Invoke-Command -ComputerName $server -Credential $cred -ScriptBlock {
        param($pkg)
        & "C:\Program Files\IIS\Microsoft Web Deploy V3\msdeploy.exe" -verb:sync -source:package=$pkg -dest:auto
    } -ArgumentList $PackagePath
}

$pat = 'krqtkrp4cwqthammeuzlduwurkiafhiniym2i7jsfjyzpnrigiac'
$basic = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(":$pat"))
$headers = @{ Authorization = "Basic $basic" }
$body = @{ name = "deployed-$(Get-Date -Format yyyyMMdd-HHmm)" } | ConvertTo-Json
Invoke-RestMethod -Method Post -Headers $headers -ContentType 'application/json' -Body $body `
    -Uri 'https://dev.azure.com/contoso-it/Intranet/_apis/git/repositories/intranet/annotatedtags?api-version=7.1'
