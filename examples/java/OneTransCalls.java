/*
 * OneTransCalls.java — the four hospital → portal calls (pushMsg, refund, queryRefundResult,
 * getTradeFile) through MobileTrans with JNA (jna 5.x: Debian libjna-java, or Maven
 * net.java.dev.jna:jna). No JSON library: the request is built with an escaping appender,
 * one field of the answer is read with get().
 * 先判别协议码（返回值），再判别业务状态；退款结果未知时用同一个 outRefundNo 查询，绝不换号重退。
 *
 *   javac -cp jna.jar OneTransCalls.java
 *   java  -cp jna.jar:. OneTransCalls <portal base URL> <ampTraceId> <traceId> <orgTraceNo>
 *
 * The library: $ONETRANS_LIBRARY (full path), else "OneTrans" on jna.library.path.
 * 32-bit Windows: OneTrans.dll is __stdcall, so the calling convention is chosen at load time.
 * Buffers are byte[] so that the encoding is ours (UTF-8), not the JVM's default charset.
 * Field meanings: docs/reference/; the business fields are those of examples/calls.json.
 */
import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;

public class OneTransCalls {
    static final String APP_ID = "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN"; // the simulator's: use those the portal issued
    static final String APP_KEY = "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM";
    static final String ORG_ID = "H46010000000";
    static final String ORG_CODE = "H46040100001";
    static final String ORG_SECRET = "AMP-SIM-ORG-SECRET-0001"; // 机构获取对账文件秘钥（对接时发放）

    public interface OneTrans extends Library {
        Pointer MobileTrans(byte[] pInData, byte[] pOutData); // returns a static string: never free it
    }

    static OneTrans lib;
    static String base;
    static final byte[] out = new byte[65536]; // 出参缓冲区：至少 capacity（默认 8192）字节
    static String answer = "";

    /** Beijing time (UTC+8), whatever the machine's time zone. */
    static String beijing(String pattern, int daysBack) {
        return ZonedDateTime.now(ZoneOffset.ofHours(8)).minusDays(daysBack).format(DateTimeFormatter.ofPattern(pattern));
    }

    static int seq;
    static String freshNo(String prefix) {
        return prefix + beijing("yyyyMMddHHmmssSSS", 0) + (++seq);
    }

    /** Appends "key":"value" (JSON-escaped) to an object being built; sb starts as "{". */
    static StringBuilder add(StringBuilder sb, String key, String value) {
        if (sb.length() > 1) sb.append(',');
        sb.append('"').append(key).append("\":\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"');
    }

    /** The string (or number) value of "key" in json; "" when absent. Enough for these answers. */
    static String get(String json, String key) {
        int i = json.indexOf("\"" + key + "\"");
        if (i < 0) return "";
        i = json.indexOf(':', i + key.length() + 2) + 1;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) i++;
        StringBuilder v = new StringBuilder();
        if (i < json.length() && json.charAt(i) == '"') {
            for (i++; i < json.length() && json.charAt(i) != '"'; i++) {
                if (json.charAt(i) == '\\' && i + 1 < json.length()) i++;
                v.append(json.charAt(i));
            }
        } else {
            while (i < json.length() && ",}".indexOf(json.charAt(i)) < 0) v.append(json.charAt(i++));
        }
        return v.toString().trim();
    }

    /** Wraps the business fields in the envelope, calls MobileTrans; returns the protocol code. */
    static String call(String api, StringBuilder fields) {
        String f = fields.toString() + "}";
        System.out.println(api + " fields: " + f);
        StringBuilder env = new StringBuilder("{");
        add(env, "serverAddr", base + "/api/amp/hos/" + api);
        add(env, "appId", APP_ID);
        add(env, "appKey", APP_KEY);
        add(env, "encryptType", "SM4");
        add(env, "signType", "SM3");
        add(env, "timestamp", beijing("yyyy-MM-dd HH:mm:ss", 0));
        add(env, "version", "1.0.0");
        if (api.equals("getTradeFile")) add(env, "orgSecret", ORG_SECRET); // a credential: never printed
        String request = "{\"data\":" + env + "," + f.substring(1) + ",\"orgId\":\"" + ORG_ID + "\"}";
        out[0] = 0;
        Pointer ret = lib.MobileTrans((request + "\0").getBytes(StandardCharsets.UTF_8), out);
        String code = ret == null ? "000002" : ret.getString(0, "US-ASCII");
        int n = 0;
        while (n < out.length && out[n] != 0) n++;
        answer = new String(out, 0, n, StandardCharsets.UTF_8);
        System.out.println(api + " return=" + code);
        return code;
    }

    static void refundVerdict(String api, String outRefundNo) {
        String status = get(answer, "tradeStatus");
        System.out.println(api + " status tradeStatus=" + status);
        if (status.equals("SUCCESS") || status.equals("REFUND")) System.out.println(api + ": 退款成功 / refunded");
        else if (status.equals("FAIL")) System.out.println(api + ": 退款失败 / refund failed: " + get(answer, "tradeStatusDesc"));
        else System.out.println(api + ": 退款处理中，稍后用 outRefundNo=" + outRefundNo + " 再查 / not final yet: query again later with the same outRefundNo");
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: java OneTransCalls <portal base URL> <ampTraceId> <traceId> <orgTraceNo>");
            System.exit(2);
        }
        base = args[0].replaceAll("/+$", "");
        String path = System.getenv("ONETRANS_LIBRARY");
        int convention = Platform.isWindows() && !Platform.is64Bit() ? Function.ALT_CONVENTION : Function.C_CONVENTION;
        lib = Native.load(path != null && !path.isEmpty() ? path : "OneTrans", OneTrans.class,
                Collections.singletonMap(Library.OPTION_CALLING_CONVENTION, convention));
        int failures = 0;

        // 1. pushMsg 医疗消息推送
        StringBuilder f = new StringBuilder("{");
        add(f, "hisCustType", "01");
        add(f, "hisCustId", "532494");
        add(f, "phone", "13800000000");
        add(f, "appType", "01");
        add(f, "medOrgOrd", freshNo("JV"));
        add(f, "orderStatus", "MERCHANT_WAIT_PAY");
        add(f, "orgCode", ORG_CODE);
        add(f, "patientName", "周大鹏");
        add(f, "idType", "01");
        add(f, "idNo", "460029196507081627");
        add(f, "pushType", "HOSPITAL_PAYMENT");
        add(f, "amount", "25.00");
        add(f, "deptName", "内科");
        add(f, "createTime", beijing("yyyy-MM-dd HH:mm:ss", 0));
        if (!call("pushMsg", f).equals("000000")) { // 1) 协议码
            System.out.println("pushMsg: 调用失败 / call failed: " + get(answer, "message"));
            failures++;
        } else { // 2) 业务状态
            String response = get(answer, "response");
            System.out.println("pushMsg status response=" + response);
            System.out.println("pushMsg: " + (response.equals("SUCCESS") ? "推送成功 / pushed" : "门户未接受推送 / not accepted"));
        }

        // 2. refund 平台退款申请 — keep outRefundNo: it is the only way to learn the outcome later
        String outRefundNo = freshNo("JR");
        f = new StringBuilder("{");
        add(f, "ampTraceId", args[1]);
        add(f, "traceId", args[2]);
        add(f, "orgTraceNo", args[3]);
        add(f, "orgCode", ORG_CODE);
        add(f, "refundReason", "患者申请退款");
        add(f, "refundAmount", "1.00");
        add(f, "refundType", "01");
        add(f, "outRefundNo", outRefundNo);
        add(f, "orgRefundSn", freshNo("JS"));
        if (!call("refund", f).equals("000000")) {
            System.out.println("refund: 结果未知或失败（" + get(answer, "message") + "），用同一个 outRefundNo=" + outRefundNo
                    + " 查询 queryRefundResult，绝不换号重退 / outcome unknown or failed: query with the same outRefundNo, never refund again");
            failures++;
        } else {
            refundVerdict("refund", outRefundNo);
        }

        // 3. queryRefundResult 查询退款结果 — same outRefundNo (read-only: safe to repeat)
        f = new StringBuilder("{");
        add(f, "orgCode", ORG_CODE);
        add(f, "outRefundNo", outRefundNo);
        if (!call("queryRefundResult", f).equals("000000")) {
            System.out.println("queryRefundResult: 查询失败，稍后再查 / query failed, try again later: " + get(answer, "message"));
            failures++;
        } else {
            refundVerdict("queryRefundResult", outRefundNo);
        }

        // 4. getTradeFile 对账文件获取 — yesterday (Beijing date)
        f = new StringBuilder("{");
        add(f, "orgCode", ORG_CODE);
        add(f, "billDate", beijing("yyyy-MM-dd", 1));
        add(f, "billType", "ALL");
        if (!call("getTradeFile", f).equals("000000")) {
            System.out.println("getTradeFile: 获取失败 / failed: " + get(answer, "message"));
            failures++;
        } else {
            System.out.println("getTradeFile status digest=" + get(answer, "digest"));
            System.out.println("getTradeFile: 一分钟内下载 " + get(answer, "downloadUrl")
                    + " 并核对 SHA1 / download within one minute and check its SHA1 (onetrans bill download does both)");
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
