/**
 * Functions that Windows XP SP3 (32-bit) exports from the three DLLs OneTrans.dll may import
 * (issue 20: the x86 DLL must load on XP). Each name here is documented by Microsoft with a
 * minimum supported client of Windows 2000 or XP, or is part of XP's msvcrt.dll / ws2_32.dll.
 * The list is deliberately not exhaustive: a new import that is not in it fails
 * test/windows/xp-imports.test.ts until someone checks the function exists on XP SP3 and adds
 * it here (or looks it up at run time with GetProcAddress, as child-win.c does for the
 * Vista-only process attribute list).
 */
export const XP_SP3_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  'kernel32.dll': [
    'AddVectoredExceptionHandler', 'AssignProcessToJobObject', 'CloseHandle', 'CreateDirectoryW', 'CreateEventA', 'CreateEventW',
    'CreateFileA', 'CreateFileW', 'CreateJobObjectW', 'CreateMutexW', 'CreatePipe', 'CreateProcessW',
    'CreateSemaphoreW', 'CreateThread', 'DeleteCriticalSection', 'DuplicateHandle', 'EnterCriticalSection',
    'ExitProcess', 'ExitThread', 'FindClose', 'FindFirstFileW', 'FindNextFileW', 'FormatMessageA', 'FormatMessageW',
    'FreeLibrary', 'GetACP', 'GetCommandLineA', 'GetCommandLineW', 'GetCurrentProcess', 'GetCurrentProcessId',
    'GetCurrentThread', 'GetCurrentThreadId', 'GetEnvironmentVariableA', 'GetEnvironmentVariableW',
    'GetExitCodeProcess', 'GetExitCodeThread', 'GetFileAttributesA', 'GetFileAttributesW', 'GetFileSize',
    'GetFileType', 'GetLastError', 'GetModuleFileNameA', 'GetModuleFileNameW', 'GetModuleHandleA',
    'GetModuleHandleExA', 'GetModuleHandleExW', 'GetModuleHandleW', 'GetNamedPipeInfo', 'GetNativeSystemInfo',
    'GetProcAddress', 'GetProcessHeap', 'GetStartupInfoA', 'GetStdHandle', 'GetSystemInfo',
    'GetSystemTimeAsFileTime', 'GetTickCount', 'GetVersionExA', 'GetVersionExW', 'HeapAlloc', 'HeapFree',
    'HeapReAlloc', 'InitializeCriticalSection', 'InitializeCriticalSectionAndSpinCount',
    'InterlockedCompareExchange', 'InterlockedDecrement', 'InterlockedExchange', 'InterlockedIncrement',
    'IsDBCSLeadByteEx', 'IsDebuggerPresent', 'LeaveCriticalSection', 'LoadLibraryA', 'LoadLibraryW', 'LocalFree',
    'MultiByteToWideChar', 'PeekNamedPipe', 'QueryPerformanceCounter', 'QueryPerformanceFrequency',
    'RaiseException', 'ReadFile', 'ReleaseMutex', 'ReleaseSemaphore', 'ResetEvent', 'ResumeThread', 'RtlUnwind',
    'SetEvent', 'SetHandleInformation', 'SetInformationJobObject', 'SetLastError', 'SetUnhandledExceptionFilter',
    'Sleep', 'TerminateProcess', 'TlsAlloc', 'TlsFree', 'TlsGetValue', 'TlsSetValue', 'TryEnterCriticalSection',
    'UnhandledExceptionFilter', 'VirtualAlloc', 'VirtualFree', 'VirtualProtect', 'VirtualQuery',
    'WaitForMultipleObjects', 'WaitForSingleObject', 'WideCharToMultiByte', 'WriteFile',
  ],
  'msvcrt.dll': [
    '__getmainargs', '__mb_cur_max', '__p__environ', '__p__fmode', '__set_app_type', '__setusermatherr',
    '_amsg_exit', '_beginthreadex', '_cexit', '_endthreadex', '_errno', '_exit', '_fmode', '_initterm', '_iob',
    '_lock', '_onexit', '_snprintf', '_snwprintf', '_stricmp', '_strdup', '_unlock', '_vsnprintf', '_wcsicmp',
    '_wfopen', 'abort', 'atexit', 'atoi', 'calloc', 'exit', 'fclose', 'fflush', 'fopen', 'fprintf', 'fputc', 'fputs',
    'free', 'fwrite', 'getenv', 'localeconv', 'malloc', 'memchr', 'memcmp', 'memcpy', 'memmove', 'memset', 'printf',
    'puts', 'qsort', 'realloc', 'setlocale', 'signal', 'sprintf', 'strchr', 'strcmp', 'strcpy', 'strerror', 'strlen',
    'strncmp', 'strncpy', 'strpbrk', 'strrchr', 'strstr', 'strtol', 'strtoul', 'tolower', 'vfprintf', 'wcschr', 'wcscmp',
    'wcscpy', 'wcslen', 'wcsncmp', 'wcspbrk', 'wcsrchr', 'wcsstr',
  ],
  'ws2_32.dll': [
    'WSACleanup', 'WSAGetLastError', 'WSAIoctl', 'WSASetLastError', 'WSAStartup', '__WSAFDIsSet', 'accept', 'bind',
    'closesocket', 'connect', 'freeaddrinfo', 'getaddrinfo', 'gethostbyname', 'getnameinfo', 'getpeername',
    'getsockname', 'getsockopt', 'htonl', 'htons', 'inet_addr', 'inet_ntoa', 'ioctlsocket', 'listen', 'ntohl',
    'ntohs', 'recv', 'recvfrom', 'select', 'send', 'sendto', 'setsockopt', 'shutdown', 'socket',
  ],
};

/** `objdump -p` of a PE file → imported functions by DLL (lower-case DLL names). */
export function importsByDll(dump: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of dump.split('\n')) {
    const dll = /^\s*DLL Name: (\S+)/.exec(line);
    if (dll) {
      current = [];
      out.set(dll[1]!.toLowerCase(), current);
      continue;
    }
    if (/^\s*$/.test(line)) continue;
    const fn = /^\s+[0-9a-f]+\s+(\d+)\s+([A-Za-z_][\w@?$]*)\s*$/.exec(line);
    if (fn && current) current.push(fn[2]!);
    else if (/^\S/.test(line)) current = undefined; // the next section of the dump
  }
  return out;
}

/** Every import that XP SP3 would not resolve: "dll!function". */
export function importsMissingOnXp(dump: string): string[] {
  const bad: string[] = [];
  for (const [dll, fns] of importsByDll(dump)) {
    const known = XP_SP3_EXPORTS[dll];
    if (!known) {
      bad.push(`${dll}!*`);
      continue;
    }
    for (const f of fns) if (!known.includes(f)) bad.push(`${dll}!${f}`);
  }
  return bad.sort();
}
