#Requires -Modules Microsoft.PowerShell.SecretManagement
<#
.SYNOPSIS
    Rotates the password of a domain service account and stores it in the SecretStore vault.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Account,
    [string] $Vault = 'OpsVault'
)

$ErrorActionPreference = 'Stop'

# Admin credential: interactive prompt, never stored in the script
$admin = Get-Credential -Message "Domain admin for $Account"

# New password: generated, kept as SecureString only
Add-Type -AssemblyName System.Web
$plain = [System.Web.Security.Membership]::GeneratePassword(24, 5)
$newPassword = ConvertTo-SecureString $plain -AsPlainText -Force
Remove-Variable plain

if ($PSCmdlet.ShouldProcess($Account, 'Set-ADAccountPassword')) {
    Set-ADAccountPassword -Identity $Account -Reset -NewPassword $newPassword -Credential $admin
    Set-Secret -Vault $Vault -Name "svc/$Account" -SecureStringSecret $newPassword
}

# Break-glass copy, DPAPI-protected for the scheduled-task user on this host (ciphertext)
$breakGlass = '01000000d08c9ddf0115d1118c7a00c04fc297eb010000006cd94565704404f68b4cf6a5f26613875770481e5b96d7ffdb568eeaf085fbf18a067971b9682d5e0a008dc66e58459be0355fbe056ede81fe514ecf19bdf056f05c7c018fb2b19191b03f0ceebe9729bfa582e4579fbe0b05a02ed28af88a52d97e96de2edc1420bd927f1d655e4a365d473ed8a29996b6f2534b71aaa316925f6f5dc224ab0ab6dd2e6c144ef73e0069897c0613a1228b024adea380dc2f7f962dde6a3c7f5fbca602e583df982bdc9dc7ea434c615e7c6329cc97d9fbaacf8ff24460afd1c1d52c32bb2dd88190b7531c6e848ec8da993176a985ac493392f4e011031c8ae817f03236b2'
$bg = ConvertTo-SecureString -String $breakGlass

# Read back an API token from the vault
$apiToken = Get-Secret -Vault $Vault -Name 'ado/pat' -AsPlainText
$confirm = Read-Host -Prompt 'Type the account name to confirm' -AsSecureString
