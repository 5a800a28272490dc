; Inno Setup 6 script: OpinionDesk's Windows installer, built from the PyInstaller bundle.
;
;   bash packaging/build.sh                                   (makes dist\OpinionDesk\)
;   iscc /DAppVersion=0.1.0 packaging\windows\opiniondesk.iss (makes dist\OpinionDesk-0.1.0-setup.exe)
;
; It installs for the current user only, without administrator rights, into
; %LOCALAPPDATA%\Programs\OpinionDesk; adds a Start menu entry; registers the .opinion file type
; (with its icon, opening in OpinionDesk) under HKEY_CURRENT_USER; and its uninstaller removes the
; program, the Start menu entry and the file type again. The user's own matters, signer profiles
; and settings (in %LOCALAPPDATA%\OpinionDesk and the Windows Credential Manager) are theirs and
; stay. Paths below are relative to this script's folder.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "OpinionDesk"
#define AppExe "OpinionDesk.exe"
#define ProgId "OpinionDesk.Matter"
#define BundleDir "..\..\dist\OpinionDesk"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{6E0F2A4C-3B7D-4C8E-9A51-0D7F3E2B8C19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=OpinionDesk
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} installer
; Per-user install: no UAC prompt, nothing written outside the user's profile and HKCU.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\resources\icons\opiniondesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Tell Explorer the file associations changed (it refreshes the .opinion icon).
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The document icon for .opinion files, beside the program.
Source: "..\..\resources\icons\opiniondesk.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Draft Exhibit 5.1 legality opinions"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .opinion file type, for this user only (HKCU\Software\Classes), removed on uninstall.
Root: HKCU; Subkey: "Software\Classes\.opinion"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.opinion"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-opiniondesk-matter"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.opinion\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "OpinionDesk matter"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\opiniondesk.ico,0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; "Open with" lists OpinionDesk for .opinion files.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".opinion"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program's own folder (files Python or Qt may have left there); never the user's data.
Type: filesandordirs; Name: "{app}"
