/* libedit (Debian's libedit-dev, pkg-config libedit) through its readline interface: the
 * REPL's line editor on a terminal, with history and completion. libedit rather than GNU
 * readline: BSD-licensed, as small, and what the design names. */
#include <stdio.h>
#include <string.h>
#include <readline.h>   /* pkg-config's -I/usr/include/editline: libedit's, not GNU's */

/* libedit's settings are C globals, which Swift 6 will not touch: set them here. */

/* The program's name for ~/.editrc, no signal handling of libedit's own (the REPL's poll
 * loop hears Ctrl-C), word breaks for completion and the completion function. */
static inline void cedit_configure(const char *name, const char *word_breaks, rl_completion_func_t *complete) {
  rl_readline_name = strdup(name);
  rl_catch_signals = 0;
  rl_completer_word_break_characters = strdup(word_breaks);
  rl_attempted_completion_function = complete;
}

/* What was typed so far on the line being edited. */
static inline const char *cedit_line_buffer(void) { return rl_line_buffer ? rl_line_buffer : ""; }

/* No space after a completed word ("floe." goes on). */
static inline void cedit_no_append(void) { rl_completion_append_character = 0; }
