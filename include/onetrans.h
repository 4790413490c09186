/*
 * onetrans.h — drop-in replacement for the portal vendor's OneTrans.dll / libOneTrans.so.
 *
 * Build:   npm run build          (tsup bundles the runtime, then cmake-js builds the library)
 * Result:  build/Release/libOneTrans.so   (Windows: OneTrans.dll)
 *          build/Release/onetrans-bridge.cjs   the Node runtime the library drives
 *          build/Release/onetrans-bridge-body.cjs   (and the bundle that entry compiles)
 * Install: copy these files into one folder, plus OneTrans.json (optional) and node /
 *          node.exe (optional). The library finds node in this order: $ONETRANS_NODE, node
 *          beside the library, "nodePath" in OneTrans.json (or the file $ONETRANS_CONFIG
 *          names), the node CMake found at build time (posix), node on PATH. It finds its
 *          own folder with dladdr / GetModuleFileNameW, never the working directory.
 *
 * Output: NUL-terminated JSON {"code":<number>,"message":"…","data":{…}|null,"extra":"",
 * "orgId":"…"}, UTF-8, or GBK when OneTrans.json says "outputEncoding": "gbk" (the library's
 * own error messages follow that setting too). Errors are never truncated: an answer that
 * does not fit is "000002" with a short error JSON (or "" when even that does not fit).
 *
 * Every function is safe to call from any thread, concurrently. Each call ends within the
 * configured connect + read timeout plus a margin. Return values point to static storage,
 * valid for the life of the process; never free them.
 *
 * Return codes (protocol.md §5): "000000" success, "000002" the runtime could not start,
 * died or did not answer in time / the output did not fit, "000105" bad parameters
 * (NULL pointers, input not JSON…), other codes come from the portal or the client.
 *
 * How it works: the library starts a private Node runtime (onetrans-bridge.cjs) as a child
 * process on the first call and speaks length-prefixed frames to it over its stdin/stdout
 * (docs/frame-protocol.md in the source tree). The runtime is killed with its host. A runtime
 * that dies is restarted by the next call; a call whose request it had already received gets
 * "000002" (outcome unknown) and is never resent.
 */
#ifndef ONETRANS_H
#define ONETRANS_H

#if defined(_WIN32) && !defined(_WIN64)
#define ONETRANS_CALL __stdcall
#else
#define ONETRANS_CALL
#endif

#if defined(_WIN32)
#ifdef ONETRANS_BUILDING
#define ONETRANS_API __declspec(dllexport)
#else
#define ONETRANS_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define ONETRANS_API __attribute__((visibility("default")))
#else
#define ONETRANS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The vendor's entry point. pInData: NUL-terminated JSON (UTF-8, or GBK from ANSI callers).
 * pOutData: a buffer of at least the configured capacity (OneTrans.json "capacity",
 * default 8192 bytes including the NUL); the library writes NUL-terminated JSON into it.
 * Returns the code. NULL pInData or pOutData → "000105".
 */
ONETRANS_API char *ONETRANS_CALL MobileTrans(char *pInData, char *pOutData);

/*
 * Same as MobileTrans, for callers that know their buffer size: never writes more than
 * outSize bytes (including the NUL). An answer that does not fit returns "000002" and an
 * error JSON if that fits, else an empty string. outSize <= 0 → "000105", nothing written.
 */
ONETRANS_API const char *ONETRANS_CALL MobileTransEx(const char *pInData, char *pOutData, int outSize);

/* Version of the library, e.g. "0.1.0". */
ONETRANS_API const char *ONETRANS_CALL OneTransVersion(void);

#ifdef __cplusplus
}
#endif

#endif /* ONETRANS_H */
