#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
onetrans_demo.py — 用 Python ctypes 调用 libOneTrans.so 的 MobileTrans（医疗消息推送 pushMsg）。
Calls MobileTrans in libOneTrans.so through ctypes (Python 3.6+, standard library only).

用法 / usage:
    python3 onetrans_demo.py <门户地址，例如 http://10.1.2.3:8080> [appId appKey orgId]
库文件默认取本脚本上一级目录（解压后的 onetrans-linux-x64/）里的 libOneTrans.so，
也可用环境变量 ONETRANS_LIBRARY 指定完整路径。
退出码 0 = 返回码 000000 且 data.response == "SUCCESS"。
"""
import ctypes
import datetime
import json
import os
import sys


def load_library():
    path = os.environ.get("ONETRANS_LIBRARY") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libOneTrans.so")
    lib = ctypes.CDLL(path)  # Linux 上没有 __stdcall：CDLL 即可
    lib.MobileTrans.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.MobileTrans.restype = ctypes.c_char_p  # 指向库内静态存储，不要释放
    lib.MobileTransEx.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    lib.MobileTransEx.restype = ctypes.c_char_p
    return lib


def main(argv):
    if len(argv) < 2:
        print("usage: onetrans_demo.py <portal base URL> [appId appKey orgId]", file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    app_id = argv[2] if len(argv) > 2 else "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"
    app_key = argv[3] if len(argv) > 3 else "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM"
    org_id = argv[4] if len(argv) > 4 else "H46010000000"
    # 门户只接受与北京时间相差 5 分钟以内的 timestamp
    now = datetime.datetime.utcnow() + datetime.timedelta(hours=8)
    request = {
        "data": {
            "serverAddr": base + "/api/amp/hos/pushMsg",
            "appId": app_id, "appKey": app_key,
            "encryptType": "SM4", "signType": "SM3",
            "timestamp": now.strftime("%Y-%m-%d %H:%M:%S"), "version": "1.0.0",
            "hisCustId": "532494", "appType": "01",
            "medOrgOrd": "PY" + now.strftime("%Y%m%d%H%M%S%f") + str(os.getpid() % 1000),
            "subOrgCode": "5", "orderStatus": "MERCHANT_WAIT_PAY", "orgCode": "H46040100001",
            "patientName": "周大鹏", "idType": "02", "idNo": "460029196507081627",
            "pushType": "HOSPITAL_PAYMENT", "deptName": "总院牙体牙髓科", "deptCode": "BM00100",
            "drName": "周小鹏", "drNo": "D460106007245",
            "createTime": now.strftime("%Y-%m-%d %H:%M:%S"), "extData": None,
        },
        "orgId": org_id,
    }
    lib = load_library()
    out = ctypes.create_string_buffer(8192)  # 调用方分配，至少 capacity（默认 8192）字节
    ret = lib.MobileTransEx(json.dumps(request, ensure_ascii=False).encode("utf-8"), out, len(out))
    code = ret.decode("ascii")
    answer = out.value.decode("utf-8")
    print("return:", code)
    print("output:", answer)
    if code != "000000":
        return 1
    reply = json.loads(answer)
    return 0 if reply.get("code") == 0 and reply.get("data", {}).get("response") == "SUCCESS" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
