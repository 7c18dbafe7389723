// The physical limit for the benchmark: plain libzmq, no Swift, no protocol.
//
// One process, three threads, each with its own context (so each has its own libzmq I/O
// thread, as three processes would):
//
//   client DEALER --tcp--> ROUTER [broker] ROUTER <--tcp-- worker DEALER (echoes)
//
// The client keeps `inflight` requests outstanding; each request is two frames, an 8-byte send
// time and a `size`-byte payload. The broker forwards [client id][frames] to the worker as
// [worker id][client id][frames] and back; the worker returns every frame unchanged.
//
// Usage: raw_echo [--seconds N] [--warmup N] [--inflight N] [--size N]
// Prints one line: RESULT raw-zmq <calls> <seconds> <p50 ns> <p99 ns> <errors>
#include <zmq.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int stopping = 0;
static char front_endpoint[256];
static char back_endpoint[256];

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "raw_echo: %s: %s\n", what, zmq_strerror(zmq_errno()));
  exit(1);
}

static void set_int(void *socket, int option, int value) {
  if (zmq_setsockopt(socket, option, &value, sizeof value) != 0) die("zmq_setsockopt");
}

// Moves one whole multipart message from `from` to `to`, optionally dropping its first frame
// and/or prefixing a frame. Returns 0 when nothing was waiting.
static int forward(void *from, void *to, const void *prefix, size_t prefix_size, int drop_first) {
  zmq_msg_t message;
  zmq_msg_init(&message);
  if (zmq_msg_recv(&message, from, ZMQ_DONTWAIT) < 0) {
    zmq_msg_close(&message);
    return 0;
  }
  if (prefix) {
    if (zmq_send(to, prefix, prefix_size, ZMQ_SNDMORE) < 0) die("broker send prefix");
  }
  int first = 1;
  for (;;) {
    int more = zmq_msg_more(&message);
    if (first && drop_first) {
      zmq_msg_close(&message);
    } else if (zmq_msg_send(&message, to, more ? ZMQ_SNDMORE : 0) < 0) {
      die("broker forward");
    }
    first = 0;
    if (!more) break;
    zmq_msg_init(&message);
    if (zmq_msg_recv(&message, from, 0) < 0) die("broker recv more");
  }
  return 1;
}

// The broker: a ROUTER for the client and a ROUTER for the worker, like the Yimen gateway.
static void *broker_main(void *ready_flag) {
  void *context = zmq_ctx_new();
  void *front = zmq_socket(context, ZMQ_ROUTER);
  void *back = zmq_socket(context, ZMQ_ROUTER);
  set_int(front, ZMQ_LINGER, 0);
  set_int(back, ZMQ_LINGER, 0);
  set_int(front, ZMQ_SNDHWM, 100000);
  set_int(front, ZMQ_RCVHWM, 100000);
  set_int(back, ZMQ_SNDHWM, 100000);
  set_int(back, ZMQ_RCVHWM, 100000);
  set_int(front, ZMQ_ROUTER_MANDATORY, 1);
  set_int(back, ZMQ_ROUTER_MANDATORY, 1);
  if (zmq_bind(front, "tcp://127.0.0.1:*") != 0) die("bind front");
  if (zmq_bind(back, "tcp://127.0.0.1:*") != 0) die("bind back");
  size_t size = sizeof front_endpoint;
  zmq_getsockopt(front, ZMQ_LAST_ENDPOINT, front_endpoint, &size);
  size = sizeof back_endpoint;
  zmq_getsockopt(back, ZMQ_LAST_ENDPOINT, back_endpoint, &size);
  atomic_store((atomic_int *)ready_flag, 1);

  // The worker announces itself with [worker id]["READY"].
  unsigned char worker_id[256];
  int worker_id_size = -1;
  zmq_pollitem_t items[2] = {{front, 0, ZMQ_POLLIN, 0}, {back, 0, ZMQ_POLLIN, 0}};
  while (!atomic_load(&stopping)) {
    int ready = zmq_poll(worker_id_size < 0 ? &items[1] : items, worker_id_size < 0 ? 1 : 2, 100);
    if (ready < 0) break;
    if (worker_id_size < 0) {
      if (!(items[1].revents & ZMQ_POLLIN)) continue;
      worker_id_size = zmq_recv(back, worker_id, sizeof worker_id, 0);
      char word[16];
      zmq_recv(back, word, sizeof word, 0);
      continue;
    }
    // Bounded batches, like the gateway's.
    if (items[0].revents & ZMQ_POLLIN)
      for (int i = 0; i < 512 && forward(front, back, worker_id, (size_t)worker_id_size, 0); i++) {}
    if (items[1].revents & ZMQ_POLLIN)
      for (int i = 0; i < 512 && forward(back, front, NULL, 0, 1); i++) {}
  }
  zmq_close(front);
  zmq_close(back);
  zmq_ctx_term(context);
  return NULL;
}

// The worker: returns every message unchanged (the first frame is the client's identity).
static void *worker_main(void *unused) {
  (void)unused;
  void *context = zmq_ctx_new();
  void *socket = zmq_socket(context, ZMQ_DEALER);
  set_int(socket, ZMQ_LINGER, 0);
  set_int(socket, ZMQ_SNDHWM, 100000);
  set_int(socket, ZMQ_RCVHWM, 100000);
  if (zmq_connect(socket, back_endpoint) != 0) die("worker connect");
  zmq_send(socket, "READY", 5, 0);
  zmq_pollitem_t item = {socket, 0, ZMQ_POLLIN, 0};
  while (!atomic_load(&stopping)) {
    if (zmq_poll(&item, 1, 100) <= 0) continue;
    for (int i = 0; i < 512; i++) {
      zmq_msg_t message;
      zmq_msg_init(&message);
      if (zmq_msg_recv(&message, socket, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&message);
        break;
      }
      for (;;) {
        int more = zmq_msg_more(&message);
        if (zmq_msg_send(&message, socket, more ? ZMQ_SNDMORE : 0) < 0) die("worker send");
        if (!more) break;
        zmq_msg_init(&message);
        if (zmq_msg_recv(&message, socket, 0) < 0) die("worker recv more");
      }
    }
  }
  zmq_close(socket);
  zmq_ctx_term(context);
  return NULL;
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  double seconds = 5, warmup = 1;
  int inflight = 64, size = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--inflight")) inflight = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
    else { fprintf(stderr, "raw_echo: unknown option %s\n", argv[i]); return 2; }
  }
  // Never outlive the run by much, whatever happens.
  alarm((unsigned)(seconds + warmup) + 30);

  atomic_int broker_ready = 0;
  pthread_t broker, worker;
  pthread_create(&broker, NULL, broker_main, &broker_ready);
  while (!atomic_load(&broker_ready)) usleep(1000);
  pthread_create(&worker, NULL, worker_main, NULL);

  void *context = zmq_ctx_new();
  void *socket = zmq_socket(context, ZMQ_DEALER);
  set_int(socket, ZMQ_LINGER, 0);
  set_int(socket, ZMQ_SNDHWM, 100000);
  set_int(socket, ZMQ_RCVHWM, 100000);
  if (zmq_connect(socket, front_endpoint) != 0) die("client connect");

  unsigned char *payload = calloc((size_t)size, 1);
  for (int i = 0; i < size; i++) payload[i] = (unsigned char)('a' + i % 26);
  // Requests sent before the worker registered wait in the broker's front queue; the warm-up
  // absorbs that.

  size_t capacity = 1 << 20, count = 0;
  uint64_t *latencies = malloc(capacity * sizeof *latencies);
  uint64_t errors = 0;
  uint64_t start = now_ns();
  uint64_t measure_from = start + (uint64_t)(warmup * 1e9);
  uint64_t measure_until = measure_from + (uint64_t)(seconds * 1e9);
  int outstanding = 0;
  for (int i = 0; i < inflight; i++) {
    uint64_t t = now_ns();
    zmq_send(socket, &t, sizeof t, ZMQ_SNDMORE);
    zmq_send(socket, payload, (size_t)size, 0);
    outstanding++;
  }
  unsigned char buffer[65536];
  while (outstanding > 0) {
    zmq_pollitem_t item = {socket, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&item, 1, 2000) <= 0) { errors += (uint64_t)outstanding; break; }  // lost replies
    for (;;) {
      uint64_t sent;
      int n = zmq_recv(socket, &sent, sizeof sent, ZMQ_DONTWAIT);
      if (n < 0) break;
      int more = 0;
      size_t more_size = sizeof more;
      zmq_getsockopt(socket, ZMQ_RCVMORE, &more, &more_size);
      int body = more ? zmq_recv(socket, buffer, sizeof buffer, 0) : -1;
      if (n != sizeof sent || body != size) errors++;
      outstanding--;
      uint64_t now = now_ns();
      if (now >= measure_from && now < measure_until) {
        if (count == capacity) {
          capacity *= 2;
          latencies = realloc(latencies, capacity * sizeof *latencies);
        }
        latencies[count++] = now - sent;
      }
      if (now < measure_until) {
        zmq_send(socket, &now, sizeof now, ZMQ_SNDMORE);
        zmq_send(socket, payload, (size_t)size, 0);
        outstanding++;
      }
    }
  }
  atomic_store(&stopping, 1);
  pthread_join(worker, NULL);
  pthread_join(broker, NULL);
  zmq_close(socket);
  zmq_ctx_term(context);

  qsort(latencies, count, sizeof *latencies, compare_u64);
  uint64_t p50 = count ? latencies[(size_t)((count - 1) * 0.50)] : 0;
  uint64_t p99 = count ? latencies[(size_t)((count - 1) * 0.99)] : 0;
  printf("RESULT raw-zmq %zu %.3f %llu %llu %llu\n", count, seconds, (unsigned long long)p50,
         (unsigned long long)p99, (unsigned long long)errors);
  free(latencies);
  free(payload);
  return errors ? 1 : 0;
}
