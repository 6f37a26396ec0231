; Inno Setup 6 script: TalentDesk per-user installer for Windows 10 (1809+) / 11, 64-bit.
; Built by `python installer\build.py` (which passes the defines below); by hand:
;   ISCC /DAppVersion=<talentdesk.__version__> installer\windows\talentdesk.iss
; This file is UTF-8 with a byte-order mark (Inno Setup needs it for the Chinese texts).

#ifndef AppVersion
  #error AppVersion is not set: build.py passes talentdesk.__version__, the one version number
#endif
#ifndef RootDir
  #define RootDir AddBackslash(SourcePath) + "..\.."
#endif
#ifndef SourceDir
  #define SourceDir RootDir + "\dist\TalentDesk"
#endif
#ifndef OutputDir
  #define OutputDir RootDir + "\dist"
#endif
#define AppName "教育人才工作台"
#define AppExe "talentdesk.exe"
#define CliExe "talentdesk-cli.exe"

; Chinese wizard texts: ChineseSimplified.isl is an unofficial Inno Setup translation. Put it next to this
; script (installer\windows\ChineseSimplified.isl, see installer\README.md) or in Inno's Languages folder;
; without it the wizard falls back to English (the program itself is Chinese either way).
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
  #pragma warning "ChineseSimplified.isl not found: the setup wizard will be in English"
#endif

[Setup]
AppId={{6B1F3C52-8E0B-4C7A-9C1D-5A7E2F4B9D10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=TalentDesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName=TalentDesk
; Per-user install, no administrator rights: %LOCALAPPDATA%\Programs\TalentDesk.
; The data folder (%LOCALAPPDATA%\TalentDesk, from platformdirs) is separate and survives uninstalling.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\TalentDesk
UsePreviousAppDir=yes
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 (build 17763) or later; it does not run on Windows 7/8.
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename=TalentDesk-{#AppVersion}-setup
SetupIconFile={#RootDir}\resources\icons\talentdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
ShowLanguageDialog=no
LanguageDetectionMethod=uilanguage

[Languages]
#ifdef ChineseIsl
Name: "chinesesimp"; MessagesFile: "{#ChineseIsl}"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
DesktopIcon=在桌面上创建快捷方式
SelfTestName=教育人才工作台 自检
LaunchApp=启动教育人才工作台
BackupFile=教育人才工作台备份
DataKept=程序已卸载。%n%n数据文件夹已保留，其中有数据库和备份：%n%1%n%n不再需要时可以手动删除。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon
Name: "{autoprograms}\{cm:SelfTestName}"; Filename: "{cmd}"; Parameters: "/k """"{app}\{#CliExe}"" self-test"""; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"

[Registry]
; Backup files (*.tdbak, written by talentdesk.store.backup) open with the program: talentdesk.exe --db FILE.
; HKA is HKEY_CURRENT_USER for this per-user install.
Root: HKA; Subkey: "Software\Classes\.tdbak\OpenWithProgids"; ValueType: string; ValueName: "TalentDesk.Backup"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\TalentDesk.Backup"; ValueType: string; ValueName: ""; ValueData: "{cm:BackupFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\TalentDesk.Backup\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\TalentDesk.Backup\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --db ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".tdbak"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder; never {localappdata}\TalentDesk (the clerk's database and backups).
Type: dirifempty; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\TalentDesk');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
