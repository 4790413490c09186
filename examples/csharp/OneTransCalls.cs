// OneTransCalls.cs — the four hospital → portal calls (pushMsg, refund, queryRefundResult,
// getTradeFile) through MobileTrans with P/Invoke. C# 5 / .NET Framework 4.0+ / mono; no JSON
// library: the request is built with an escaping appender, one field of the answer read with Get().
// 先判别协议码（返回值），再判别业务状态；退款结果未知时用同一个 outRefundNo 查询，绝不换号重退。
//
//   Windows:  csc /platform:x86 OneTransCalls.cs   (x86 for the 32-bit OneTrans.dll, x64 for the 64-bit one)
//   Linux:    mcs OneTransCalls.cs && LD_LIBRARY_PATH=/opt/onetrans mono OneTransCalls.exe <URL> <ampTraceId> <traceId> <orgTraceNo>
//
// The exe's bitness must match the DLL's (BadImageFormatException otherwise): build x86, not AnyCPU, for the 32-bit DLL.
// Field meanings: docs/reference/; the business fields are those of examples/calls.json.
using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

public static class OneTransCalls
{
    const string AppId = "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"; // the simulator's: use those the portal issued
    const string AppKey = "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM";
    const string OrgId = "H46010000000";
    const string OrgCode = "H46040100001";
    const string OrgSecret = "AMP-SIM-ORG-SECRET-0001"; // 机构获取对账文件秘钥（对接时发放）

    // StdCall: the 32-bit OneTrans.dll is __stdcall (ignored on x64 and on Linux). The buffers are
    // byte[] so that the text is UTF-8 both ways; the return value points into the library: never free it.
    [DllImport("OneTrans", EntryPoint = "MobileTrans", CallingConvention = CallingConvention.StdCall, CharSet = CharSet.Ansi)]
    static extern IntPtr MobileTrans(byte[] pInData, byte[] pOutData);

    static string baseUrl;
    static readonly byte[] outData = new byte[65536]; // 出参缓冲区：至少 capacity（默认 8192）字节
    static string answer = "";

    /// Beijing time (UTC+8), whatever the machine's time zone.
    static string Beijing(string format, int daysBack)
    {
        return DateTime.UtcNow.AddHours(8).AddDays(-daysBack).ToString(format, CultureInfo.InvariantCulture);
    }

    static int seq;
    static string FreshNo(string prefix)
    {
        return prefix + Beijing("yyyyMMddHHmmssfff", 0) + (++seq);
    }

    /// Appends "key":"value" (JSON-escaped) to an object being built; sb starts as "{".
    static StringBuilder Add(StringBuilder sb, string key, string value)
    {
        if (sb.Length > 1) sb.Append(',');
        sb.Append('"').Append(key).Append("\":\"");
        foreach (char c in value)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
            else sb.Append(c);
        }
        return sb.Append('"');
    }

    /// The string (or number) value of "key" in json; "" when absent. Enough for these answers.
    static string Get(string json, string key)
    {
        int i = json.IndexOf("\"" + key + "\"", StringComparison.Ordinal);
        if (i < 0) return "";
        i = json.IndexOf(':', i + key.Length + 2) + 1;
        while (i < json.Length && char.IsWhiteSpace(json[i])) i++;
        var v = new StringBuilder();
        if (i < json.Length && json[i] == '"')
        {
            for (i++; i < json.Length && json[i] != '"'; i++)
            {
                if (json[i] == '\\' && i + 1 < json.Length) i++;
                v.Append(json[i]);
            }
        }
        else
        {
            while (i < json.Length && json[i] != ',' && json[i] != '}') v.Append(json[i++]);
        }
        return v.ToString().Trim();
    }

    /// Wraps the business fields in the envelope, calls MobileTrans; returns the protocol code.
    static string Call(string api, StringBuilder fields)
    {
        string f = fields.ToString() + "}";
        Console.WriteLine(api + " fields: " + f);
        var env = new StringBuilder("{");
        Add(env, "serverAddr", baseUrl + "/api/amp/hos/" + api);
        Add(env, "appId", AppId);
        Add(env, "appKey", AppKey);
        Add(env, "encryptType", "SM4");
        Add(env, "signType", "SM3");
        Add(env, "timestamp", Beijing("yyyy-MM-dd HH:mm:ss", 0));
        Add(env, "version", "1.0.0");
        if (api == "getTradeFile") Add(env, "orgSecret", OrgSecret); // a credential: never printed
        string request = "{\"data\":" + env + "," + f.Substring(1) + ",\"orgId\":\"" + OrgId + "\"}";
        outData[0] = 0;
        IntPtr ret = MobileTrans(Encoding.UTF8.GetBytes(request + "\0"), outData);
        string code = ret == IntPtr.Zero ? "000002" : Marshal.PtrToStringAnsi(ret);
        int n = Array.IndexOf(outData, (byte)0);
        answer = Encoding.UTF8.GetString(outData, 0, n < 0 ? outData.Length : n);
        Console.WriteLine(api + " return=" + code);
        return code;
    }

    static void RefundVerdict(string api, string outRefundNo)
    {
        string status = Get(answer, "tradeStatus");
        Console.WriteLine(api + " status tradeStatus=" + status);
        if (status == "SUCCESS" || status == "REFUND") Console.WriteLine(api + ": 退款成功 / refunded");
        else if (status == "FAIL") Console.WriteLine(api + ": 退款失败 / refund failed: " + Get(answer, "tradeStatusDesc"));
        else Console.WriteLine(api + ": 退款处理中，稍后用 outRefundNo=" + outRefundNo + " 再查 / not final yet: query again later with the same outRefundNo");
    }

    public static int Main(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: OneTransCalls <portal base URL> <ampTraceId> <traceId> <orgTraceNo>");
            return 2;
        }
        Console.OutputEncoding = new UTF8Encoding(false);
        baseUrl = args[0].TrimEnd('/');
        int failures = 0;

        // 1. pushMsg 医疗消息推送
        var f = new StringBuilder("{");
        Add(f, "hisCustType", "01");
        Add(f, "hisCustId", "532494");
        Add(f, "phone", "13800000000");
        Add(f, "appType", "01");
        Add(f, "medOrgOrd", FreshNo("CS"));
        Add(f, "orderStatus", "MERCHANT_WAIT_PAY");
        Add(f, "orgCode", OrgCode);
        Add(f, "patientName", "周大鹏");
        Add(f, "idType", "01");
        Add(f, "idNo", "460029196507081627");
        Add(f, "pushType", "HOSPITAL_PAYMENT");
        Add(f, "amount", "25.00");
        Add(f, "deptName", "内科");
        Add(f, "createTime", Beijing("yyyy-MM-dd HH:mm:ss", 0));
        if (Call("pushMsg", f) != "000000") // 1) 协议码
        {
            Console.WriteLine("pushMsg: 调用失败 / call failed: " + Get(answer, "message"));
            failures++;
        }
        else // 2) 业务状态
        {
            string response = Get(answer, "response");
            Console.WriteLine("pushMsg status response=" + response);
            Console.WriteLine("pushMsg: " + (response == "SUCCESS" ? "推送成功 / pushed" : "门户未接受推送 / not accepted"));
        }

        // 2. refund 平台退款申请 — keep outRefundNo: it is the only way to learn the outcome later
        string outRefundNo = FreshNo("CSR");
        f = new StringBuilder("{");
        Add(f, "ampTraceId", args[1]);
        Add(f, "traceId", args[2]);
        Add(f, "orgTraceNo", args[3]);
        Add(f, "orgCode", OrgCode);
        Add(f, "refundReason", "患者申请退款");
        Add(f, "refundAmount", "1.00");
        Add(f, "refundType", "01");
        Add(f, "outRefundNo", outRefundNo);
        Add(f, "orgRefundSn", FreshNo("CSS"));
        if (Call("refund", f) != "000000")
        {
            Console.WriteLine("refund: 结果未知或失败（" + Get(answer, "message") + "），用同一个 outRefundNo=" + outRefundNo
                + " 查询 queryRefundResult，绝不换号重退 / outcome unknown or failed: query with the same outRefundNo, never refund again");
            failures++;
        }
        else RefundVerdict("refund", outRefundNo);

        // 3. queryRefundResult 查询退款结果 — same outRefundNo (read-only: safe to repeat)
        f = new StringBuilder("{");
        Add(f, "orgCode", OrgCode);
        Add(f, "outRefundNo", outRefundNo);
        if (Call("queryRefundResult", f) != "000000")
        {
            Console.WriteLine("queryRefundResult: 查询失败，稍后再查 / query failed, try again later: " + Get(answer, "message"));
            failures++;
        }
        else RefundVerdict("queryRefundResult", outRefundNo);

        // 4. getTradeFile 对账文件获取 — yesterday (Beijing date)
        f = new StringBuilder("{");
        Add(f, "orgCode", OrgCode);
        Add(f, "billDate", Beijing("yyyy-MM-dd", 1));
        Add(f, "billType", "ALL");
        if (Call("getTradeFile", f) != "000000")
        {
            Console.WriteLine("getTradeFile: 获取失败 / failed: " + Get(answer, "message"));
            failures++;
        }
        else
        {
            Console.WriteLine("getTradeFile status digest=" + Get(answer, "digest"));
            Console.WriteLine("getTradeFile: 一分钟内下载 " + Get(answer, "downloadUrl")
                + " 并核对 SHA1 / download within one minute and check its SHA1 (onetrans bill download does both)");
        }
        return failures == 0 ? 0 : 1;
    }
}
