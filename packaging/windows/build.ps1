# Build the Windows bundle and its installer:
#   dist\desktop-app\                         the one-folder bundle (desktop-app.exe)
#   dist\desktop-app-VERSION-setup.exe        the Inno Setup installer
# Needs Python 3.11+ with the package installed (pip install -e ".[packaging]") and Inno Setup 6.3+
# (iscc.exe on PATH, or in its default folder).
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Python py]
param([string]$Python = "python")
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

Write-Host "== bundle: PyInstaller"
& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\desktop-app.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed ($LASTEXITCODE)" }

# The windowed program has no console to print to: its exit code tells how the check went.
Write-Host "== bundle: smoke test"
$smoke = Start-Process -FilePath "dist\desktop-app\desktop-app.exe" -ArgumentList "--smoke-test" `
    -Wait -PassThru
if ($smoke.ExitCode -ne 0) { throw "the smoke test failed (exit code $($smoke.ExitCode))" }

$version = (& $Python -c "from importlib.metadata import version; print(version('desktop-app'))").Trim()
if ($LASTEXITCODE -ne 0 -or -not $version) { throw "cannot read the version: is the package installed?" }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 is missing (winget install JRSoftware.InnoSetup)" }

Write-Host "== installer: Inno Setup $version"
& $iscc "/DAppVersion=$version" "packaging\windows\desktop-app.iss"
if ($LASTEXITCODE -ne 0) { throw "iscc failed ($LASTEXITCODE)" }
Get-Item "dist\desktop-app-$version-setup.exe" | Format-Table Name, Length
