; Inno Setup 6 script: the Windows installer around the PyInstaller build.
; On Windows, from the repository root (see packaging/README.md):
;   py -3.11 -m venv .venv
;   .venv\Scripts\python -m pip install -e .[package]
;   .venv\Scripts\python packaging\build.py
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\union-kiosk.iss
; gives dist\union-kiosk-0.1.0-setup.exe.  (This file is ASCII: ISCC reads a file
; without a byte-order mark in the ANSI code page.)  It installs dist\union-kiosk\ into
; Program Files\UnionKiosk, adds a Start-menu entry and, if ticked, registers
; the Task Scheduler task (union-kiosk-task.xml) that starts the kiosk at logon
; of the user "kiosk".  Uninstalling removes the program, the entry and the task;
; the kiosk's settings, statistics and logs in %LOCALAPPDATA%\union-kiosk stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "union-kiosk.exe"
#define TaskName "UnionKiosk"
#define Root "..\.."

[Setup]
AppId={{8B74F1C6-77AC-45CE-8790-11E21E6B3C0A}
AppName=Union Hall Kiosk
AppVerName=Union Hall Kiosk {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Union Hall Kiosk
; The folder the task XML and packaging/README.md assume.
DefaultDirName={autopf}\UnionKiosk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=union-kiosk-{#AppVersion}-setup
SetupIconFile={#Root}\build\icon\union-kiosk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "autostart"; Description: "Start the kiosk when the Windows user ""kiosk"" logs on (Task Scheduler task {#TaskName})"; Flags: unchecked

[Files]
Source: "{#Root}\dist\union-kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\packaging\windows\union-kiosk-task.xml"; DestDir: "{app}\packaging\windows"; Flags: ignoreversion
Source: "{#Root}\packaging\README.md"; DestDir: "{app}\packaging"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\Union Hall Kiosk"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"

[Run]
; The task file names C:\Program Files\UnionKiosk; TaskXml() points it at the folder chosen.
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /TN {#TaskName} /XML ""{code:TaskXml}"""; Flags: runhidden waituntilterminated; Tasks: autostart; StatusMsg: "Registering the logon task..."
Filename: "{app}\{#AppExe}"; Description: "Start the kiosk now"; Flags: postinstall nowait skipifsilent unchecked

[UninstallRun]
; Harmless when the task was never registered (schtasks then just fails).
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /TN {#TaskName} /F"; Flags: runhidden waituntilterminated; RunOnceId: "DeleteTask"

[UninstallDelete]
; Anything the program left in its own folder; per-user data is not touched.
Type: filesandordirs; Name: "{app}"

[Code]
function TaskXml(Param: String): String;
var
  Lines: TArrayOfString;
  I: Integer;
begin
  Result := ExpandConstant('{app}\packaging\windows\union-kiosk-task.xml');
  if not LoadStringsFromFile(Result, Lines) then
    exit;
  for I := 0 to GetArrayLength(Lines) - 1 do
    StringChangeEx(Lines[I], 'C:\Program Files\UnionKiosk', ExpandConstant('{app}'), True);
  Result := ExpandConstant('{tmp}\union-kiosk-task.xml');
  SaveStringsToUTF8File(Result, Lines, False);
end;
