/*
 * native/tests/error-table-dump.c — prints every entry of the shim's message table the way the
 * library writes it, for test/native/error-messages.test.ts:
 *   <id index> <gbk 0|1> <hex of the error JSON with a detail and, for hints, filled holes>
 * and checks, for every entry and every capacity up to the message's length + 1, that nothing
 * is written past the capacity and that the output is either the whole JSON or "".
 * Exit status 1 and a line "overflow …" on any write past the capacity.
 */
#include <stdio.h>
#include <string.h>

#include "errors.h"

static void hex(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) printf("%02x", *p);
}

int main(void) {
  /* A detail with everything that needs care: quotes, a backslash, a control character,
   * Chinese, a byte that is not UTF-8. */
  static const char detail[] = "C:\\HIS \"x\"\n\xE5\x8C\xBB\xE4\xBF\x9D\xFF end";
  static const char *const args[] = {"arg-1", "arg-2 \"q\"", "arg-3", "arg-4"};
  int bad = 0;
  for (int id = 0; id < OT_MSG_COUNT; id++) {
    for (int gbk = 0; gbk <= 1; gbk++) {
      ot_errbuf b;
      char out[4096];
      if (OT_MESSAGES[id].code[0]) {
        ot_err_begin(&b, (ot_msg)id, gbk);
        ot_err_detail(&b, detail);
      } else {
        /* a hint: appended to the start failure, as the library does */
        ot_err_begin(&b, OT_MSG_START_FAILED, gbk);
        ot_err_hint(&b, (ot_msg)id, args);
      }
      ot_err_write(&b, OT_MESSAGES[id].code[0] ? (ot_msg)id : OT_MSG_START_FAILED, out, sizeof out);
      printf("%d %d ", id, gbk);
      hex(out);
      printf("\n");
      size_t whole = strlen(out);
      for (size_t cap = 0; cap <= whole + 1; cap++) {
        char guard[4200];
        memset(guard, 0xEE, sizeof guard);
        ot_err_write(&b, OT_MESSAGES[id].code[0] ? (ot_msg)id : OT_MSG_START_FAILED, guard, cap);
        for (size_t i = cap; i < sizeof guard; i++)
          if ((unsigned char)guard[i] != 0xEE) {
            printf("overflow id=%d cap=%lu\n", id, (unsigned long)cap);
            bad = 1;
            break;
          }
        if (cap > 0 && !(guard[0] == 0 || (cap > whole && memcmp(guard, out, whole + 1) == 0))) {
          printf("partial id=%d cap=%lu\n", id, (unsigned long)cap);
          bad = 1;
        }
      }
    }
  }
  /* A detail longer than the message buffer: cut at a character boundary, still one JSON. */
  char longdetail[6000];
  for (size_t i = 0; i + 3 < sizeof longdetail; i += 3) memcpy(longdetail + i, "\xE8\xB7\xAF", 3);
  longdetail[sizeof longdetail - 3] = 0;
  char out[8192];
  ot_write_error(out, sizeof out, OT_MSG_START_FAILED, longdetail, 0);
  printf("long 0 ");
  hex(out);
  printf("\n");
  return bad;
}
