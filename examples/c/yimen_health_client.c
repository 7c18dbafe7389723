/*
 * yimen_health_client — a Yimen client in plain C, with only libzmq and protobuf-c.
 *
 * It calls the gateway's built-in grpc.health.v1.Health service over the Yimen wire protocol
 * (docs/protocol.md): a unary Check, or a server-streaming Watch that it cancels after N
 * messages. It is meant to be read: every frame it sends and every check it makes on what it
 * receives follows the protocol document section by section.
 *
 *   yimen_health_client [--gateway ENDPOINT] [--timeout-ms N] [-v] check [SERVICE]
 *   yimen_health_client [--gateway ENDPOINT] [--timeout-ms N] [-v] watch [SERVICE] [--count N]
 *
 * Exit status: 0 on success; 64 + the gRPC status code when the call fails (like grpcurl),
 * e.g. 69 for NOT_FOUND, 68 for DEADLINE_EXCEEDED, 78 for UNAVAILABLE; 2 for a usage error;
 * 1 for a local failure (libzmq or memory); 130 when interrupted.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zmq.h>

#include "grpc/health/v1/health.pb-c.h"
#include "yimen/wire/v1/wire.pb-c.h"

/* ---- The wire protocol (docs/protocol.md) ---------------------------------------------- */

/* Frame 0 of every client <-> gateway message. */
static const char CLIENT_TAG[4] = {'Y', 'M', 'C', '1'};

/* Frame 1: the command byte. */
enum {
  CMD_CALL = 0x01,      /* [tag][0x01][call id][part]...   both ways */
  CMD_CANCEL = 0x02,    /* [tag][0x02][call id]            client -> gateway */
  CMD_HEARTBEAT = 0x03, /* [tag][0x03] -> ; <- [tag][0x03][gateway instance id] */
};

/* The first byte of every call-part frame. */
enum {
  PART_HEADERS = 0x01, /* request: RequestHeaders; response: ResponseHeaders */
  PART_MESSAGE = 0x02, /* one serialized message of the method */
  PART_END = 0x03,     /* end of the request stream; no body; requests only */
  PART_STATUS = 0x04,  /* Status; always the last part of a response */
};

/* Clients send HEARTBEAT this often; a gateway silent for 3 intervals is gone. */
#define HEARTBEAT_INTERVAL_MS 1000
#define HEARTBEAT_LIVENESS 3

/* This program makes one call per socket, so any id will do; real clients use a counter. */
#define CALL_ID UINT64_C(1)

/* Messages with more frames than this are drained and rejected. */
#define MAX_FRAMES 64

/* How long the socket may keep trying to deliver a final CANCEL when it is closed. */
#define CANCEL_LINGER_MS 200

/* gRPC status codes. */
enum {
  CODE_OK = 0,
  CODE_CANCELLED = 1,
  CODE_UNKNOWN = 2,
  CODE_DEADLINE_EXCEEDED = 4,
  CODE_INTERNAL = 13,
  CODE_UNAVAILABLE = 14,
};

#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130
#define EXIT_FOR_CODE(code) (64 + (code))

static const char *const CODE_NAMES[17] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

/* ---- Small helpers ---------------------------------------------------------------------- */

static int verbose = 0;
static volatile sig_atomic_t interrupted = 0;

static void on_signal(int signo) {
  (void)signo;
  interrupted = 1;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Prints text that came off the network with control characters replaced. */
static void fput_sanitized(FILE *out, const char *text) {
  for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
    fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
  }
}

static void hexdump(const char *direction, int index, const void *data, size_t size) {
  const unsigned char *bytes = data;
  fprintf(stderr, "  %s frame %d (%zu bytes):", direction, index, size);
  for (size_t i = 0; i < size && i < 48; i++) fprintf(stderr, " %02x", bytes[i]);
  if (size > 48) fprintf(stderr, " ...");
  fputc('\n', stderr);
}

static int warnings = 0;

/* A message from the gateway that this program cannot use: reported, then ignored. */
static void warn_ignored(const char *format, ...) {
  if (++warnings > 10) {
    if (warnings == 11) fprintf(stderr, "warning: further warnings suppressed\n");
    return;
  }
  va_list args;
  va_start(args, format);
  fprintf(stderr, "warning: ignoring a message from the gateway: ");
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
}

static void put_id(unsigned char out[8], uint64_t id) {
  for (int i = 7; i >= 0; i--) {
    out[i] = (unsigned char)(id & 0xff);
    id >>= 8;
  }
}

static uint64_t get_id(const unsigned char in[8]) {
  uint64_t id = 0;
  for (int i = 0; i < 8; i++) id = id << 8 | in[i];
  return id;
}

/* ---- Sending ---------------------------------------------------------------------------- */

/* Sends one multi-frame message without blocking. Returns 0, or -1 with errno set. */
static int send_frames(void *socket, int count, const void *const data[], const size_t size[]) {
  for (int i = 0; i < count; i++) {
    int flags = ZMQ_DONTWAIT | (i + 1 < count ? ZMQ_SNDMORE : 0);
    if (verbose) hexdump("sent", i, data[i], size[i]);
    int rc;
    do {
      rc = zmq_send(socket, data[i], size[i], flags);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) return -1;
  }
  return 0;
}

/* [YMC1][0x03]: asks the gateway for its instance id. */
static int send_heartbeat(void *socket) {
  const unsigned char command = CMD_HEARTBEAT;
  const void *data[] = {CLIENT_TAG, &command};
  const size_t size[] = {sizeof CLIENT_TAG, 1};
  return send_frames(socket, 2, data, size);
}

/* [YMC1][0x02][call id]: abandons the call. */
static int send_cancel(void *socket, uint64_t id) {
  const unsigned char command = CMD_CANCEL;
  unsigned char id_bytes[8];
  put_id(id_bytes, id);
  const void *data[] = {CLIENT_TAG, &command, id_bytes};
  const size_t size[] = {sizeof CLIENT_TAG, 1, sizeof id_bytes};
  return send_frames(socket, 3, data, size);
}

/* A part frame holding a protobuf message: the kind byte, then the serialized message. */
static unsigned char *pack_part(unsigned char kind, const ProtobufCMessage *message, size_t *size) {
  size_t body = protobuf_c_message_get_packed_size(message);
  unsigned char *frame = malloc(1 + body);
  if (!frame) return NULL;
  frame[0] = kind;
  protobuf_c_message_pack(message, frame + 1);
  *size = 1 + body;
  return frame;
}

/*
 * The whole request of a call whose client sends a single message (unary or server streaming),
 * in one ZeroMQ message: [YMC1][0x01][call id][headers][message][end].
 */
static int send_request(void *socket, uint64_t id, const char *method, uint64_t timeout_micros,
                        const char *service) {
  Yimen__Wire__V1__RequestHeaders headers = YIMEN__WIRE__V1__REQUEST_HEADERS__INIT;
  headers.method = (char *)method;
  headers.timeout_micros = timeout_micros; /* 0: no deadline */
  Grpc__Health__V1__HealthCheckRequest request = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
  request.service = (char *)service;

  size_t headers_size = 0, message_size = 0;
  unsigned char *headers_part = pack_part(PART_HEADERS, &headers.base, &headers_size);
  unsigned char *message_part = pack_part(PART_MESSAGE, &request.base, &message_size);
  int rc = -1;
  if (headers_part && message_part) {
    const unsigned char command = CMD_CALL, end_part = PART_END;
    unsigned char id_bytes[8];
    put_id(id_bytes, id);
    const void *data[] = {CLIENT_TAG, &command, id_bytes, headers_part, message_part, &end_part};
    const size_t size[] = {sizeof CLIENT_TAG, 1, sizeof id_bytes, headers_size, message_size, 1};
    rc = send_frames(socket, 6, data, size);
  } else {
    errno = ENOMEM;
  }
  free(headers_part);
  free(message_part);
  return rc;
}

/* ---- Receiving -------------------------------------------------------------------------- */

typedef struct {
  zmq_msg_t frames[MAX_FRAMES];
  int count;     /* frames kept */
  int truncated; /* the message had more than MAX_FRAMES frames */
} message_t;

static const unsigned char *frame_data(message_t *m, int i) { return zmq_msg_data(&m->frames[i]); }
static size_t frame_size(message_t *m, int i) { return zmq_msg_size(&m->frames[i]); }

static void message_close(message_t *m) {
  for (int i = 0; i < m->count; i++) zmq_msg_close(&m->frames[i]);
  m->count = 0;
}

/*
 * Receives one whole message if one is waiting. Returns 1 when it did, 0 when none is waiting,
 * -1 on an error (errno set). ZeroMQ delivers the frames of a message together, so once the
 * first has arrived the rest can be read without waiting.
 */
static int receive_message(void *socket, message_t *m) {
  m->count = 0;
  m->truncated = 0;
  for (;;) {
    zmq_msg_t frame;
    zmq_msg_init(&frame);
    int rc;
    do {
      rc = zmq_msg_recv(&frame, socket, m->count == 0 && !m->truncated ? ZMQ_DONTWAIT : 0);
    } while (rc < 0 && errno == EINTR && (m->count > 0 || m->truncated));
    if (rc < 0) {
      int error = errno;
      zmq_msg_close(&frame);
      message_close(m);
      errno = error;
      return error == EAGAIN ? 0 : -1;
    }
    int more = zmq_msg_more(&frame);
    if (m->count < MAX_FRAMES) {
      if (verbose) hexdump("received", m->count, zmq_msg_data(&frame), zmq_msg_size(&frame));
      m->frames[m->count++] = frame;
    } else {
      m->truncated = 1;
      zmq_msg_close(&frame);
    }
    if (!more) return 1;
  }
}

/* ---- The call --------------------------------------------------------------------------- */

typedef enum { MODE_CHECK, MODE_WATCH } call_mode;

typedef struct {
  call_mode mode;
  uint64_t id;
  long count;       /* watch: stop after this many messages */
  int got_headers;  /* a headers part arrived */
  long messages;    /* message parts that arrived */
  int last_status;  /* the serving status of the last message */
  int done;         /* the call is over */
  int exit_code;    /* what to exit with once done */
  int cancel;       /* the gateway may still hold the call: send CANCEL before exiting */
  char *gateway_id; /* from the first heartbeat reply */
  int heard;        /* anything at all came from the gateway */
} call_t;

static const char *serving_status_name(int status, char *buffer, size_t size) {
  switch (status) {
  case GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__UNKNOWN: return "UNKNOWN";
  case GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING: return "SERVING";
  case GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING: return "NOT_SERVING";
  case GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN: return "SERVICE_UNKNOWN";
  default: snprintf(buffer, size, "UNRECOGNIZED(%d)", status); return buffer;
  }
}

/* Ends the call with an error status, printed the way grpcurl does. */
static void fail(call_t *call, int code, const char *format, ...) {
  fprintf(stderr, "error: %s: ", code >= 0 && code <= 16 ? CODE_NAMES[code] : "UNKNOWN");
  va_list args;
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputc('\n', stderr);
  call->done = 1;
  call->exit_code = EXIT_FOR_CODE(code >= 1 && code <= 16 ? code : CODE_UNKNOWN);
}

/* The gateway broke the protocol on our call: end it as INTERNAL, as gRPC does. */
static void fail_malformed(call_t *call, const char *what) {
  fail(call, CODE_INTERNAL, "malformed response from gateway: %s", what);
  call->cancel = 1;
}

static void handle_status(call_t *call, const unsigned char *body, size_t size, int parts_after) {
  Yimen__Wire__V1__Status *status = yimen__wire__v1__status__unpack(NULL, size, body);
  if (!status) {
    fail_malformed(call, "status part is not a yimen.wire.v1.Status message");
    return;
  }
  if (parts_after > 0) warn_ignored("%d part(s) after the status part", parts_after);
  call->cancel = 0; /* the gateway has finished the call */
  call->done = 1;

  if (status->code != CODE_OK) {
    int code = status->code >= 1 && status->code <= 16 ? status->code : CODE_UNKNOWN;
    fprintf(stderr, "error: %s: ", CODE_NAMES[code]);
    fput_sanitized(stderr, status->message);
    if (code != status->code) fprintf(stderr, " (status code %" PRId32 ")", status->code);
    fputc('\n', stderr);
    for (size_t i = 0; i < status->n_trailers; i++) {
      const Yimen__Wire__V1__MetadataEntry *trailer = status->trailers[i];
      if (trailer->key && strcmp(trailer->key, "grpc-status-details-bin") == 0 &&
          trailer->value_case == YIMEN__WIRE__V1__METADATA_ENTRY__VALUE_BINARY) {
        fprintf(stderr, "error details: a google.rpc.Status of %zu bytes in grpc-status-details-bin\n",
                trailer->binary.len);
      }
    }
    call->exit_code = EXIT_FOR_CODE(code);
  } else if (call->mode == MODE_CHECK) {
    if (call->messages != 1) {
      fail(call, CODE_INTERNAL, "malformed response from gateway: status OK without a response message");
      yimen__wire__v1__status__free_unpacked(status, NULL);
      return;
    }
    char buffer[32];
    printf("status: %s\n", serving_status_name(call->last_status, buffer, sizeof buffer));
    call->exit_code = EXIT_SUCCESS;
  } else {
    fprintf(stderr, "note: the gateway ended the watch with OK after %ld of %ld message(s)\n",
            call->messages, call->count);
    call->exit_code = EXIT_SUCCESS;
  }
  yimen__wire__v1__status__free_unpacked(status, NULL);
}

/* The parts of one CALL message for our call, in order (frames 3...). */
static void handle_parts(call_t *call, message_t *m) {
  for (int i = 3; i < m->count && !call->done; i++) {
    const unsigned char *part = frame_data(m, i);
    size_t size = frame_size(m, i);
    if (size == 0) {
      fail_malformed(call, "empty part frame");
      return;
    }
    const unsigned char *body = part + 1;
    size_t body_size = size - 1;
    switch (part[0]) {
    case PART_HEADERS: {
      if (call->got_headers || call->messages > 0) {
        fail_malformed(call, "headers part after the first part");
        return;
      }
      Yimen__Wire__V1__ResponseHeaders *headers =
          yimen__wire__v1__response_headers__unpack(NULL, body_size, body);
      if (!headers) {
        fail_malformed(call, "headers part is not a yimen.wire.v1.ResponseHeaders message");
        return;
      }
      yimen__wire__v1__response_headers__free_unpacked(headers, NULL);
      call->got_headers = 1;
      break;
    }
    case PART_MESSAGE: {
      if (!call->got_headers) {
        fail_malformed(call, "message part before the headers part");
        return;
      }
      if (call->mode == MODE_CHECK && call->messages > 0) {
        fail_malformed(call, "more than one response message for a unary call");
        return;
      }
      Grpc__Health__V1__HealthCheckResponse *response =
          grpc__health__v1__health_check_response__unpack(NULL, body_size, body);
      if (!response) {
        fail_malformed(call, "message part is not a grpc.health.v1.HealthCheckResponse");
        return;
      }
      call->last_status = (int)response->status;
      call->messages++;
      grpc__health__v1__health_check_response__free_unpacked(response, NULL);
      if (call->mode == MODE_WATCH) {
        char buffer[32];
        printf("status: %s\n", serving_status_name(call->last_status, buffer, sizeof buffer));
        fflush(stdout);
        if (call->messages >= call->count) {
          /* Enough: abandon the stream. The gateway sends no status after a CANCEL. */
          call->done = 1;
          call->cancel = 1;
          call->exit_code = EXIT_SUCCESS;
          return;
        }
      }
      break;
    }
    case PART_STATUS:
      handle_status(call, body, body_size, m->count - i - 1);
      return;
    case PART_END:
      fail_malformed(call, "end-of-stream part in a response");
      return;
    default: {
      char what[64];
      snprintf(what, sizeof what, "unknown part kind 0x%02x", part[0]);
      fail_malformed(call, what);
      return;
    }
    }
  }
}

/* One message from the gateway. Anything that is not for us, or not understood, is ignored. */
static void handle_message(call_t *call, message_t *m) {
  if (m->truncated) {
    warn_ignored("more than %d frames", MAX_FRAMES);
    return;
  }
  if (m->count < 2) {
    warn_ignored("%d frame(s); every message has a tag and a command", m->count);
    return;
  }
  if (frame_size(m, 0) != sizeof CLIENT_TAG || memcmp(frame_data(m, 0), CLIENT_TAG, sizeof CLIENT_TAG) != 0) {
    warn_ignored("unknown protocol tag (expected YMC1)");
    return;
  }
  if (frame_size(m, 1) != 1) {
    warn_ignored("command frame of %zu bytes", frame_size(m, 1));
    return;
  }
  call->heard = 1;
  switch (frame_data(m, 1)[0]) {
  case CMD_HEARTBEAT: {
    if (m->count > 3) {
      warn_ignored("HEARTBEAT with %d frames", m->count);
      return;
    }
    if (m->count < 3) return; /* no gateway id: nothing to compare */
    size_t size = frame_size(m, 2);
    char *id = malloc(size + 1);
    if (!id) return;
    memcpy(id, frame_data(m, 2), size);
    id[size] = '\0';
    if (!call->gateway_id) {
      call->gateway_id = id;
      if (verbose) {
        fprintf(stderr, "gateway instance: ");
        fput_sanitized(stderr, id);
        fputc('\n', stderr);
      }
    } else if (strcmp(call->gateway_id, id) != 0) {
      /* The gateway restarted: every call opened before is lost. Retrying is the caller's job. */
      fprintf(stderr, "error: UNAVAILABLE: the gateway restarted (instance ");
      fput_sanitized(stderr, call->gateway_id);
      fprintf(stderr, ", now ");
      fput_sanitized(stderr, id);
      fprintf(stderr, "); the call was lost\n");
      call->done = 1;
      call->exit_code = EXIT_FOR_CODE(CODE_UNAVAILABLE);
      free(id);
    } else {
      free(id);
    }
    return;
  }
  case CMD_CALL: {
    if (m->count < 3 || frame_size(m, 2) != 8) {
      warn_ignored("CALL without an 8-byte call id");
      return;
    }
    uint64_t id = get_id(frame_data(m, 2));
    if (id != call->id) {
      warn_ignored("CALL for call id %" PRIu64 ", which is not open", id);
      return;
    }
    if (m->count < 4) {
      warn_ignored("CALL without parts");
      return;
    }
    handle_parts(call, m);
    return;
  }
  default:
    warn_ignored("unknown command 0x%02x", frame_data(m, 1)[0]);
    return;
  }
}

/* ---- Command line ----------------------------------------------------------------------- */

static void usage(FILE *out) {
  fprintf(out,
          "usage: yimen_health_client [options] check [SERVICE]\n"
          "       yimen_health_client [options] watch [SERVICE] [--count N]\n"
          "\n"
          "Calls grpc.health.v1.Health on a Yimen gateway. SERVICE defaults to \"\" (the gateway).\n"
          "\n"
          "options:\n"
          "  --gateway ENDPOINT  the gateway's client endpoint (default: $YIMEN_GATEWAY,\n"
          "                      else tcp://127.0.0.1:5555)\n"
          "  --timeout-ms N      the call's deadline in milliseconds (default 5000; 0: none)\n"
          "  --count N           watch: stop after N status messages (default 1)\n"
          "  -v, --verbose       print every frame sent and received, in hex, to stderr\n");
}

static int parse_number(const char *text, unsigned long long max, unsigned long long *out) {
  if (!text || !*text || *text == '-' || *text == '+') return -1;
  char *end = NULL;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || value > max) return -1;
  *out = value;
  return 0;
}

int main(int argc, char **argv) {
  const char *gateway = getenv("YIMEN_GATEWAY");
  if (!gateway || !*gateway) gateway = "tcp://127.0.0.1:5555";
  unsigned long long timeout_ms = 5000, count = 1;
  int count_given = 0;
  const char *positional[2] = {NULL, NULL};
  int positionals = 0;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *value = NULL;
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      usage(stdout);
      return EXIT_SUCCESS;
    } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
      verbose = 1;
    } else if (strcmp(arg, "--gateway") == 0 || strcmp(arg, "--timeout-ms") == 0 || strcmp(arg, "--count") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "yimen_health_client: %s needs a value\n", arg);
        return EXIT_USAGE;
      }
      value = argv[++i];
      if (strcmp(arg, "--gateway") == 0) {
        gateway = value;
      } else if (strcmp(arg, "--timeout-ms") == 0) {
        /* The deadline travels in microseconds; keep it well inside 64 bits. */
        if (parse_number(value, UINT64_C(1) << 40, &timeout_ms) != 0) {
          fprintf(stderr, "yimen_health_client: --timeout-ms needs a number of milliseconds, got \"%s\"\n", value);
          return EXIT_USAGE;
        }
      } else {
        if (parse_number(value, 1000000000, &count) != 0 || count == 0) {
          fprintf(stderr, "yimen_health_client: --count needs a positive number, got \"%s\"\n", value);
          return EXIT_USAGE;
        }
        count_given = 1;
      }
    } else if (strcmp(arg, "--") == 0) {
      for (i++; i < argc; i++) {
        if (positionals == 2) {
          usage(stderr);
          return EXIT_USAGE;
        }
        positional[positionals++] = argv[i];
      }
    } else if (arg[0] == '-' && arg[1] != '\0') {
      fprintf(stderr, "yimen_health_client: unknown option %s\n", arg);
      usage(stderr);
      return EXIT_USAGE;
    } else {
      if (positionals == 2) {
        usage(stderr);
        return EXIT_USAGE;
      }
      positional[positionals++] = arg;
    }
  }

  call_t call = {.id = CALL_ID, .count = (long)count};
  if (positionals >= 1 && strcmp(positional[0], "check") == 0) {
    call.mode = MODE_CHECK;
    if (count_given) {
      fprintf(stderr, "yimen_health_client: --count is for watch\n");
      return EXIT_USAGE;
    }
  } else if (positionals >= 1 && strcmp(positional[0], "watch") == 0) {
    call.mode = MODE_WATCH;
  } else {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *service = positionals == 2 ? positional[1] : "";
  const char *method = call.mode == MODE_CHECK ? "/grpc.health.v1.Health/Check" : "/grpc.health.v1.Health/Watch";

  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);

  /* A DEALER, never REQ: the gateway's ROUTER sees [routing id][tag][command]..., no empty frame. */
  void *context = zmq_ctx_new();
  void *socket = context ? zmq_socket(context, ZMQ_DEALER) : NULL;
  if (!socket) {
    fprintf(stderr, "yimen_health_client: cannot create a ZeroMQ socket: %s\n", zmq_strerror(errno));
    if (context) zmq_ctx_term(context);
    return EXIT_FAILURE;
  }
  int linger = 0; /* never wait for undelivered messages at exit */
  zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
  if (zmq_connect(socket, gateway) != 0) {
    fprintf(stderr, "yimen_health_client: cannot connect to %s: %s\n", gateway, zmq_strerror(errno));
    zmq_close(socket);
    zmq_ctx_term(context);
    return EXIT_USAGE;
  }

  const int64_t start = now_ms();
  const int64_t deadline = timeout_ms > 0 ? start + (int64_t)timeout_ms : INT64_MAX;
  int64_t last_heard = start;
  int64_t next_heartbeat = start + HEARTBEAT_INTERVAL_MS;

  /*
   * A HEARTBEAT first: its answer names the gateway instance, and a later answer naming another
   * instance means the gateway restarted and lost the call. Then the whole request at once.
   */
  if (send_heartbeat(socket) != 0 ||
      send_request(socket, call.id, method, (uint64_t)timeout_ms * 1000, service) != 0) {
    fail(&call, CODE_UNAVAILABLE, "cannot send to gateway %s: %s", gateway, zmq_strerror(errno));
  }

  message_t message;
  while (!call.done) {
    int64_t now = now_ms();
    if (interrupted) {
      fprintf(stderr, "interrupted; cancelling the call\n");
      call.done = 1;
      call.cancel = 1;
      call.exit_code = EXIT_INTERRUPTED;
      break;
    }
    if (now >= deadline) {
      if (call.messages > 0) {
        fail(&call, CODE_DEADLINE_EXCEEDED, "deadline of %llu ms passed after %ld of %ld message(s)",
             timeout_ms, call.messages, call.count);
      } else {
        fail(&call, CODE_DEADLINE_EXCEEDED, "no answer from gateway within %llu ms", timeout_ms);
      }
      call.cancel = 1;
      break;
    }
    if (now - last_heard >= HEARTBEAT_INTERVAL_MS * HEARTBEAT_LIVENESS) {
      /* Silence. Once heard from, a silent gateway is gone; never heard from, the deadline
         decides, unless there is none. */
      if (call.heard) {
        fail(&call, CODE_UNAVAILABLE, "the gateway stopped answering (silent for %d ms)",
             HEARTBEAT_INTERVAL_MS * HEARTBEAT_LIVENESS);
        break;
      } else if (deadline == INT64_MAX) {
        fail(&call, CODE_UNAVAILABLE, "no answer from gateway %s within %d ms", gateway,
             HEARTBEAT_INTERVAL_MS * HEARTBEAT_LIVENESS);
        break;
      }
    }
    if (now >= next_heartbeat) {
      if (send_heartbeat(socket) != 0 && errno != EAGAIN) {
        fail(&call, CODE_UNAVAILABLE, "cannot send to gateway %s: %s", gateway, zmq_strerror(errno));
        break;
      }
      next_heartbeat = now + HEARTBEAT_INTERVAL_MS;
    }

    int64_t wake = next_heartbeat < deadline ? next_heartbeat : deadline;
    if (!call.heard || deadline == INT64_MAX) {
      int64_t silence = last_heard + HEARTBEAT_INTERVAL_MS * HEARTBEAT_LIVENESS;
      if (silence < wake) wake = silence;
    }
    long wait = wake > now ? (long)(wake - now) : 0;

    zmq_pollitem_t items[] = {{socket, 0, ZMQ_POLLIN, 0}};
    int ready = zmq_poll(items, 1, wait);
    if (ready < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "yimen_health_client: zmq_poll: %s\n", zmq_strerror(errno));
      call.done = 1;
      call.exit_code = EXIT_FAILURE;
      break;
    }
    if (ready == 0) continue;

    /* Everything that has arrived, one message at a time. */
    while (!call.done) {
      int got = receive_message(socket, &message);
      if (got < 0) {
        if (errno == EINTR) break;
        fprintf(stderr, "yimen_health_client: zmq_msg_recv: %s\n", zmq_strerror(errno));
        call.done = 1;
        call.exit_code = EXIT_FAILURE;
        break;
      }
      if (got == 0) break;
      last_heard = now_ms();
      handle_message(&call, &message);
      message_close(&message);
    }
  }

  if (call.cancel) {
    /* Tell the gateway to stop the call, and give that CANCEL a bounded moment to leave. */
    if (send_cancel(socket, call.id) == 0) {
      linger = CANCEL_LINGER_MS;
      zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    }
  }
  free(call.gateway_id);
  zmq_close(socket);
  zmq_ctx_term(context);
  return call.exit_code;
}
