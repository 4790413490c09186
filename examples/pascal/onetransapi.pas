{ onetransapi.pas - MobileTrans for Delphi 7 (and later) on Windows and Free Pascal on Linux.
  One unit for both: the declaration, a JSON appender and a one-field reader (Delphi 7 has no
  JSON library), and the Beijing-time timestamp yyyy-MM-dd HH:mm:ss.

  Delphi 7:   uses onetransapi;  (OneTrans.dll beside the exe; 32-bit, stdcall)
  Free Pascal: fpc -Mdelphi -Fl/opt/onetrans onetranscalls.dpr  (links libOneTrans.so, cdecl)

  Strings are AnsiString: send UTF-8 or GBK (OneTrans.json "inputEncoding": "auto" takes both);
  set "outputEncoding": "gbk" to read the answer as GBK in a Delphi 7 program. }
unit onetransapi;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}

interface

const
{$IFDEF MSWINDOWS}
  OneTransLib = 'OneTrans.dll';
{$ELSE}
  OneTransLib = 'OneTrans';
{$ENDIF}

{ pOutData: a buffer the caller owns, at least 8192 bytes (capacity). The result points into the
  library: never free it. }
function MobileTrans(pInData, pOutData: PAnsiChar): PAnsiChar;
  {$IFDEF MSWINDOWS}stdcall;{$ELSE}cdecl;{$ENDIF} external OneTransLib name 'MobileTrans';

{ Appends "Key":"Value" (JSON-escaped) to an object being built; S starts as '{'. }
procedure JsonAdd(var S: AnsiString; const Key, Value: AnsiString);
{ The string (or number) value of "Key" in Json; '' when absent. Enough for MobileTrans answers. }
function JsonGet(const Json, Key: AnsiString): AnsiString;
{ Beijing time (UTC+8) whatever the machine's time zone, e.g. BeijingTime('yyyy-mm-dd hh:nn:ss', 0);
  DaysBack 1 = yesterday. }
function BeijingTime(const Fmt: AnsiString; DaysBack: Integer): AnsiString;

implementation

uses
{$IFDEF MSWINDOWS}
  Windows,
{$ELSE}
  DateUtils,
{$ENDIF}
  SysUtils;

procedure JsonAdd(var S: AnsiString; const Key, Value: AnsiString);
var
  I: Integer;
  C: AnsiChar;
begin
  if Length(S) > 1 then S := S + ',';
  S := S + '"' + Key + '":"';
  for I := 1 to Length(Value) do
  begin
    C := Value[I];
    if (C = '"') or (C = '\') then S := S + '\' + C
    else if Ord(C) < $20 then S := S + '\u' + IntToHex(Ord(C), 4)
    else S := S + C; { UTF-8 or GBK bytes pass as they are }
  end;
  S := S + '"';
end;

function JsonGet(const Json, Key: AnsiString): AnsiString;
var
  I, N: Integer;
begin
  Result := '';
  I := Pos('"' + Key + '"', Json);
  if I = 0 then Exit;
  I := I + Length(Key) + 2;
  N := Length(Json);
  while (I <= N) and (Json[I] in [' ', #9, #13, #10]) do Inc(I);
  if (I > N) or (Json[I] <> ':') then Exit;
  Inc(I);
  while (I <= N) and (Json[I] in [' ', #9, #13, #10]) do Inc(I);
  if (I <= N) and (Json[I] = '"') then
  begin
    Inc(I);
    while (I <= N) and (Json[I] <> '"') do
    begin
      if (Json[I] = '\') and (I < N) then Inc(I);
      Result := Result + Json[I];
      Inc(I);
    end;
  end
  else
    while (I <= N) and not (Json[I] in [',', '}']) do
    begin
      Result := Result + Json[I];
      Inc(I);
    end;
  Result := Trim(Result);
end;

function BeijingTime(const Fmt: AnsiString; DaysBack: Integer): AnsiString;
var
  Utc: TDateTime;
{$IFDEF MSWINDOWS}
  St: TSystemTime;
{$ENDIF}
begin
{$IFDEF MSWINDOWS}
  GetSystemTime(St); { UTC }
  Utc := SystemTimeToDateTime(St);
{$ELSE}
  Utc := LocalTimeToUniversal(Now);
{$ENDIF}
  Result := FormatDateTime(Fmt, Utc + 8 / 24 - DaysBack);
end;

end.
