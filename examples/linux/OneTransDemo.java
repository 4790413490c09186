/*
 * OneTransDemo.java — calling MobileTrans in libOneTrans.so from Java through JNA
 * (用 JNA 调用 libOneTrans.so；需要 jna-5.x.jar，例如 Maven net.java.dev.jna:jna:5.14.0)。
 *
 *   javac -cp jna-5.14.0.jar OneTransDemo.java
 *   java  -cp jna-5.14.0.jar:. -Djna.library.path=/opt/onetrans-linux-x64 OneTransDemo http://门户地址
 *
 * On Linux there is no __stdcall: the interface extends plain Library (not StdCallLibrary).
 * Buffers are byte[] so that the encoding is ours (UTF-8), not the JVM's default charset.
 */
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

public class OneTransDemo {
    public interface OneTrans extends Library {
        OneTrans INSTANCE = Native.load("OneTrans", OneTrans.class); // → libOneTrans.so
        Pointer MobileTrans(byte[] pInData, byte[] pOutData);
        Pointer MobileTransEx(byte[] pInData, byte[] pOutData, int outSize);
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: java OneTransDemo <portal base URL>");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        String now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        String json = "{\"data\":{\"serverAddr\":\"" + base + "/api/amp/hos/pushMsg\","
            + "\"appId\":\"zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN\",\"appKey\":\"St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM\","
            + "\"encryptType\":\"SM4\",\"signType\":\"SM3\",\"timestamp\":\"" + now + "\",\"version\":\"1.0.0\","
            + "\"hisCustId\":\"532494\",\"appType\":\"01\",\"medOrgOrd\":\"JV" + System.currentTimeMillis() + "\","
            + "\"subOrgCode\":\"5\",\"orderStatus\":\"MERCHANT_WAIT_PAY\",\"orgCode\":\"H46040100001\","
            + "\"patientName\":\"周大鹏\",\"idType\":\"02\",\"idNo\":\"460029196507081627\","
            + "\"pushType\":\"HOSPITAL_PAYMENT\",\"deptName\":\"总院牙体牙髓科\",\"deptCode\":\"BM00100\","
            + "\"drName\":\"周小鹏\",\"drNo\":\"D460106007245\",\"createTime\":\"" + now + "\",\"extData\":null},"
            + "\"orgId\":\"H46010000000\"}";
        byte[] in = (json + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8192]; // 至少 capacity 字节
        String code = OneTrans.INSTANCE.MobileTransEx(in, out, out.length).getString(0, "US-ASCII"); // 不要释放
        int n = 0;
        while (n < out.length && out[n] != 0) n++;
        System.out.println("return: " + code);
        System.out.println("output: " + new String(out, 0, n, StandardCharsets.UTF_8));
        System.exit("000000".equals(code) ? 0 : 1);
    }
}
