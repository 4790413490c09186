#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
onetrans_calls.py — 四个接口（pushMsg、refund、queryRefundResult、getTradeFile）通过 ctypes 调用 MobileTrans。
The four hospital -> portal calls through MobileTrans with ctypes (Python 3.6+, standard library only).

用法 / usage:
    python3 onetrans_calls.py <门户地址 portal base URL> <ampTraceId> <traceId> <orgTraceNo>
三个标识是 ORG_003（机构结算确认）给医院的、要退款的那笔支付的标识。
库：环境变量 ONETRANS_LIBRARY，否则本脚本上一级目录的 libOneTrans.so（Windows: OneTrans.dll）。
先判别协议码（返回值），再判别业务状态；退款结果未知时用同一个 outRefundNo 查询，绝不换号重退。
字段含义见 docs/reference/；业务字段与 examples/calls.json 相同。退出码 0 = 四次调用都返回 000000。
"""
import ctypes
import datetime
import json
import os
import sys

APP_ID = "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"  # 以下为模拟器的凭据，换成门户下发的
APP_KEY = "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM"
ORG_ID = "H46010000000"
ORG_CODE = "H46040100001"
ORG_SECRET = "AMP-SIM-ORG-SECRET-0001"  # 机构获取对账文件秘钥（对接时发放）
BEIJING = datetime.timezone(datetime.timedelta(hours=8))  # 北京时间，与本机时区无关


def load_library():
    name = "OneTrans.dll" if os.name == "nt" else "libOneTrans.so"
    path = os.environ.get("ONETRANS_LIBRARY") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), name)
    # 32 位 Windows 的 OneTrans.dll 是 __stdcall：WinDLL；Linux 与 64 位 Windows：CDLL 即可
    lib = ctypes.WinDLL(path) if os.name == "nt" else ctypes.CDLL(path)
    lib.MobileTrans.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.MobileTrans.restype = ctypes.c_char_p  # 指向库内静态存储，不要释放
    return lib


class Portal:
    def __init__(self, lib, base):
        self.lib = lib
        self.base = base.rstrip("/")
        self.out = ctypes.create_string_buffer(65536)  # 出参缓冲区：至少 capacity（默认 8192）字节
        self.answer = {}

    def call(self, api, fields):
        """Wraps the business fields in the envelope, calls MobileTrans; returns the protocol code."""
        print(api, "fields:", json.dumps(fields, ensure_ascii=False, separators=(",", ":")))
        data = {
            "serverAddr": self.base + "/api/amp/hos/" + api,
            "appId": APP_ID, "appKey": APP_KEY, "encryptType": "SM4", "signType": "SM3",
            "timestamp": datetime.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S"), "version": "1.0.0",
        }
        if api == "getTradeFile":
            data["orgSecret"] = ORG_SECRET  # a credential: beside appKey, never printed
        data.update(fields)
        request = json.dumps({"data": data, "orgId": ORG_ID}, ensure_ascii=False).encode("utf-8")
        self.out[0] = b"\0"
        code = (self.lib.MobileTrans(request, self.out) or b"000002").decode("ascii")
        print(api, "return=" + code)
        text = self.out.value.decode("utf-8")
        self.answer = json.loads(text) if text else {}
        return code

    def data(self, key):
        return (self.answer.get("data") or {}).get(key) or ""


def fresh_no(prefix):
    return prefix + datetime.datetime.now(BEIJING).strftime("%Y%m%d%H%M%S%f")[:18] + str(os.getpid() % 100)


def refund_verdict(p, api, out_refund_no):
    status = p.data("tradeStatus")
    print(api, "status tradeStatus=" + status)
    if status in ("SUCCESS", "REFUND"):
        print(api + ": 退款成功 / refunded")
    elif status == "FAIL":
        print(api + ": 退款失败 / refund failed: " + p.data("tradeStatusDesc"))
    else:  # ING, INIT, EXP 或没有：未终结
        print(api + ": 退款处理中，稍后用 outRefundNo=" + out_refund_no
              + " 再查 / not final yet: query again later with the same outRefundNo")


def main(argv):
    if len(argv) < 5:
        print("usage: onetrans_calls.py <portal base URL> <ampTraceId> <traceId> <orgTraceNo>", file=sys.stderr)
        return 2
    p = Portal(load_library(), argv[1])
    failures = 0
    now = datetime.datetime.now(BEIJING)

    # 1. pushMsg 医疗消息推送
    code = p.call("pushMsg", {
        "hisCustType": "01", "hisCustId": "532494", "phone": "13800000000", "appType": "01",
        "medOrgOrd": fresh_no("PY"), "orderStatus": "MERCHANT_WAIT_PAY", "orgCode": ORG_CODE,
        "patientName": "周大鹏", "idType": "01", "idNo": "460029196507081627",
        "pushType": "HOSPITAL_PAYMENT", "amount": "25.00", "deptName": "内科",
        "createTime": now.strftime("%Y-%m-%d %H:%M:%S"),
    })
    if code != "000000":  # 1) 协议码
        print("pushMsg: 调用失败 / call failed: " + p.answer.get("message", ""))
        failures += 1
    else:  # 2) 业务状态
        print("pushMsg status response=" + p.data("response"))
        print("pushMsg: " + ("推送成功 / pushed" if p.data("response") == "SUCCESS" else "门户未接受推送 / not accepted"))

    # 2. refund 平台退款申请 — keep outRefundNo: it is the only way to learn the outcome later
    out_refund_no = fresh_no("PR")
    code = p.call("refund", {
        "ampTraceId": argv[2], "traceId": argv[3], "orgTraceNo": argv[4], "orgCode": ORG_CODE,
        "refundReason": "患者申请退款", "refundAmount": "1.00", "refundType": "01",
        "outRefundNo": out_refund_no, "orgRefundSn": fresh_no("PS"),
    })
    if code != "000000":
        print("refund: 结果未知或失败（" + p.answer.get("message", "") + "），用同一个 outRefundNo=" + out_refund_no
              + " 查询 queryRefundResult，绝不换号重退 / outcome unknown or failed: query with the same outRefundNo, never refund again")
        failures += 1
    else:
        refund_verdict(p, "refund", out_refund_no)

    # 3. queryRefundResult 查询退款结果 — same outRefundNo (read-only: safe to repeat)
    code = p.call("queryRefundResult", {"orgCode": ORG_CODE, "outRefundNo": out_refund_no})
    if code != "000000":
        print("queryRefundResult: 查询失败，稍后再查 / query failed, try again later: " + p.answer.get("message", ""))
        failures += 1
    else:
        refund_verdict(p, "queryRefundResult", out_refund_no)

    # 4. getTradeFile 对账文件获取 — yesterday (Beijing date)
    yesterday = (datetime.datetime.now(BEIJING) - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    code = p.call("getTradeFile", {"orgCode": ORG_CODE, "billDate": yesterday, "billType": "ALL"})
    if code != "000000":
        print("getTradeFile: 获取失败 / failed: " + p.answer.get("message", ""))
        failures += 1
    else:
        print("getTradeFile status digest=" + p.data("digest"))
        print("getTradeFile: 一分钟内下载 " + p.data("downloadUrl")
              + " 并核对 SHA1 / download within one minute and check its SHA1 (onetrans bill download does both)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
