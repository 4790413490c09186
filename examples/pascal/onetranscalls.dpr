{ onetranscalls - the four hospital -> portal calls (pushMsg, refund, queryRefundResult,
  getTradeFile) through MobileTrans, in Object Pascal: Delphi 7+ on Windows, Free Pascal on Linux.
  先判别协议码（返回值），再判别业务状态；退款结果未知时用同一个 outRefundNo 查询，绝不换号重退。

  Usage: onetranscalls <portal base URL> <ampTraceId> <traceId> <orgTraceNo>
  Free Pascal: fpc -Mdelphi -Fl/opt/onetrans onetranscalls.dpr; LD_LIBRARY_PATH=/opt/onetrans ./onetranscalls ...
  Field meanings: docs/reference/; the business fields are those of examples/calls.json. }
program onetranscalls;

{$IFDEF FPC}{$MODE DELPHI}{$H+}{$ENDIF}
{$APPTYPE CONSOLE}

uses
  SysUtils, onetransapi;

const
  AppId = 'zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN'; { the simulator's: use those the portal issued }
  AppKey = 'St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM';
  OrgId = 'H46010000000';
  OrgCode = 'H46040100001';
  OrgSecret = 'AMP-SIM-ORG-SECRET-0001'; { 机构获取对账文件秘钥（对接时发放） }

var
  BaseUrl: AnsiString;
  OutBuf: array[0..65535] of AnsiChar; { 出参缓冲区：至少 capacity（默认 8192）字节 }
  Answer: AnsiString;
  Seq: Integer = 0;

function FreshNo(const Prefix: AnsiString): AnsiString;
begin
  Inc(Seq);
  Result := Prefix + BeijingTime('yyyymmddhhnnsszzz', 0) + IntToStr(Seq);
end;

{ Wraps the business fields in the envelope, calls MobileTrans; returns the protocol code. }
function Call(const Api, Fields: AnsiString): AnsiString;
var
  Env, F, Request: AnsiString;
  Ret: PAnsiChar;
begin
  F := Fields + '}';
  Writeln(Api, ' fields: ', F);
  Env := '{';
  JsonAdd(Env, 'serverAddr', BaseUrl + '/api/amp/hos/' + Api);
  JsonAdd(Env, 'appId', AppId);
  JsonAdd(Env, 'appKey', AppKey);
  JsonAdd(Env, 'encryptType', 'SM4');
  JsonAdd(Env, 'signType', 'SM3');
  JsonAdd(Env, 'timestamp', BeijingTime('yyyy-mm-dd hh:nn:ss', 0));
  JsonAdd(Env, 'version', '1.0.0');
  if Api = 'getTradeFile' then JsonAdd(Env, 'orgSecret', OrgSecret); { a credential: never printed }
  Request := '{"data":' + Env + ',' + Copy(F, 2, Length(F)) + ',"orgId":"' + OrgId + '"}';
  OutBuf[0] := #0;
  Ret := MobileTrans(PAnsiChar(Request), @OutBuf[0]);
  if Ret = nil then Result := '000002' else Result := AnsiString(Ret);
  Answer := AnsiString(PAnsiChar(@OutBuf[0]));
  Writeln(Api, ' return=', Result);
end;

procedure RefundVerdict(const Api, OutRefundNo: AnsiString);
var
  Status: AnsiString;
begin
  Status := JsonGet(Answer, 'tradeStatus');
  Writeln(Api, ' status tradeStatus=', Status);
  if (Status = 'SUCCESS') or (Status = 'REFUND') then Writeln(Api, ': 退款成功 / refunded')
  else if Status = 'FAIL' then Writeln(Api, ': 退款失败 / refund failed: ', JsonGet(Answer, 'tradeStatusDesc'))
  else Writeln(Api, ': 退款处理中，稍后用 outRefundNo=', OutRefundNo, ' 再查 / not final yet: query again later with the same outRefundNo');
end;

var
  F, OutRefundNo, Response: AnsiString;
  Failures: Integer;
begin
  if ParamCount < 4 then
  begin
    Writeln(ErrOutput, 'usage: onetranscalls <portal base URL> <ampTraceId> <traceId> <orgTraceNo>');
    Halt(2);
  end;
  BaseUrl := ParamStr(1);
  while (Length(BaseUrl) > 0) and (BaseUrl[Length(BaseUrl)] = '/') do SetLength(BaseUrl, Length(BaseUrl) - 1);
  Failures := 0;

  { 1. pushMsg 医疗消息推送 }
  F := '{';
  JsonAdd(F, 'hisCustType', '01');
  JsonAdd(F, 'hisCustId', '532494');
  JsonAdd(F, 'phone', '13800000000');
  JsonAdd(F, 'appType', '01');
  JsonAdd(F, 'medOrgOrd', FreshNo('PA'));
  JsonAdd(F, 'orderStatus', 'MERCHANT_WAIT_PAY');
  JsonAdd(F, 'orgCode', OrgCode);
  JsonAdd(F, 'patientName', '周大鹏');
  JsonAdd(F, 'idType', '01');
  JsonAdd(F, 'idNo', '460029196507081627');
  JsonAdd(F, 'pushType', 'HOSPITAL_PAYMENT');
  JsonAdd(F, 'amount', '25.00');
  JsonAdd(F, 'deptName', '内科');
  JsonAdd(F, 'createTime', BeijingTime('yyyy-mm-dd hh:nn:ss', 0));
  if Call('pushMsg', F) <> '000000' then { 1) 协议码 }
  begin
    Writeln('pushMsg: 调用失败 / call failed: ', JsonGet(Answer, 'message'));
    Inc(Failures);
  end
  else { 2) 业务状态 }
  begin
    Response := JsonGet(Answer, 'response');
    Writeln('pushMsg status response=', Response);
    if Response = 'SUCCESS' then Writeln('pushMsg: 推送成功 / pushed')
    else Writeln('pushMsg: 门户未接受推送 / not accepted');
  end;

  { 2. refund 平台退款申请 - keep OutRefundNo: it is the only way to learn the outcome later }
  OutRefundNo := FreshNo('PAR');
  F := '{';
  JsonAdd(F, 'ampTraceId', ParamStr(2));
  JsonAdd(F, 'traceId', ParamStr(3));
  JsonAdd(F, 'orgTraceNo', ParamStr(4));
  JsonAdd(F, 'orgCode', OrgCode);
  JsonAdd(F, 'refundReason', '患者申请退款');
  JsonAdd(F, 'refundAmount', '1.00');
  JsonAdd(F, 'refundType', '01');
  JsonAdd(F, 'outRefundNo', OutRefundNo);
  JsonAdd(F, 'orgRefundSn', FreshNo('PAS'));
  if Call('refund', F) <> '000000' then
  begin
    Writeln('refund: 结果未知或失败（', JsonGet(Answer, 'message'), '），用同一个 outRefundNo=', OutRefundNo,
      ' 查询 queryRefundResult，绝不换号重退 / outcome unknown or failed: query with the same outRefundNo, never refund again');
    Inc(Failures);
  end
  else RefundVerdict('refund', OutRefundNo);

  { 3. queryRefundResult 查询退款结果 - same OutRefundNo (read-only: safe to repeat) }
  F := '{';
  JsonAdd(F, 'orgCode', OrgCode);
  JsonAdd(F, 'outRefundNo', OutRefundNo);
  if Call('queryRefundResult', F) <> '000000' then
  begin
    Writeln('queryRefundResult: 查询失败，稍后再查 / query failed, try again later: ', JsonGet(Answer, 'message'));
    Inc(Failures);
  end
  else RefundVerdict('queryRefundResult', OutRefundNo);

  { 4. getTradeFile 对账文件获取 - yesterday (Beijing date) }
  F := '{';
  JsonAdd(F, 'orgCode', OrgCode);
  JsonAdd(F, 'billDate', BeijingTime('yyyy-mm-dd', 1));
  JsonAdd(F, 'billType', 'ALL');
  if Call('getTradeFile', F) <> '000000' then
  begin
    Writeln('getTradeFile: 获取失败 / failed: ', JsonGet(Answer, 'message'));
    Inc(Failures);
  end
  else
  begin
    Writeln('getTradeFile status digest=', JsonGet(Answer, 'digest'));
    Writeln('getTradeFile: 一分钟内下载 ', JsonGet(Answer, 'downloadUrl'),
      ' 并核对 SHA1 / download within one minute and check its SHA1 (onetrans bill download does both)');
  end;
  if Failures > 0 then Halt(1);
end.
