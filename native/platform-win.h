/*
 * native/platform-win.h — what platform-win.c shares with child-win.c (Windows only).
 */
#ifndef ONETRANS_PLATFORM_WIN_H
#define ONETRANS_PLATFORM_WIN_H

#include <wchar.h>

/* UTF-8 → a malloc'd UTF-16 string (NULL on failure). */
wchar_t *ot_to_wide(const char *s);
/* UTF-16 → UTF-8 into buf. Returns 0 when it fits. */
int ot_to_utf8(const wchar_t *w, char *buf, size_t size);

#endif
