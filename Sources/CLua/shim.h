/*
 * The C side of floe's Lua boundary. Swift imports only this header.
 *
 * Everything here is `static inline`: a system-library target cannot hold .c files.
 * Each function carries one comment saying which macro or rule it stands in for.
 * A `static inline` function may exist once per Swift module (or object file) that uses
 * it: never compare their addresses, and keep no `static` state here.
 *
 * The rule this file exists for: a Lua error never unwinds (longjmp) through a Swift
 * frame. Swift functions registered with Lua are all called through `clua_trampoline`,
 * which raises the error value a Swift function left on the stack after Swift returned.
 */
#ifndef FLOE_CLUA_SHIM_H
#define FLOE_CLUA_SHIM_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------ */
/* The per-state context: one block, owned by the Swift runtime, whose pointer sits in   */
/* the state's extra space (copied into every coroutine at creation).                    */
/* ------------------------------------------------------------------------------------ */

/* What a Swift callback returns to ask the trampoline to raise the value on top. */
#define CLUA_RAISE (-1)

/* Why the limits hook stopped Lua code. */
#define CLUA_TRIP_NONE 0
#define CLUA_TRIP_INSTRUCTIONS 1
#define CLUA_TRIP_INTERRUPT 2

/* The metatable name of floe's error values (kept in sync with Registry.swift). */
#define CLUA_ERROR_TYPE "floe.Error"

/* User values of a floe.Error userdata. */
#define CLUA_ERROR_CODE 1
#define CLUA_ERROR_MESSAGE 2
#define CLUA_ERROR_TRACEBACK 3
#define CLUA_ERROR_WHERE 4

/* The Swift entry point every registered function goes through; `function` is the
 * upvalue the function was registered with. Returns a result count or CLUA_RAISE. */
typedef int (*clua_Dispatch)(lua_State *L, void *function);

typedef struct clua_Context {
  void *host;                    /* the Swift runtime, unretained */
  clua_Dispatch dispatch;        /* Swift's dispatcher */
  unsigned int phase;            /* where Lua code runs now (Swift's Phase bits) */
  /* memory (the counting allocator) */
  size_t mem_used;
  size_t mem_peak;
  size_t mem_limit;              /* bytes; 0 means no cap */
  int mem_enforced;              /* nonzero only while Lua code runs under the executor */
  int mem_refused;               /* the cap refused an allocation since the last reset */
  /* instructions (the count hook) */
  int hook_step;                 /* the hook fires every hook_step instructions */
  long long budget_limit;        /* instructions per top-level call; 0 means no limit */
  long long budget_left;
  int tripped;                   /* CLUA_TRIP_*: why Lua code is being stopped */
  volatile sig_atomic_t interrupt; /* set by SIGINT; read by the hook and the scheduler */
  /* warnings (lua_setwarnf) */
  int warn_on;
  int warn_cont;
} clua_Context;

/* lua_getextraspace: the context pointer of any thread of the state. */
static inline clua_Context *clua_context(lua_State *L) {
  return *(clua_Context **)lua_getextraspace(L);
}

/* ------------------------------------------------------------------------------------ */
/* Macro replacements (function-like macros do not import into Swift).                   */
/* ------------------------------------------------------------------------------------ */

/* LUA_COPYRIGHT (a concatenation of macros Swift cannot import) */
static inline const char *clua_copyright(void) { return LUA_COPYRIGHT; }
/* lua_writestring / lua_writestringerror: the C streams Lua's print and warnings use, as
 * functions (Swift 6 refuses C's mutable globals `stdout` and `stderr`) */
static inline void clua_write(int to_stderr, const char *s, size_t len) {
  FILE *f = to_stderr ? stderr : stdout;
  if (to_stderr) fflush(stdout);
  fwrite(s, 1, len, f);
  fflush(f);
}
/* lua_pop */
static inline void clua_pop(lua_State *L, int n) { lua_settop(L, -(n) - 1); }
/* lua_gc(L, LUA_GCCOLLECT): a full collection (lua_gc is variadic, which Swift cannot call) */
static inline void clua_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }
/* lua_newtable */
static inline void clua_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
/* lua_upvalueindex */
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }
/* LUA_REGISTRYINDEX (a macro expression Swift cannot import) */
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
/* lua_tostring: no conversion of numbers happens for strings; callers check the type first */
static inline const char *clua_tostring(lua_State *L, int i, size_t *len) { return lua_tolstring(L, i, len); }
/* lua_insert */
static inline void clua_insert(lua_State *L, int i) { lua_rotate(L, i, 1); }
/* lua_remove */
static inline void clua_remove(lua_State *L, int i) { lua_rotate(L, i, -1); lua_settop(L, -2); }
/* lua_replace */
static inline void clua_replace(lua_State *L, int i) { lua_copy(L, -1, i); lua_settop(L, -2); }
/* lua_isnoneornil */
static inline int clua_isnoneornil(lua_State *L, int i) { return lua_type(L, i) <= 0; }
/* lua_pushglobaltable */
static inline void clua_pushglobaltable(lua_State *L) { lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); }
/* luaL_getmetatable */
static inline int clua_getmetatable(lua_State *L, const char *name) { return lua_getfield(L, LUA_REGISTRYINDEX, name); }
/* lua_pcall, for the executor only (conventions: one way to call Lua) */
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int handler) {
  return lua_pcallk(L, nargs, nresults, handler, 0, NULL);
}
/* lua_newuserdata with one pointer slot and no user values: a boxed Swift object */
static inline void **clua_newbox(lua_State *L) {
  void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
  *slot = NULL; /* created closed: the owner is stored only once the metatable is set */
  return slot;
}
/* luaL_testudata for a boxed Swift object: the slot, or NULL when not of that type */
static inline void **clua_testbox(lua_State *L, int i, const char *type) {
  return (void **)luaL_testudata(L, i, type);
}

/* ------------------------------------------------------------------------------------ */
/* floe.Error values, creatable without Swift (the hook raises them too).                */
/* ------------------------------------------------------------------------------------ */

/* Pushes a floe.Error with the given code and message (stack: +1). */
static inline void clua_pusherror(lua_State *L, const char *code, size_t codelen,
                                  const char *message, size_t messagelen) {
  lua_newuserdatauv(L, 0, 4);
  lua_pushlstring(L, code, codelen);
  lua_setiuservalue(L, -2, CLUA_ERROR_CODE);
  lua_pushlstring(L, message, messagelen);
  lua_setiuservalue(L, -2, CLUA_ERROR_MESSAGE);
  luaL_setmetatable(L, CLUA_ERROR_TYPE);
}

/* Rule: an error raised from Swift names the Lua line that called Swift (user value 4). */
static inline void clua_addwhere(lua_State *L) {
  if (!luaL_testudata(L, -1, CLUA_ERROR_TYPE)) return;
  if (lua_getiuservalue(L, -1, CLUA_ERROR_WHERE) == LUA_TNIL) {
    lua_pop(L, 1);
    luaL_where(L, 1);  /* level 1: the Lua function that called the C function */
    lua_setiuservalue(L, -2, CLUA_ERROR_WHERE);
  } else {
    lua_pop(L, 1);
  }
}

/* ------------------------------------------------------------------------------------ */
/* The trampoline: the one C function through which Lua calls every Swift function.       */
/* ------------------------------------------------------------------------------------ */

/* Rule: Swift returns before anything raises; the memory cap is off while Swift runs. */
static inline int clua_trampoline(lua_State *L) {
  clua_Context *c = clua_context(L);
  int enforced = c->mem_enforced;
  c->mem_enforced = 0;
  int n = c->dispatch(L, lua_touserdata(L, lua_upvalueindex(1)));
  c->mem_enforced = enforced;
  if (n == CLUA_RAISE) {
    clua_addwhere(L);
    return lua_error(L);
  }
  return n;
}

/* lua_pushcclosure for a Swift function: the trampoline with the function as upvalue 1. */
static inline void clua_pushswift(lua_State *L, void *function) {
  lua_pushlightuserdata(L, function);
  lua_pushcclosure(L, clua_trampoline, 1);
}

/* ------------------------------------------------------------------------------------ */
/* Limits: the counting allocator and the instruction-count hook.                        */
/* ------------------------------------------------------------------------------------ */

/* lua_Alloc modelled on lauxlib's l_alloc, counting bytes; refuses only while Lua runs. */
static inline void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  clua_Context *c = (clua_Context *)ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    c->mem_used -= old;
    return NULL;
  }
  if (nsize > old && c->mem_enforced && c->mem_limit != 0 &&
      c->mem_used - old + nsize > c->mem_limit) {
    c->mem_refused = 1;
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (p == NULL) return NULL;
  c->mem_used = c->mem_used - old + nsize;
  if (c->mem_used > c->mem_peak) c->mem_peak = c->mem_used;
  return p;
}

/* Pushes the floe.Error that says why the hook stopped Lua code. */
static inline void clua_pushtrip(lua_State *L, clua_Context *c) {
  if (c->tripped == CLUA_TRIP_INTERRUPT) {
    static const char code[] = "Interrupted", msg[] = "stopped by Ctrl-C";
    clua_pusherror(L, code, sizeof code - 1, msg, sizeof msg - 1);
  } else {
    static const char code[] = "InstructionLimitExceeded";
    char msg[96];
    int len = snprintf(msg, sizeof msg, "instruction limit of %lld exceeded", c->budget_limit);
    clua_pusherror(L, code, sizeof code - 1, msg, (size_t)len);
  }
  /* Where it stopped, as every error floe raises says: level 0 is the Lua function the hook interrupted. */
  luaL_where(L, 0);
  lua_setiuservalue(L, -2, CLUA_ERROR_WHERE);
}

/* lua_Hook (count): charges the budget and reads the interrupt flag. Once tripped it
 * re-arms itself to fire on every instruction, so `pcall` in a script cannot swallow it
 * (Redis's luaMaskCountHook). The executor resets it when the top-level call ends. */
static inline void clua_counthook(lua_State *L, lua_Debug *ar) {
  clua_Context *c = clua_context(L);
  (void)ar;
  if (c->tripped == CLUA_TRIP_NONE) {
    if (c->interrupt) {
      c->interrupt = 0;
      c->tripped = CLUA_TRIP_INTERRUPT;
    } else if (c->budget_limit > 0) {
      c->budget_left -= c->hook_step;
      if (c->budget_left <= 0) c->tripped = CLUA_TRIP_INSTRUCTIONS;
    }
    if (c->tripped == CLUA_TRIP_NONE) return;
  }
  lua_sethook(L, clua_counthook, LUA_MASKCOUNT, 1);
  clua_pushtrip(L, c);
  lua_error(L);
}

/* lua_sethook with floe's count hook at the context's step (install and re-arm). */
static inline void clua_armhook(lua_State *L) {
  clua_Context *c = clua_context(L);
  lua_sethook(L, clua_counthook, LUA_MASKCOUNT, c->hook_step > 0 ? c->hook_step : 1000);
}

/* ------------------------------------------------------------------------------------ */
/* The message handler of the executor's protected call (lua.c's msghandler).            */
/* ------------------------------------------------------------------------------------ */

/* luaL_tolstring as a C function, so the handler can call __tostring protected. */
static inline int clua_tolstring(lua_State *L) {
  luaL_tolstring(L, 1, NULL);
  return 1;
}

/* lua.c's msghandler, but every error leaves it as a floe.Error with a traceback:
 * floe.Error values keep their code (the traceback goes in user value 3, the value is
 * not stringified); strings and other values become code "LuaError". A __tostring that
 * fails is reported, not re-raised. */
static inline int clua_msghandler(lua_State *L) {
  if (luaL_testudata(L, 1, CLUA_ERROR_TYPE)) {
    if (lua_getiuservalue(L, 1, CLUA_ERROR_TRACEBACK) == LUA_TNIL) {
      luaL_traceback(L, L, NULL, 1);
      lua_setiuservalue(L, 1, CLUA_ERROR_TRACEBACK);
    }
    lua_settop(L, 1);
    return 1;
  }
  size_t len = 0;
  const char *msg = NULL;
  int t = lua_type(L, 1);
  if (t == LUA_TSTRING || t == LUA_TNUMBER) {
    msg = lua_tolstring(L, 1, &len);
  } else if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushcfunction(L, clua_tolstring);
    lua_pushvalue(L, 1);
    if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) {
      msg = lua_tolstring(L, -1, &len);
    } else {
      const char *why = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "it did not return a string";
      msg = lua_pushfstring(L, "(error object is a %s value whose __tostring failed: %s)",
                            luaL_typename(L, 1), why);
      len = strlen(msg);
    }
  } else {
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    len = strlen(msg);
  }
  static const char code[] = "LuaError";
  clua_pusherror(L, code, sizeof code - 1, msg, len);
  luaL_traceback(L, L, NULL, 1);
  lua_setiuservalue(L, -2, CLUA_ERROR_TRACEBACK);
  return 1;
}

/* ------------------------------------------------------------------------------------ */
/* Warnings (lauxlib's warnfoff/warnfon/warnfcont, with the switch in the context).       */
/* ------------------------------------------------------------------------------------ */

/* lua_WarnFunction: "@on"/"@off" control messages; pieces joined until the last one. */
static inline void clua_warn(void *ud, const char *message, int tocont) {
  clua_Context *c = (clua_Context *)ud;
  if (!c->warn_cont && message[0] == '@') {
    if (strcmp(message, "@off") == 0) c->warn_on = 0;
    else if (strcmp(message, "@on") == 0) c->warn_on = 1;
    return;
  }
  if (c->warn_on) {
    if (!c->warn_cont) fputs("Lua warning: ", stderr);
    fputs(message, stderr);
    if (!tocont) {
      fputs("\n", stderr);
      fflush(stderr);
    }
  }
  c->warn_cont = tocont;
}

/* lua_atpanic: an error outside any protected call (only a real out-of-memory can get
 * here); say so plainly instead of Lua's bare abort. */
static inline int clua_panic(lua_State *L) {
  const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error object is not a string";
  fprintf(stderr, "floe: unprotected error in the Lua host (%s)\n", msg);
  fflush(stderr);
  return 0; /* Lua aborts */
}

/* lua_newstate with floe's allocator, extra space, hook, warnings and panic handler. */
static inline lua_State *clua_newstate(clua_Context *c) {
  lua_State *L = lua_newstate(clua_alloc, c);
  if (L == NULL) return NULL;
  *(clua_Context **)lua_getextraspace(L) = c;
  lua_atpanic(L, clua_panic);
  lua_setwarnf(L, clua_warn, c);
  clua_armhook(L);
  return L;
}

#endif
