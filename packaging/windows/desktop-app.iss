; Inno Setup (6.3 or later) script of the Tier Accounts installer for Windows 10 and 11 (x64).
; packaging\windows\build.ps1 builds the bundle (dist\desktop-app\) first, then runs
;   iscc /DAppVersion=X.Y.Z packaging\windows\desktop-app.iss
; and writes dist\desktop-app-X.Y.Z-setup.exe. The version comes from the package metadata.
;
; Installs for the current user without administrator rights (%LOCALAPPDATA%\Programs), or
; for all users when setup is started as administrator and that is chosen. Uninstalling
; removes what setup installed and nothing else: the workspaces, backups and logs in
; %LOCALAPPDATA%\desktop-app and the window settings stay where they are.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (build.ps1 reads it from the package metadata)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\desktop-app"
#endif
#define AppName "Tier Accounts"
#define AppExe "desktop-app.exe"
#define AppIcon "..\..\build\icons\io.github.desktop_app.ico"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6296606A-B17D-4423-BA76-BE1C8F7D714F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Tier Accounts developers
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809, the oldest that Qt 6 runs on.
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=desktop-app-{#AppVersion}-setup
SetupIconFile={#AppIcon}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Setup and the uninstaller ask a running Tier Accounts to close first.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle; an upgrade replaces it.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new one no longer ships.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; The Start-menu entry, and the optional desktop shortcut.
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "CloudBlue Connect customers and resellers, offline"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the user's data is left in place.
