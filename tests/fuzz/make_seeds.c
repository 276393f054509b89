/* Writes the fuzz targets' seed corpora from the golden envelopes of the
 * GoogleTest suites, so the fuzzers start from real traffic:
 *
 *   build-fuzz/make_seeds tests/fuzz <every tests/core .cc file>   (scripts/fuzz.sh --seeds)
 *
 * It reads every raw string literal R"(...)" of the given sources that is JSON:
 *   - an object with a "type" is an envelope: a seed of fuzz_envelope;
 *   - an object right after a method name ("callEnded", R"(...)") is that SDK
 *     call's payload: a widget script, after a handshake, makes the call;
 *   - any other object or array of rest_test.cc is a REST body: a seed of
 *     fuzz_rest for each kind;
 *   - within one TEST, the lines "H>W {...}" / "W>H {...}" of a golden
 *     exchange become one script for fuzz_session_widget and one for
 *     fuzz_session_host (format in session_script.h): what the peer sent is
 *     received, what the session itself sent is the matching SDK call;
 *   - every envelope without a direction is also received, after a
 *     handshake, by a session of each role (the host then also sends it).
 * It also writes callcore.dict (message types, methods, enum values) for
 * libFuzzer's -dict. Files are named golden-<source>-<n>; old ones are removed
 * first, so running it twice gives the same corpus. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "callcore.h"

static const char *out_root;
static cJSON *type_to_method; /* from the catalogue: "CALL_ENDED" -> "callEnded" */
static cJSON *type_to_method_values; /* the methods themselves: "callEnded" -> "CALL_ENDED" */

static void die(const char *what, const char *detail) {
  fprintf(stderr, "make_seeds: %s %s\n", what, detail ? detail : "");
  exit(1);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot read", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)n + 1);
  if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) die("cannot read", path);
  text[n] = '\0';
  fclose(f);
  return text;
}

static void write_seed(const char *target, const char *stem, int *counter, const char *bytes, size_t size) {
  char path[1024];
  snprintf(path, sizeof path, "%s/corpus/%s/golden-%s-%03d", out_root, target, stem, ++*counter);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(bytes, 1, size, f) != size || fclose(f) != 0) die("cannot write", path);
}

/* A fresh corpus folder: the golden-* seeds of an earlier run are removed;
 * anything else in it (a minimised crash input kept on purpose) stays. */
static void prepare_dir(const char *target) {
  char path[1024];
  snprintf(path, sizeof path, "%s/corpus", out_root);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/corpus/%s", out_root, target);
  if (mkdir(path, 0755) != 0 && errno != EEXIST) die("cannot create", path);
  DIR *dir = opendir(path);
  if (!dir) die("cannot list", path);
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (strncmp(entry->d_name, "golden-", 7) != 0) continue;
    char file[1300];
    snprintf(file, sizeof file, "%s/%s", path, entry->d_name);
    remove(file);
  }
  closedir(dir);
}

/* ---- scripts ---- */

typedef struct script {
  char *text;
  size_t size, capacity;
} script;

static void add(script *s, const char *text) {
  size_t n = strlen(text);
  if (s->size + n + 1 > s->capacity) {
    s->capacity = (s->size + n + 1) * 2;
    s->text = realloc(s->text, s->capacity);
    if (!s->text) die("out of memory", NULL);
  }
  memcpy(s->text + s->size, text, n + 1);
  s->size += n;
}

static void add_line(script *s, const char *op, const char *arg) {
  add(s, op);
  if (arg) add(s, arg);
  add(s, "\n");
}

static char *compact(const cJSON *item) {
  char *text = cJSON_PrintUnformatted(item);
  if (!text) die("out of memory", NULL);
  return text;
}

/* What the session itself sent, as the call that sends it: the SDK method
 * with its data, or sendMessage with the envelope (messageId dropped: the
 * session numbers its own). */
static void add_own_send(script *s, const cJSON *envelope) {
  const char *type = cJSON_GetObjectItemCaseSensitive(envelope, "type")->valuestring;
  const cJSON *method = cJSON_GetObjectItemCaseSensitive(type_to_method, type);
  if (cJSON_IsString(method)) {
    add(s, "C");
    add(s, method->valuestring);
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(envelope, "data");
    if (data) {
      char *text = compact(data);
      add(s, " ");
      add(s, text);
      free(text);
    }
    add(s, "\n");
    return;
  }
  cJSON *copy = cJSON_Duplicate(envelope, 1);
  cJSON_DeleteItemFromObjectCaseSensitive(copy, "messageId");
  char *text = compact(copy);
  add_line(s, "CsendMessage ", text);
  free(text);
  cJSON_Delete(copy);
}

/* The golden handshake (Appendix A's instance ids and origins, which the
 * fuzz sessions use): the widget receives the host's SYNC and initialises;
 * the host loads the iframe at kT0 and receives the SYNC_ACK and INITIALIZED. */
static const char WIDGET_PRELUDE[] =
    "R{\"type\":\"SYNC\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"1724412340000_1724412345120\"}\n"
    "Cinitialized {\"isLoggedIn\":true}\n";
static const char HOST_PRELUDE[] =
    "L\n"
    "R{\"type\":\"SYNC_ACK\",\"hostUrl\":\"https://app.hubspot.com\",\"messageId\":\"1724412340000_1724412345120\","
    "\"debugMode\":false,\"version\":\"0.9.7\",\"iFrameUrl\":\"https://widget.example.com\"}\n"
    "R{\"type\":\"INITIALIZED\",\"data\":{\"isLoggedIn\":true},\"messageId\":\"1724412345000_1724412345130\"}\n";

typedef struct flow {
  script widget, host;
  int lines, host_loaded;
} flow;

static void flow_add(flow *f, int host_to_widget, const cJSON *envelope) {
  const char *type = cJSON_GetObjectItemCaseSensitive(envelope, "type")->valuestring;
  char *text = compact(envelope);
  if (host_to_widget) {
    add_line(&f->widget, "R", text);
    if (strcmp(type, "SYNC") == 0) add_line(&f->host, f->host_loaded++ ? "T100" : "L", NULL);
    else add_own_send(&f->host, envelope);
  } else {
    add_line(&f->host, "R", text);
    if (strcmp(type, "SYNC_ACK") != 0) add_own_send(&f->widget, envelope);
  }
  free(text);
  f->lines++;
}

static void flow_write(flow *f, const char *stem, int *widget_n, int *host_n) {
  if (f->lines) {
    /* Three times each: policy warn (config 1), strict (config 2), and warn with the web glue's
     * options (bit 5: deliver, previewDispatch, postAsIs; see session_script.h). */
    static const char configs[] = {1, 2, 1 | 0x20};
    for (size_t c = 0; c < sizeof configs; c++) {
      char config = configs[c];
      script w = {0}, h = {0};
      char head[2] = {config, 0};
      add(&w, head);
      add(&w, f->widget.text);
      add(&h, head);
      add(&h, f->host.text);
      write_seed("fuzz_session_widget", stem, widget_n, w.text, w.size);
      write_seed("fuzz_session_host", stem, host_n, h.text, h.size);
      free(w.text);
      free(h.text);
    }
  }
  free(f->widget.text);
  free(f->host.text);
  memset(f, 0, sizeof *f);
  add(&f->widget, "");
  add(&f->host, "");
}

/* ---- one source file ---- */

static const char *const REST_KINDS = "\x00\x01\x02\x03\x04\x05"; /* fuzz_rest's first byte: the kind */

static void harvest(const char *path) {
  char *source = read_file(path);
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  char stem[128];
  snprintf(stem, sizeof stem, "%.*s", (int)strcspn(base, "."), base);
  int envelope_n = 0, rest_n = 0, widget_n = 0, host_n = 0;
  flow f = {0};
  add(&f.widget, "");
  add(&f.host, "");

  for (const char *p = source; (p = strstr(p, "R\"(")) != NULL;) {
    const char *start = p + 3, *end = strstr(start, ")\"");
    if (!end) break;
    p = end + 2;
    size_t n = (size_t)(end - start);
    char *literal = malloc(n + 1);
    memcpy(literal, start, n);
    literal[n] = '\0';
    /* A literal right after "<method>", is that method's payload: must_call(s, "callEnded", R"(...)"). */
    char called[64] = "";
    const char *before = start - 3;
    while (before > source && (before[-1] == ' ' || before[-1] == '\n')) before--;
    if (before > source && before[-1] == ',' && before - 2 > source && before[-2] == '"') {
      const char *name_end = before - 2, *name = name_end;
      while (name > source && name[-1] != '"') name--;
      if ((size_t)(name_end - name) < sizeof called) snprintf(called, sizeof called, "%.*s", (int)(name_end - name), name);
    }
    int direction = -1; /* 1: H>W, 0: W>H, -1: none */
    const char *json = literal;
    if (strncmp(literal, "H>W ", 4) == 0) direction = 1, json += 4;
    else if (strncmp(literal, "W>H ", 4) == 0) direction = 0, json += 4;
    cJSON *value = cJSON_Parse(json);
    if (value && (cJSON_IsObject(value) || cJSON_IsArray(value))) {
      char *text = compact(value);
      const cJSON *type = cJSON_GetObjectItemCaseSensitive(value, "type");
      if (cJSON_IsString(type) && type->valuestring[0]) {
        write_seed("fuzz_envelope", stem, &envelope_n, text, strlen(text));
        if (direction >= 0) {
          flow_add(&f, direction, value);
        } else {
          script w = {0}, h = {0};
          add(&w, "\x01");
          add(&w, WIDGET_PRELUDE);
          add_line(&w, "R", text);
          add(&h, "\x01");
          add(&h, HOST_PRELUDE);
          add_line(&h, "R", text);
          add_line(&h, "CsendMessage ", text);
          write_seed("fuzz_session_widget", stem, &widget_n, w.text, w.size);
          write_seed("fuzz_session_host", stem, &host_n, h.text, h.size);
          free(w.text);
          free(h.text);
        }
      } else if (!type && cJSON_IsObject(value) && called[0] && cJSON_GetObjectItemCaseSensitive(type_to_method_values, called)) {
        /* The payload of an SDK call: made by a widget after the handshake. */
        script w = {0};
        add(&w, "\x01");
        add(&w, WIDGET_PRELUDE);
        add(&w, "C");
        add(&w, called);
        add_line(&w, " ", text);
        write_seed("fuzz_session_widget", stem, &widget_n, w.text, w.size);
        free(w.text);
      } else if (!type && strstr(stem, "rest")) {
        for (int k = 0; k < 6; k++) {
          size_t size = strlen(text) + 1;
          char *seed = malloc(size);
          seed[0] = REST_KINDS[k];
          memcpy(seed + 1, text, size - 1);
          write_seed("fuzz_rest", stem, &rest_n, seed, size);
          free(seed);
        }
      }
      free(text);
    }
    cJSON_Delete(value);
    free(literal);
    /* The end of a TEST body: the next "\nTEST" comes before the next literal. */
    const char *next_test = strstr(p, "\nTEST");
    const char *next_literal = strstr(p, "R\"(");
    if (next_test && (!next_literal || next_test < next_literal)) flow_write(&f, stem, &widget_n, &host_n);
  }
  flow_write(&f, stem, &widget_n, &host_n);
  free(f.widget.text);
  free(f.host.text);
  printf("%s: %d envelopes, %d REST seeds, %d widget and %d host scripts\n", base, envelope_n, rest_n, widget_n,
         host_n);
  free(source);
}

/* ---- the dictionary ---- */

static void dict_entry(FILE *f, const char *word) {
  fputc('"', f);
  for (const char *c = word; *c; c++) {
    unsigned char byte = (unsigned char)*c;
    if (byte < 0x20 || byte >= 0x7f) fprintf(f, "\\x%02X", byte); /* libFuzzer reads \xNN */
    else if (byte == '"' || byte == '\\') fprintf(f, "\\%c", byte);
    else fputc(byte, f);
  }
  fputs("\"\n", f);
}

static void write_dict(const cJSON *catalog) {
  char path[1024];
  snprintf(path, sizeof path, "%s/callcore.dict", out_root);
  FILE *f = fopen(path, "w");
  if (!f) die("cannot write", path);
  fputs("# libFuzzer dictionary, written by make_seeds from callcore_catalog_json()\n", f);
  const cJSON *item;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(catalog, "messages"))
      dict_entry(f, cJSON_GetObjectItemCaseSensitive(item, "type")->valuestring);
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(catalog, "methods")) dict_entry(f, item->string);
  const cJSON *list;
  cJSON_ArrayForEach(list, cJSON_GetObjectItemCaseSensitive(catalog, "enums"))
      cJSON_ArrayForEach(item, list) if (cJSON_IsString(item)) dict_entry(f, item->valuestring);
  static const char *const words[] = {"type", "data", "messageId", "externalCallId", "engagementId",
                                      "phoneNumber", "createEngagement", "callEndStatus", "hostUrl",
                                      "iFrameUrl", CALLCORE_UNDEFINED};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) dict_entry(f, words[i]);
  fclose(f);
}

int main(int argc, char **argv) {
  if (argc < 3) die("usage: make_seeds <tests/fuzz> <source.cc>...", NULL);
  out_root = argv[1];
  char *catalog_text = callcore_catalog_json();
  cJSON *catalog = cJSON_Parse(catalog_text);
  callcore_free(catalog_text);
  if (!catalog) die("the catalogue is not JSON", NULL);
  type_to_method = cJSON_CreateObject();
  type_to_method_values = cJSON_GetObjectItemCaseSensitive(catalog, "methods");
  const cJSON *method;
  cJSON_ArrayForEach(method, cJSON_GetObjectItemCaseSensitive(catalog, "methods"))
      cJSON_AddStringToObject(type_to_method, method->valuestring, method->string);
  const char *targets[] = {"fuzz_envelope", "fuzz_rest", "fuzz_session_widget", "fuzz_session_host"};
  for (size_t i = 0; i < 4; i++) prepare_dir(targets[i]);
  for (int i = 2; i < argc; i++) harvest(argv[i]);
  write_dict(catalog);
  cJSON_Delete(type_to_method);
  cJSON_Delete(catalog);
  return 0;
}
