# Sign Windows files (OpinionDesk.exe, then the installer) with Authenticode, from credentials in
# the environment:
#   WINDOWS_CERTIFICATE_PFX_BASE64  the code-signing certificate and key, a .pfx file in base64
#   WINDOWS_CERTIFICATE_PASSWORD    its password
#   WINDOWS_TIMESTAMP_URL           optional; an RFC 3161 time-stamp server (default DigiCert's)
# Usage: pwsh packaging/windows/sign.ps1 dist\OpinionDesk\OpinionDesk.exe [more files...]
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = "Stop"

if (-not $env:WINDOWS_CERTIFICATE_PFX_BASE64) {
    Write-Error "sign.ps1: WINDOWS_CERTIFICATE_PFX_BASE64 is not set"
}
$timestamp = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
    Sort-Object FullName -Descending | Select-Object -First 1
if (-not $signtool) { Write-Error "sign.ps1: signtool.exe (Windows SDK) not found" }

$pfx = Join-Path ([IO.Path]::GetTempPath()) ("opiniondesk-" + [guid]::NewGuid() + ".pfx")
try {
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE_PFX_BASE64))
    foreach ($file in $Files) {
        & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd SHA256 `
            /tr $timestamp /td SHA256 /d "OpinionDesk" $file
        if ($LASTEXITCODE -ne 0) { Write-Error "sign.ps1: signing $file failed" }
        & $signtool.FullName verify /pa $file
        if ($LASTEXITCODE -ne 0) { Write-Error "sign.ps1: $file does not verify" }
    }
}
finally {
    Remove-Item -Force -ErrorAction SilentlyContinue $pfx
}
