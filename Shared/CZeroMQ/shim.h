#ifndef YIMEN_CZEROMQ_SHIM_H
#define YIMEN_CZEROMQ_SHIM_H
#include <zmq.h>
// Glibc's Swift module does not export eventfd; the socket loop uses it as its wake-up fd.
#include <sys/eventfd.h>
#include <errno.h>
#endif
